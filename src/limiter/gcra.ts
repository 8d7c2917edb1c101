/**
 * The generic cell rate algorithm for one budget: `rate` accepted calls per
 * second, a burst of at most one second's worth (`rate` calls at once).
 *
 * Instead of an absolute "theoretical arrival time" it keeps the backlog
 * (TAT - now), in ticks of 1/(1000·rate) s, so that one call costs one integer
 * step whatever the rate and the numbers never grow with uptime.
 */
export class Gcra {
  /** TAT − now, in ticks; one accepted call adds 1000 ticks (1/rate s). */
  private backlog = 0;
  private lastMs: number;

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
    this.backlog = (this.backlog / this.rateValue) * rate;
    this.rateValue = rate;
  }

  admit(nowMs: number): boolean {
    if (nowMs > this.lastMs) {
      this.backlog = Math.max(0, this.backlog - (nowMs - this.lastMs) * this.rateValue);
      this.lastMs = nowMs;
    }
    // A call fits while the backlog leaves room for it within one second's burst.
    if (this.backlog > (this.rateValue - 1) * 1000) return false;
    this.backlog += 1000;
    return true;
  }
}
