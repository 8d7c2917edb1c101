/**
 * The one clock of the service. Every time-dependent decision (mute expiry,
 * UserSig validity, the rate limiter, leases) reads it, so tests can move time
 * without sleeping. Production never calls `setClock`.
 */
let source: () => number = () => Date.now();
/** Resolves once the clock reads `targetMs` or later (a timer in production). */
let sleeper: (targetMs: number) => Promise<void> = realSleep;

function realSleep(targetMs: number): Promise<void> {
  const ms = targetMs - Date.now();
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

export const clock = {
  nowMs: (): number => source(),
  /** Unix seconds, as Tencent's wire fields count time. */
  nowSeconds: (): number => Math.floor(source() / 1000),
  /** Waits until the clock reads `targetMs` (at once when it already does). */
  sleepUntil: (targetMs: number): Promise<void> => sleeper(targetMs),
};

/**
 * Replaces the time source (tests only), and how a wait on it passes (by
 * default at once: a test moves its clock itself); `null` restores the real clock.
 */
export function setClock(nowMs: (() => number) | null, sleep?: (targetMs: number) => Promise<void>): void {
  source = nowMs ?? (() => Date.now());
  sleeper = nowMs === null ? realSleep : (sleep ?? (() => Promise.resolve()));
}
