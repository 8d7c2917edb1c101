import { serverNow } from "./api";

/** A mute that never ends by itself. */
export const PERMANENT = 4294967295;

interface Tick {
  el: HTMLElement;
  until: number;
  onEnd: () => void;
}

/** One timer for every countdown on the page, on the service's clock; 4 ticks a second, so an end shows on time. */
const ticks = new Set<Tick>();
let timer: ReturnType<typeof setInterval> | undefined;

/** "45s", "2m 05s", "1h 02m 03s", "3d 04h": the time left, in its two largest units. */
function formatLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${pad(Math.floor(s / 60) % 60)}m ${pad(s % 60)}s`;
  return `${Math.floor(s / 86400)}d ${pad(Math.floor(s / 3600) % 24)}h`;
}

function render(tick: Tick, now: number): void {
  const left = tick.until - now;
  if (left > 0) {
    tick.el.textContent = formatLeft(left);
    return;
  }
  ticks.delete(tick);
  tick.onEnd();
}

function run(): void {
  const now = serverNow();
  for (const tick of ticks) render(tick, now);
  if (ticks.size === 0) {
    clearInterval(timer);
    timer = undefined;
  }
}

/**
 * Shows in `el` the time left until `until` (Unix seconds), every second, and
 * calls `onEnd` once it is up (at once if it is up already). A permanent mute
 * shows "permanent" and never ends. Answers a function that stops it.
 */
export function countdown(el: HTMLElement, until: number, onEnd: () => void): () => void {
  if (until >= PERMANENT) {
    el.textContent = "permanent";
    return () => {};
  }
  const tick: Tick = { el, until, onEnd };
  ticks.add(tick);
  render(tick, serverNow());
  if (ticks.has(tick) && timer === undefined) timer = setInterval(run, 250);
  return () => ticks.delete(tick);
}
