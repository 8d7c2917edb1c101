import { clock } from "../clock";

/**
 * The object's single alarm, kept at the earliest finite mute expiry. The armed
 * time is cached so that a write which does not change the earliest expiry
 * costs no alarm operation.
 */
export class ExpiryAlarm {
  /** Milliseconds of the armed alarm, null when none; loaded once when the object starts. */
  private armedAt: number | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(): Promise<void> {
    this.armedAt = await this.storage.getAlarm();
  }

  /**
   * Keeps the alarm at `atSeconds` (Unix s), or removes it when nothing is due
   * ever. An expiry already past with an alarm pending leaves that alarm alone:
   * the pending run will sweep it, and a failing sweep keeps its retry backoff
   * instead of being fired again by every write.
   */
  arm(atSeconds: number | null): void {
    if (atSeconds !== null && this.armedAt !== null && atSeconds * 1000 <= clock.nowMs()) return;
    this.armAtMs(atSeconds === null ? null : atSeconds * 1000);
  }

  /** Arms at a precise instant; the sweep uses it to re-run at once while work remains. */
  armAtMs(at: number | null): void {
    if (at === this.armedAt) return;
    this.armedAt = at;
    // Not awaited: the output gate holds the caller's answer until the write is durable.
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }

  /** The runtime deletes an alarm when it fires. */
  fired(): void {
    this.armedAt = null;
  }
}
