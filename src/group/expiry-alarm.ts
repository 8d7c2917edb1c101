import { clock } from "../clock";

/**
 * The object's single alarm. It is kept no later than the earliest finite mute
 * expiry, not exactly at it: a mute only ever pulls the alarm earlier, and
 * unmuting or extending a mute leaves it where it is. The alarm may then fire
 * with nothing due; that run re-arms at the exact next expiry. So a mute costs
 * no query for the next expiry and, for the usual mute that ends after the
 * armed time, no alarm write either. Reads never depend on the alarm: they
 * compare with the clock.
 */
export class ExpiryAlarm {
  /** Milliseconds of the armed alarm, null when none; loaded once when the object starts. */
  private armedAt: number | null = null;
  /** True while a failed sweep waits for its retry: mutes must not cut the backoff short. */
  private retrying = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(): Promise<void> {
    this.armedAt = await this.storage.getAlarm();
  }

  /** A mute until `atSeconds` (Unix s): the alarm must fire no later than that. */
  noLaterThan(atSeconds: number): void {
    if (this.retrying) return;
    if (this.armedAt === null || atSeconds * 1000 < this.armedAt) this.set(atSeconds * 1000);
  }

  /** After a sweep: exactly at the next expiry (`atSeconds`), or no alarm when nothing will be due. */
  arm(atSeconds: number | null): void {
    this.retrying = false;
    this.set(atSeconds === null ? null : atSeconds * 1000);
  }

  /** After a sweep that stopped at its batch size (so no retry is pending, see fired()): run again `afterMs` from now. */
  again(afterMs: number): void {
    this.set(clock.nowMs() + afterMs);
  }

  /** After a failed sweep: retry at `atMs`, whatever mutes come meanwhile. */
  retryAt(atMs: number): void {
    this.retrying = true;
    this.set(atMs);
  }

  /**
   * The runtime deletes an alarm when it fires. A pending retry is consumed by
   * the run, which either arms again or retries again: whatever happens to
   * it, later mutes must never find the alarm held back by a retry that is gone.
   */
  fired(): void {
    this.armedAt = null;
    this.retrying = false;
  }

  private set(at: number | null): void {
    if (at === this.armedAt) return;
    this.armedAt = at;
    // Not awaited: the output gate holds the caller's answer until the write is durable.
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }
}
