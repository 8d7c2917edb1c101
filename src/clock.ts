/**
 * The one clock of the service. Every time-dependent decision (mute expiry,
 * UserSig validity, the rate limiter) reads it, so tests can move time without
 * sleeping. Production never calls `setClock`.
 */
let source: () => number = () => Date.now();

export const clock = {
  nowMs: (): number => source(),
  /** Unix seconds, as Tencent's wire fields count time. */
  nowSeconds: (): number => Math.floor(source() / 1000),
};

/** Replaces the time source (tests only); `null` restores the real clock. */
export function setClock(nowMs: (() => number) | null): void {
  source = nowMs ?? (() => Date.now());
}
