/**
 * At most `rate` calls a second of one command to one endpoint, evenly spaced:
 * each call takes the next free slot, 1000 / rate ms after the one before, so
 * that even a burst of concurrent calls never goes past the rate in any second
 * (Tencent's limit is 200 a second per command, with no burst allowance).
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class Pacer {
  /** The next free slot of each command (ms). */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly rate: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Waits for `command`'s next slot. */
  async take(command: string): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next.get(command) ?? now);
    this.next.set(command, at + 1000 / this.rate);
    if (at > now) await this.clock.sleep(at - now);
  }
}
