import { clock } from "../clock";
import type { HistoryPage } from "../contract/group-rpc";
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

type HistoryRow = {
  id: number;
  time: number;
  action: string;
  topic: string;
  operator: string;
  /** JSON: [account, MutedUntil, Reason] per entry, or the account alone (then the two columns below). */
  entries: string;
  n: number;
  total: number;
  muted_until: number;
  reason: string;
};

/** Rows read at a time while a page fills. */
const ROWS_A_READ = 64;

/**
 * Reads and prunes the group's mute history (rows written by MuteEvents). A
 * row holds all the entries of one change, so a 500-account mute is one row;
 * entries are numbered in the order written (a row's are total - n + 1 ..
 * total), and a page's Next is the number of its last entry.
 */
export class MuteHistory {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * When the group's newest MuteAll or UnmuteAll was recorded (Unix s), 0 for
   * never. A scan from the newest row: only the quiet-hours alarm asks.
   */
  lastMuteAllSwitch(): number {
    return (
      this.sql
        .exec<{ time: number }>(
          `SELECT time FROM mute_history WHERE action IN ('MuteAll', 'UnmuteAll') AND topic = ''
           ORDER BY id DESC LIMIT 1`,
        )
        .toArray()[0]?.time ?? 0
    );
  }

  /** Entries newest first, of one account or all, numbered below `before` (null: from the newest). */
  page(account: string | null, before: number | null, limit: number): HistoryPage {
    const shown: Record<string, unknown>[] = [];
    let last = 0;
    let more = false;
    let below = before ?? Number.MAX_SAFE_INTEGER;
    // An account's entries are found among the rows that name it (a text search first, then the entries).
    const needle = account === null ? null : JSON.stringify(account);
    scan: while (true) {
      const rows = this.sql
        .exec<HistoryRow>(
          `SELECT * FROM mute_history WHERE total - n + 1 < ?1 AND (?2 IS NULL OR instr(entries, ?2) > 0)
           ORDER BY id DESC LIMIT ?3`,
          below,
          needle,
          ROWS_A_READ,
        )
        .toArray();
      for (const r of rows) {
        const entries = JSON.parse(r.entries) as (string | [string, number, string])[];
        for (let k = entries.length - 1; k >= 0; k--) {
          const number = r.total - r.n + 1 + k;
          const e = entries[k]!;
          const [who, until, reason] = typeof e === "string" ? [e, r.muted_until, r.reason] : e;
          if (number >= below || (account !== null && who !== account)) continue;
          if (shown.length === limit) {
            more = true;
            break scan;
          }
          shown.push({
            Time: r.time,
            Action: r.action,
            Member_Account: who,
            Operator_Account: r.operator,
            MutedUntil: until,
            Reason: reason,
            ...(r.topic === "" ? {} : { TopicId: r.topic }),
          });
          last = number;
        }
        below = r.total - r.n + 1;
      }
      if (rows.length < ROWS_A_READ) break;
    }
    return { entriesJson: JSON.stringify(shown), next: more ? String(last) : "" };
  }

  /**
   * How many Mute entries each of `accounts` (JSON) has since `since` (Unix s):
   * what Escalate counts. Reads the rows of the window that name them.
   */
  muteCounts(accounts: string, since: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of this.sql.exec<{ account: string; n: number }>(
      `SELECT e.value AS account, count(*) AS n FROM mute_history h, json_each(h.entries) e
       WHERE h.action = 'Mute' AND h.time > ?2 AND e.value IN (SELECT value FROM json_each(?1))
       GROUP BY account`,
      accounts,
      since,
    )) {
      counts.set(row.account, row.n);
    }
    return counts;
  }

  /** Deletes at most PRUNE_BATCH rows past both bounds; answers whether more may be past them. */
  prune(now: number): boolean {
    const total = this.newestTotal();
    const removed = this.sql.exec(
      `DELETE FROM mute_history WHERE id IN (
         SELECT id FROM mute_history WHERE total <= ? AND time < ? ORDER BY id LIMIT ?)`,
      total - KEEP_ENTRIES,
      now - KEEP_SECONDS,
      PRUNE_BATCH,
    ).rowsWritten;
    return removed === PRUNE_BATCH;
  }

  /** Whether the history has ever held more than KEEP_ENTRIES entries: only then may pruning remove any. */
  prunable(): boolean {
    return this.newestTotal() > KEEP_ENTRIES;
  }

  /** The number of the newest entry: one seek to the end of the table. */
  private newestTotal(): number {
    const row = this.sql
      .exec<{ total: number }>(`SELECT total FROM mute_history ORDER BY id DESC LIMIT 1`)
      .toArray()[0];
    return row?.total ?? 0;
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
