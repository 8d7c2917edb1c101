import { clock } from "../clock";
import { HISTORY_DAYS, type HistoryPage, MAX_LADDER_STEPS } from "../contract/group-rpc";
import type { DueWork } from "../scheduler/scheduler";

/** The kind under which the schedule keeps history pruning. */
export const HISTORY_PRUNE = "history-prune";

/** A group keeps at least its last 10,000 history entries, or HISTORY_DAYS of them, whichever is more. */
const KEEP_ENTRIES = 10_000;
const KEEP_SECONDS = HISTORY_DAYS * 86_400;
/** Rows one run deletes (or, of history_accounts, looks at) at most: the prune only cleans up. */
const PRUNE_BATCH = 1000;
/** How often a group with enough history to prune is looked at. */
export const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;
/** The prune's cursor once the history is done and history_accounts is being looked through. */
const ACCOUNTS_CURSOR = "accounts:";

/** The Mute times kept per account (history_accounts.mute_times), newest first, 10 digits each. */
const MUTES_KEPT = MAX_LADDER_STEPS - 1;
const TIME_DIGITS = 10;

/** One change as a history row: its entries ([account, MutedUntil, Reason], or accounts alone with the two beside). */
export interface HistoryRecord {
  time: number;
  action: string;
  topic: string;
  operator: string;
  /** JSON text: an array of [account, MutedUntil, Reason], or (a mute) of accounts sharing the two below. */
  entries: string;
  mutedUntil?: number;
  reason?: string;
}

/** An entry's account in SQL: json_each's `atom` for an account alone, the array's first item otherwise. */
const ENTRY_ACCOUNT = "coalesce(e.atom, e.value ->> 0)";

/**
 * Writes one history row, and for each account it names the account's row of
 * history_accounts: the number of this entry (the newest) and, for a Mute, its
 * time among the account's last MUTES_KEPT. The row keeps, per entry, the
 * number of the same account's entry before (`prevs`, 0 for none), so one
 * account's entries are a chain, read newest first without a scan. Costs one
 * insert, and one upsert per account named; mute-all rows name none.
 */
export function recordHistory(sql: SqlStorage, r: HistoryRecord): void {
  const { base } = sql
    .exec<{ base: number }>(
      `INSERT INTO mute_history (time, action, topic, operator, entries, n, total, muted_until, reason, prevs)
       VALUES (?1, ?2, ?3, ?4, ?5, json_array_length(?5),
         json_array_length(?5) + coalesce((SELECT total FROM mute_history ORDER BY total DESC LIMIT 1), 0), ?6, ?7,
         (SELECT json_group_array(coalesce(a.last, 0) ORDER BY e.key)
          FROM json_each(?5) e LEFT JOIN history_accounts a ON a.account = ${ENTRY_ACCOUNT}))
       RETURNING total - n AS base`,
      r.time,
      r.action,
      r.topic,
      r.operator,
      r.entries,
      r.mutedUntil ?? 0,
      r.reason ?? "",
    )
    .one();
  sql.exec(
    // "WHERE" lets SQLite parse an upsert whose source is a SELECT; a mute-all entry names no account.
    `INSERT INTO history_accounts (account, last, mute_times)
       SELECT ${ENTRY_ACCOUNT}, ?2 + e.key + 1, ?3 FROM json_each(?1) e WHERE ${ENTRY_ACCOUNT} <> ''
     ON CONFLICT (account) DO UPDATE SET last = excluded.last,
       mute_times = substr(excluded.mute_times || mute_times, 1, ${MUTES_KEPT * TIME_DIGITS})`,
    r.entries,
    base,
    r.action === "Mute" ? String(r.time).padStart(TIME_DIGITS, "0") : "",
  );
}

/**
 * Schema version 11: the history keyed by its entries' running count (`total`,
 * the rowid), so that a row costs one b-tree write and no index entry. Copied
 * in order; the index on total goes with the old table.
 */
export const HISTORY_BY_TOTAL_MIGRATION = `
  CREATE TABLE mute_history_v11 (
    total INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    action TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL,
    entries TEXT NOT NULL,
    n INTEGER NOT NULL,
    muted_until INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    prevs TEXT NOT NULL DEFAULT '[]'
  );
  INSERT INTO mute_history_v11 (total, time, action, topic, operator, entries, n, muted_until, reason, prevs)
    SELECT total, time, action, topic, operator, entries, n, muted_until, reason, prevs FROM mute_history ORDER BY id;
  DROP TABLE mute_history;
  ALTER TABLE mute_history_v11 RENAME TO mute_history;
`;

/**
 * Schema version 9 (GROUP_MIGRATIONS): prevs, history_accounts and the index on
 * total, built from the rows there, oldest first. A trigger, for this migration
 * only, does recordHistory's upsert for each row once its prevs are in. As
 * shipped: never edited.
 */
export const HISTORY_CHAINS_MIGRATION = `
  ALTER TABLE mute_history ADD COLUMN prevs TEXT NOT NULL DEFAULT '[]';
  CREATE INDEX mute_history_by_total ON mute_history (total);
  CREATE TABLE history_accounts (
    account TEXT PRIMARY KEY,
    last INTEGER NOT NULL,
    mute_times TEXT NOT NULL DEFAULT ''
  ) WITHOUT ROWID;
  CREATE TRIGGER history_accounts_v9 AFTER UPDATE OF prevs ON mute_history BEGIN
    INSERT INTO history_accounts (account, last, mute_times)
      SELECT coalesce(e.atom, e.value ->> 0), NEW.total - NEW.n + e.key + 1,
        CASE NEW.action WHEN 'Mute' THEN printf('%010d', NEW.time) ELSE '' END
      FROM json_each(NEW.entries) e WHERE coalesce(e.atom, e.value ->> 0) <> ''
    ON CONFLICT (account) DO UPDATE SET last = excluded.last,
      mute_times = substr(excluded.mute_times || mute_times, 1, 190);
  END;
  UPDATE mute_history SET prevs = (
    SELECT json_group_array(coalesce(a.last, 0) ORDER BY e.key)
    FROM json_each(mute_history.entries) e LEFT JOIN history_accounts a ON a.account = coalesce(e.atom, e.value ->> 0));
  DROP TRIGGER history_accounts_v9;
`;

type HistoryRow = {
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

/** An entry found by its number: its row's fields, the entry (JSON text), the number of its account's one before. */
type EntryRow = {
  time: number;
  action: string;
  topic: string;
  operator: string;
  muted_until: number;
  reason: string;
  entry: string;
  prev: number | null;
};

/** Rows read at a time while a page fills. */
const ROWS_A_READ = 64;

/** An entry as HistoryList shows it. */
function shownEntry(
  r: { time: number; action: string; topic: string; operator: string; muted_until: number; reason: string },
  e: string | [string, number, string],
): Record<string, unknown> {
  const [who, until, reason] = typeof e === "string" ? [e, r.muted_until, r.reason] : e;
  return {
    Time: r.time,
    Action: r.action,
    Member_Account: who,
    Operator_Account: r.operator,
    MutedUntil: until,
    Reason: reason,
    ...(r.topic === "" ? {} : { TopicId: r.topic }),
  };
}

/**
 * Reads and prunes the group's mute history (rows written by recordHistory). A
 * row holds all the entries of one change, so a 500-account mute is one row;
 * entries are numbered in the order written (a row's are total - n + 1 ..
 * total, found by its key, total), and a page's Next is the number of its
 * last entry. What a call reads is bounded by its page or its accounts, never
 * by the history's length.
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
           ORDER BY total DESC LIMIT 1`,
        )
        .toArray()[0]?.time ?? 0
    );
  }

  /** Entries newest first, of one account or all, numbered below `before` (null: from the newest). */
  page(account: string | null, before: number | null, limit: number): HistoryPage {
    return account === null ? this.wholePage(before, limit) : this.accountPage(account, before, limit);
  }

  /** All entries: rows from the one holding entry `before` - 1 down, read a few at a time. */
  private wholePage(before: number | null, limit: number): HistoryPage {
    const shown: Record<string, unknown>[] = [];
    let last = 0;
    let more = false;
    let below = before ?? Number.MAX_SAFE_INTEGER;
    scan: while (true) {
      const rows = this.sql
        .exec<HistoryRow>(
          `SELECT * FROM mute_history WHERE total - n + 1 < ?1
             AND total <= coalesce((SELECT total FROM mute_history WHERE total >= ?1 - 1 ORDER BY total LIMIT 1), ?2)
           ORDER BY total DESC LIMIT ?3`,
          below,
          Number.MAX_SAFE_INTEGER,
          ROWS_A_READ,
        )
        .toArray();
      for (const r of rows) {
        const entries = JSON.parse(r.entries) as (string | [string, number, string])[];
        for (let k = entries.length - 1; k >= 0; k--) {
          const number = r.total - r.n + 1 + k;
          if (number >= below) continue;
          if (shown.length === limit) {
            more = true;
            break scan;
          }
          shown.push(shownEntry(r, entries[k]!));
          last = number;
        }
        below = r.total - r.n + 1;
      }
      if (rows.length < ROWS_A_READ) break;
    }
    return { entriesJson: JSON.stringify(shown), next: more ? String(last) : "" };
  }

  /** One account's entries: its chain, from its newest entry (or the one before `before`) back. */
  private accountPage(account: string, before: number | null, limit: number): HistoryPage {
    const shown: Record<string, unknown>[] = [];
    let last = 0;
    let more = false;
    let number = before === null ? this.newestOf(account) : this.before(account, before);
    while (number > 0) {
      const e = this.entry(number);
      if (e === null) break;
      if (shown.length === limit) {
        more = true;
        break;
      }
      shown.push(shownEntry(e, JSON.parse(e.entry) as string | [string, number, string]));
      last = number;
      number = e.prev ?? 0;
    }
    return { entriesJson: JSON.stringify(shown), next: more ? String(last) : "" };
  }

  /** The number of `account`'s newest entry; 0 for none. */
  private newestOf(account: string): number {
    return (
      this.sql.exec<{ last: number }>(`SELECT last FROM history_accounts WHERE account = ?`, account).toArray()[0]
        ?.last ?? 0
    );
  }

  /**
   * The number of `account`'s newest entry below `before`; 0 for none. A Next
   * this answered is the number of one of the account's entries: the one
   * before is in its row. Any other number is looked for along the chain from
   * the newest (the account's entries from there, at most).
   */
  private before(account: string, before: number): number {
    const at = this.entry(before);
    if (at !== null && accountOf(at.entry) === account) return at.prev ?? 0;
    // Below the oldest entry kept, there is none.
    const oldest = this.sql
      .exec<{ first: number }>(`SELECT total - n + 1 AS first FROM mute_history ORDER BY total LIMIT 1`)
      .toArray()[0]?.first;
    if (oldest === undefined || before <= oldest) return 0;
    let number = this.newestOf(account);
    while (number >= before) number = this.entry(number)?.prev ?? 0;
    return number;
  }

  /** Entry `number` (null when there is none: pruned, or past the newest), by its row's key, total. */
  private entry(number: number): EntryRow | null {
    const row = this.sql
      .exec<EntryRow & { first: number }>(
        // The index into a row's arrays cast: a number bound from JS may be a real, which -> takes for a key.
        `SELECT time, action, topic, operator, muted_until, reason, total - n + 1 AS first,
           entries -> CAST(?1 - total + n - 1 AS INTEGER) AS entry,
           prevs ->> CAST(?1 - total + n - 1 AS INTEGER) AS prev
         FROM mute_history WHERE total >= ?1 ORDER BY total LIMIT 1`,
        number,
      )
      .toArray()[0];
    return row === undefined || row.first > number || row.entry === null ? null : row;
  }

  /**
   * How many Mute entries each of `accounts` (JSON) has since `since` (Unix s),
   * up to MUTES_KEPT: what Escalate counts (a ladder's last step is reached at
   * MUTES_KEPT). One row of history_accounts per account.
   */
  muteCounts(accounts: string, since: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of this.sql.exec<{ account: string; mute_times: string }>(
      `SELECT account, mute_times FROM history_accounts WHERE account IN (SELECT value FROM json_each(?))`,
      accounts,
    )) {
      let n = 0;
      for (let at = 0; at < row.mute_times.length; at += TIME_DIGITS) {
        if (Number(row.mute_times.slice(at, at + TIME_DIGITS)) > since) n++;
      }
      counts.set(row.account, n);
    }
    return counts;
  }

  /** Deletes at most PRUNE_BATCH rows past both bounds; answers how many. */
  prune(now: number): number {
    const total = this.newestTotal();
    return this.sql.exec(
      `DELETE FROM mute_history WHERE total IN (
         SELECT total FROM mute_history WHERE total <= ? AND time < ? ORDER BY total LIMIT ?)`,
      total - KEEP_ENTRIES,
      now - KEEP_SECONDS,
      PRUNE_BATCH,
    ).rowsWritten;
  }

  /**
   * Looks at PRUNE_BATCH rows of history_accounts after `after` (in account
   * order) and deletes those whose entries are all pruned: their Mute times too
   * are past any decayDays. Answers the account to go on after, or null at the end.
   */
  pruneAccounts(after: string): string | null {
    const seen = this.sql
      .exec<{ n: number; upTo: string | null }>(
        `SELECT count(*) AS n, max(account) AS upTo FROM (
           SELECT account FROM history_accounts WHERE account > ? ORDER BY account LIMIT ?)`,
        after,
        PRUNE_BATCH,
      )
      .one();
    if (seen.n === 0) return null;
    this.sql.exec(
      `DELETE FROM history_accounts WHERE account > ?1 AND account <= ?2
         AND last < coalesce((SELECT total - n + 1 FROM mute_history ORDER BY total LIMIT 1), ?3)`,
      after,
      seen.upTo,
      Number.MAX_SAFE_INTEGER,
    );
    return seen.n === PRUNE_BATCH ? seen.upTo : null;
  }

  /** Whether the history has ever held more than KEEP_ENTRIES entries: only then may pruning remove any. */
  prunable(): boolean {
    return this.newestTotal() > KEEP_ENTRIES;
  }

  /** The number of the newest entry: one seek to the end of the table. */
  private newestTotal(): number {
    const row = this.sql
      .exec<{ total: number }>(`SELECT total FROM mute_history ORDER BY total DESC LIMIT 1`)
      .toArray()[0];
    return row?.total ?? 0;
  }
}

/** The account of an entry's JSON text (an account alone, or [account, MutedUntil, Reason]). */
function accountOf(entry: string): string {
  const e = JSON.parse(entry) as string | [string, number, string];
  return typeof e === "string" ? e : e[0];
}

/**
 * The alarm's share: prunes the history past its bounds, a batch a run, then
 * (if that removed any) the accounts left without entries; and looks again a day later.
 */
export function historyPrune(history: MuteHistory): DueWork {
  return {
    kind: HISTORY_PRUNE,
    run: (nowMs, cursor) => {
      let after = "";
      if (!cursor.startsWith(ACCOUNTS_CURSOR)) {
        const removed = history.prune(Math.floor(nowMs / 1000));
        // "more": this pass removed rows in an earlier run.
        if (removed === PRUNE_BATCH) return "more";
        if (removed === 0 && cursor !== "more") return null;
      } else {
        after = cursor.slice(ACCOUNTS_CURSOR.length);
      }
      const next = history.pruneAccounts(after);
      return next === null ? null : ACCOUNTS_CURSOR + next;
    },
    nextDue: () => (history.prunable() ? clock.nowMs() + PRUNE_EVERY_MS : null),
  };
}
