import { clock } from "../clock";
import { log } from "../log";
import type { DueWork } from "../scheduler/scheduler";
import type { BanRow } from "./ban-store";
import type { GroupCore } from "./core";
import { HISTORY_PRUNE, type HistoryRecord, PRUNE_EVERY_MS, recordHistory } from "./mute-history";
import { GROUP_SCOPE } from "./mute-store";

/** The kind under which the schedule keeps the end of bans: the same one alarm as mutes. */
export const BAN_EXPIRY = "ban-expiry";

/** Bans one run removes at most: the sweep only cleans up (reads compare with the clock). */
const SWEEP_BATCH = 100;

/** A ban of `accounts` (JSON) until `until`: one row of the mute history (the Ban extension action). */
export function recordBans(g: GroupCore, operator: string, accounts: string, until: number, reason: string): void {
  record(g, {
    time: clock.nowSeconds(),
    action: "Ban",
    topic: GROUP_SCOPE,
    operator,
    entries: accounts,
    mutedUntil: until,
    reason,
  });
}

/**
 * Bans lifted: one row of the mute history (Unban), [account, until, reason]
 * each. A call's unban has its operator and until 0; an ended ban keeps its
 * end and has no operator, as a mute's Expire.
 */
export function recordUnbans(g: GroupCore, operator: string, rows: readonly BanRow[]): void {
  if (rows.length === 0) return;
  const entries = JSON.stringify(rows.map((r) => [r.account, operator === "" ? r.until : 0, r.reason]));
  record(g, { time: clock.nowSeconds(), action: "Unban", topic: GROUP_SCOPE, operator, entries });
}

/** In the caller's transaction; only a history long enough to prune gets a pruning, as for mutes (core.ts). */
function record(g: GroupCore, r: HistoryRecord): void {
  recordHistory(g.sql, r);
  if (g.muteHistory.prunable()) g.scheduler.dueBy(HISTORY_PRUNE, clock.nowMs() + PRUNE_EVERY_MS);
}

/**
 * Due at the earliest end of a ban: removes ended bans, a batch a run, each
 * recorded as an Unban without operator in the same transaction.
 */
export function banExpiry(g: GroupCore): DueWork {
  return {
    kind: BAN_EXPIRY,
    run(nowMs) {
      const ended = g.bans.sweepDue(Math.floor(nowMs / 1000), SWEEP_BATCH);
      recordUnbans(g, "", ended);
      log.event("ban_sweep", { group: g.groupId(), removed: ended.length });
      return ended.length === SWEEP_BATCH ? "more" : null;
    },
    nextDue() {
      const at = g.bans.earliestExpiry();
      return at === null ? null : at * 1000;
    },
  };
}
