import { log } from "../log";
import type { DueWork } from "../scheduler/scheduler";
import { PERMANENT } from "../wire/mute-time";
import type { MuteEvents } from "./mute-events";
import type { MuteStore } from "./mute-store";

/** The kind under which the schedule keeps mute expiry. */
export const MUTE_EXPIRY = "mute-expiry";

/**
 * Rows one run may delete. Small on purpose: the sweep only cleans up (reads
 * compare with the clock), so what matters is how long its runs keep other
 * calls waiting, not how soon the last expired row is gone.
 */
export const SWEEP_BATCH = 100;

/**
 * Due at the earliest finite mute expiry: removes expired rows, a batch a run,
 * with their Expire records (history, and events when the app wants them) in
 * the same transaction.
 */
export function muteExpiry(mutes: MuteStore, events: MuteEvents, groupId: () => string): DueWork {
  return {
    kind: MUTE_EXPIRY,
    run(nowMs, cursor) {
      const { removed, rows, resumeAfter } = mutes.sweepDue(Math.floor(nowMs / 1000), SWEEP_BATCH, cursor);
      events.expired(rows);
      // One line per run: operators (and the benchmark) see the sweep progress and that it ends.
      log.event("mute_sweep", { group: groupId(), removed, more: resumeAfter !== null });
      return resumeAfter;
    },
    nextDue() {
      const at = mutes.earliestExpiry();
      return at === null ? null : at * 1000;
    },
  };
}

/** When a mute until `until` (Unix s) must be swept, or null for one that never expires. */
export const expiryOf = (until: number): number | null => (until === PERMANENT ? null : until * 1000);
