/**
 * The generic cell rate algorithm for one budget: `rate` accepted calls per
 * second, a burst of at most one second's worth (`rate` calls at once).
 *
 * Instead of an absolute "theoretical arrival time" it keeps the backlog
 * (TAT - now), in ticks of 1/(1000·rate) s, so that one call costs one integer
 * step whatever the rate and the numbers never grow with uptime.
 *
 * Calls are admitted here one by one (`admit`), or a Worker isolate takes a
 * lease of several at once (`lease`) and admits them itself, without asking
 * (docs/design.md, "Leases"). A leased token is charged when it is granted,
 * and while it may still be spent it also holds the refill back: the backlog
 * never drains below the tokens leased out. So the budget and the tokens in
 * isolates' hands together never exceed one burst, and every call admitted
 * anywhere fits the same GCRA as if this object had admitted it at the moment
 * it was spent: a lease can only leave budget unused, never spend it twice.
 */
export class Gcra {
  /** TAT − now, in ticks; one accepted call adds 1000 ticks (1/rate s). Never below `held` × 1000. */
  private backlog = 0;
  private lastMs: number;
  /** Tokens leased out that may still be spent (an upper bound: spends are reported late). */
  private held = 0;
  /** Each holder's lease, in the order they run out (a renewal moves one to the end). */
  private readonly leases = new Map<string, { tokens: number; untilMs: number }>();

  constructor(
    private rateValue: number,
    nowMs: number,
  ) {
    this.lastMs = nowMs;
  }

  get rate(): number {
    return this.rateValue;
  }

  /**
   * Changes the rate, keeping the time already owed: while a new configuration
   * rolls out, isolates with the old and the new rate must not hand each other
   * a full burst on every call.
   */
  retune(rate: number): void {
    this.backlog = Math.max(this.held * 1000, (this.backlog / this.rateValue) * rate);
    this.rateValue = rate;
  }

  admit(nowMs: number): boolean {
    this.advance(nowMs);
    // A call fits while the backlog leaves room for it within one second's burst.
    if (this.backlog > (this.rateValue - 1) * 1000) return false;
    this.backlog += 1000;
    return true;
  }

  /**
   * Renews `holder`'s lease: it still holds `unspent` tokens of it, and would
   * like `want` more. Grants what the budget has, up to `want`; the lease (the
   * unspent tokens and the new) may be spent until `ttlMs` from now. Answers
   * the tokens granted, and when none could be, in how many ms one will be.
   * (A token spent by the call that asked still holds the refill back until
   * the holder reports it: the call spends it only once the answer is back.)
   */
  lease(holder: string, unspent: number, want: number, ttlMs: number, nowMs: number): LeaseTerms {
    this.advance(nowMs);
    // Counts from the isolate: whole, finite, not negative (a NaN here would break the budget for good).
    const count = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
    unspent = count(unspent);
    want = count(want);
    const old = this.leases.get(holder);
    let kept = 0;
    if (old !== undefined) {
      // Spent tokens stop holding the refill back now: as if spent at the latest moment they could be.
      kept = Math.min(unspent, old.tokens);
      this.held -= old.tokens;
      this.leases.delete(holder);
    } else if (unspent > 0) {
      // A lease this object does not know (it restarted): charged now, so that it still counts.
      kept = Math.min(unspent, this.rateValue);
      this.backlog += kept * 1000;
    }
    const room = Math.floor((this.rateValue * 1000 - this.backlog) / 1000);
    const granted = Math.max(0, Math.min(want, room));
    this.backlog += granted * 1000;
    const held = kept + granted;
    if (held > 0) {
      this.leases.set(holder, { tokens: held, untilMs: this.lastMs + ttlMs });
      this.held += held;
    }
    return { granted, retryInMs: room - granted >= 1 ? 0 : this.nextTokenInMs() };
  }

  /** Tokens leased out that may still be spent at the last time seen. */
  get leased(): number {
    return this.held;
  }

  /**
   * Ms until one more token fits: the backlog's drain; at least 50 ms while leases hold the
   * whole burst back (their holders' reports free it, and nobody can tell when they come).
   */
  private nextTokenInMs(): number {
    const drain = Math.ceil((this.backlog - (this.rateValue - 1) * 1000) / this.rateValue);
    const heldBack = this.held * 1000 > (this.rateValue - 1) * 1000;
    return Math.max(1, drain, heldBack ? HELD_BACK_RETRY_MS : 0);
  }

  /** Drains the backlog to `nowMs`, stepping through the leases that ran out meanwhile. */
  private advance(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    for (const [holder, lease] of this.leases) {
      if (lease.untilMs > nowMs) break;
      this.drain(lease.untilMs);
      this.held -= lease.tokens;
      this.leases.delete(holder);
    }
    this.drain(nowMs);
  }

  private drain(toMs: number): void {
    if (toMs <= this.lastMs) return;
    this.backlog = Math.max(this.held * 1000, this.backlog - (toMs - this.lastMs) * this.rateValue);
    this.lastMs = toMs;
  }
}

/** The hint to a holder while leases hold the whole burst back. */
const HELD_BACK_RETRY_MS = 50;

/** What a lease renewal answers: tokens granted now; when none, in how many ms one will be (else 0). */
export interface LeaseTerms {
  granted: number;
  retryInMs: number;
}
