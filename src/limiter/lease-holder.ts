import type { LeaseGrant, LeaseRequest } from "../contract/app-rpc";

/** A lease is asked to last this long at the isolate's recent rate (the tokens it asks for). */
const HORIZON_MS = 500;
/** The next lease is asked for, off the call's path, once what is left would last this long. */
const LOW_MS = 250;
/** The holder stops spending a lease (and trusting a promise) this long before the app object's end. */
export const LEASE_MARGIN_MS = 50;
/** After a grant short of what was asked (the budget ran dry), the holder refuses alone at least this long. */
const DRY_GAP_MS = 50;
/** An isolate whose last two calls were further apart asks for no lease ahead: it would mostly run out unused. */
const IDLE_GAP_MS = 1500;

/** What one call's admission finds: a token spent, a refusal the holder knows of, or a renewal to wait for. */
export type Take = "admitted" | "refused" | "wait";

/**
 * One Worker isolate's lease of one app's budget for one command: the tokens
 * the app object granted it, spent here without a hop. It sizes each renewal to
 * its own recent rate (half a second's worth), asks for the next one while a
 * quarter of a second's worth is left, and while it is idle (calls more than
 * 1.5 s apart) asks for none ahead.
 * Synchronous and clock-free (every method takes the time), so that a test can
 * run many holders against one budget on a simulated clock; `Leases` sends
 * its renewals.
 */
export class LeaseHolder {
  private tokens = 0;
  /** Tokens spent since the last renewal was sent: the app object still counts them as held. */
  private unreported = 0;
  /** The tokens may be spent in [validFrom, validUntil): from the send of the renewal that granted them. */
  private validFrom = 0;
  private validUntil = 0;
  private promiseUntil = 0;
  /** With no tokens: the call is refused here until then (the app object said when one will be). */
  private refuseUntil = 0;
  private asked: { sentAt: number; want: number; spend: number; drops: number } | null = null;
  /** Promises dropped so far: a renewal sent before a drop brings none back. */
  private drops = 0;
  /** Calls in the current second and in the one before it: the recent rate. */
  private windowStart = Number.NEGATIVE_INFINITY;
  private current = 0;
  private previous = 0;
  private lastCall = Number.NEGATIVE_INFINITY;
  /** Between the last two calls, in ms (a holder's first call is taken for a busy isolate's). */
  private gap = 0;

  constructor(
    readonly id: string,
    /** A send_group_msg holder: asks for the promise that no app-wide mute is in force. */
    readonly wantsPromise = false,
  ) {}

  /** Counts one call (once per call, whatever its admission takes) for the recent rate. */
  count(nowMs: number): void {
    this.roll(nowMs);
    this.current += 1;
    if (this.lastCall !== Number.NEGATIVE_INFINITY) this.gap = nowMs - this.lastCall;
    this.lastCall = nowMs;
  }

  /** One call's admission: a token when one is valid; else refused while the app object has none; else wait. */
  take(nowMs: number): Take {
    if (this.tokens > 0 && this.valid(nowMs)) {
      this.tokens -= 1;
      this.unreported += 1;
      return "admitted";
    }
    return nowMs < this.refuseUntil ? "refused" : "wait";
  }

  /**
   * The renewal to send now, or null. `urgent`: a call that found no token
   * asks, and spends one of the grant at once (settle() says whether it got
   * one). Otherwise one goes ahead when the lease runs low or its promise ages,
   * unless the isolate is idle or the app object just said it is dry; and a
   * busy isolate's lease spent to its last token is reported at once (asking
   * for nothing), so that the app object stops holding its refill back for it.
   */
  renewal(nowMs: number, urgent: boolean): LeaseRequest | null {
    if (this.asked !== null) return null;
    const rate = this.rate(nowMs);
    if (!this.valid(nowMs)) this.tokens = 0;
    let asking = urgent;
    const idle = this.gap > IDLE_GAP_MS;
    if (!urgent && nowMs >= this.refuseUntil && !idle) {
      const low = this.tokens <= Math.ceil((rate * LOW_MS) / 1000);
      const aging = this.promiseUntil > 0 && this.promiseUntil - nowMs < HORIZON_MS;
      asking = low || aging;
    }
    // An idle isolate's spent token holds the refill back until its lease runs out: one token, 2 s.
    const spent = this.tokens === 0 && this.unreported > 0 && !idle;
    if (!asking && !spent) return null;
    const want = asking ? Math.max(1, Math.ceil((rate * HORIZON_MS) / 1000)) : 0;
    this.asked = { sentAt: nowMs, want, spend: urgent ? 1 : 0, drops: this.drops };
    this.unreported = 0;
    return { holder: this.id, unspent: this.tokens, want, promise: this.wantsPromise };
  }

  /**
   * The answer to the renewal in flight (null: it failed, and nothing changed).
   * True when the urgent call that asked got its token (spent already).
   */
  settle(grant: LeaseGrant | null): boolean {
    const asked = this.asked;
    this.asked = null;
    if (asked === null || grant === null) return false;
    // The unspent tokens (less those spent meanwhile) and the new ones: all valid from the send.
    // The urgent call's token: spent now, reported with the next renewal like any other.
    const spent = Math.min(asked.spend, grant.granted);
    this.tokens += grant.granted - spent;
    this.unreported += spent;
    this.validFrom = asked.sentAt;
    this.validUntil = asked.sentAt + grant.ttlMs - LEASE_MARGIN_MS;
    const promised = grant.promiseMs > 0 && asked.drops === this.drops;
    this.promiseUntil = promised ? asked.sentAt + grant.promiseMs - LEASE_MARGIN_MS : 0;
    // A report (want 0) leaves the refusal as it was.
    if (asked.want === 0) return false;
    const dry = grant.granted < asked.want;
    this.refuseUntil = dry ? asked.sentAt + Math.max(grant.retryInMs, grant.granted > 0 ? DRY_GAP_MS : 1) : 0;
    return spent === 1;
  }

  /** True while a send may skip its sender's app-wide mute (no mute in force, and setnospeaking waits for this). */
  promised(nowMs: number): boolean {
    return nowMs >= this.validFrom && nowMs < this.promiseUntil;
  }

  /** Forgets the promise: this isolate just set an app-wide mute, so its own next send reads it at once. */
  dropPromise(): void {
    this.promiseUntil = 0;
    this.drops += 1;
  }

  /** Whether a renewal is in flight. */
  get asking(): boolean {
    return this.asked !== null;
  }

  private valid(nowMs: number): boolean {
    // A clock that went back before the renewal's send trusts none of it.
    return nowMs >= this.validFrom && nowMs < this.validUntil;
  }

  /** Calls a second, over about the last second. */
  private rate(nowMs: number): number {
    this.roll(nowMs);
    const through = (nowMs - this.windowStart) / 1000;
    return this.previous * (1 - through) + this.current;
  }

  private roll(nowMs: number): void {
    if (nowMs < this.windowStart || nowMs - this.windowStart >= 2000) {
      this.previous = 0;
      this.current = 0;
      this.windowStart = nowMs;
    } else if (nowMs - this.windowStart >= 1000) {
      this.previous = this.current;
      this.current = 0;
      this.windowStart += 1000;
    }
  }
}
