import { clock } from "../clock";
import type { DueWork } from "../scheduler/scheduler";

/** The kind under which the schedule keeps history pruning. */
export const HISTORY_PRUNE = "history-prune";

/** A group keeps at least its last 10,000 history entries, or 90 days of them, whichever is more. */
const KEEP_ENTRIES = 10_000;
const KEEP_SECONDS = 90 * 86_400;
/** Rows one run deletes at most: the prune only cleans up. */
const PRUNE_BATCH = 1000;
/** How often a group with enough history to prune is looked at. */
export const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/** One page of get_group_mute_history. */
export interface HistoryPage {
  /** HistoryList's JSON text. */
  entriesJson: string;
  /** The Next of the following page, "" at the end. */
  next: string;
}

type HistoryRow = {
  id: number;
  time: number;
  action: string;
  topic: string;
  account: string;
  operator: string;
  muted_until: number;
  reason: string;
};

/** Reads and prunes the group's mute history (rows written by MuteEvents). */
export class MuteHistory {
  constructor(private readonly sql: SqlStorage) {}

  /** Entries newest first, of one account or all, before `before` (an id; null from the newest). */
  page(account: string | null, before: number | null, limit: number): HistoryPage {
    const rows = this.sql
      .exec<HistoryRow>(
        `SELECT * FROM mute_history WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR id < ?2)
         ORDER BY id DESC LIMIT ?3`,
        account,
        before,
        limit + 1,
      )
      .toArray();
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    return {
      entriesJson: JSON.stringify(
        shown.map((r) => ({
          Time: r.time,
          Action: r.action,
          Member_Account: r.account,
          Operator_Account: r.operator,
          MutedUntil: r.muted_until,
          Reason: r.reason,
          ...(r.topic === "" ? {} : { TopicId: r.topic }),
        })),
      ),
      next: more ? String(shown[shown.length - 1]!.id) : "",
    };
  }

  /** Deletes at most PRUNE_BATCH entries past both bounds; answers whether more are past them. */
  prune(now: number): boolean {
    const newest = this.sql.exec<{ id: number | null }>(`SELECT max(id) AS id FROM mute_history`).one().id ?? 0;
    const removed = this.sql.exec(
      `DELETE FROM mute_history WHERE id IN (
         SELECT id FROM mute_history WHERE id <= ? AND time < ? ORDER BY id LIMIT ?)`,
      newest - KEEP_ENTRIES,
      now - KEEP_SECONDS,
      PRUNE_BATCH,
    ).rowsWritten;
    return removed === PRUNE_BATCH;
  }

  /**
   * Whether the history may be long enough that pruning removes something: its
   * newest id (ids only grow, so never below the count) is past KEEP_ENTRIES.
   * One seek to the end of the table, cheap enough for every write.
   */
  prunable(): boolean {
    return (
      (this.sql.exec<{ id: number | null }>(`SELECT max(id) AS id FROM mute_history`).one().id ?? 0) > KEEP_ENTRIES
    );
  }
}

/** The alarm's share: prunes the history past its bounds, a batch a run, and looks again a day later. */
export function historyPrune(history: MuteHistory): DueWork {
  return {
    kind: HISTORY_PRUNE,
    run: (nowMs) => (history.prune(Math.floor(nowMs / 1000)) ? "more" : null),
    nextDue: () => (history.prunable() ? clock.nowMs() + PRUNE_EVERY_MS : null),
  };
}
