import type { AccountsJson } from "../contract/group-rpc";
import { PERMANENT } from "../wire/mute-time";
import { AnswerCache } from "./answer-cache";

/** One account's mute: until when (Unix s). */
export type MuteRow = {
  account: string;
  until: number;
  /** Why (the Reason extension); "" when none was given. */
  reason: string;
};

/** The scope of the group itself, as opposed to one of its topics (a topic's scope is its TopicId). */
export const GROUP_SCOPE = "";

/**
 * The (scope, account → until) rows of one group: the scope is GROUP_SCOPE for
 * a mute in the group, or a TopicId for a mute in one topic. A row whose `until` is not after
 * `now` is already unmuted, whether or not the alarm has removed it yet: every
 * read filters by the clock, so correctness never waits on the alarm.
 * Bulk writes pass the accounts as one JSON parameter, so a 500-account call is
 * one statement, not 500.
 *
 * Mutes of concurrent calls may wait for the end of the turn (group commit, see
 * Scheduler.queueWrite); every read here runs `writeQueued` first, so a reader
 * always sees every write queued before it.
 */
export class MuteStore {
  /**
   * `dependents`: cached answers built from these rows too (member pages), cleared with the lists.
   */
  constructor(
    private readonly sql: SqlStorage,
    private readonly writeQueued: () => void,
    private readonly dependents: readonly { clear(): void }[] = [],
  ) {}

  /**
   * The muted list as last answered, by its entry names: valid until its first
   * entry runs out, or until a mute or unmute. The sweep removes only entries
   * already out of every list, so it needs to drop nothing.
   */
  private readonly lists = new AnswerCache();

  /** Forgets the cached answers: on every mute write, and for what replaces rows behind this store's back. */
  forgetLists(): void {
    this.lists.clear();
    for (const cache of this.dependents) cache.clear();
  }

  /** `accounts` is a JSON array of account strings, as SQLite's json_each reads it. */
  muteUntil(scope: string, accounts: AccountsJson, until: number, reason = ""): void {
    this.forgetLists();
    this.sql.exec(
      // "WHERE true" lets SQLite parse an upsert whose source is a SELECT.
      `INSERT INTO mutes (topic, account, until, reason) SELECT ?, value, ?, ? FROM json_each(?) WHERE true
       ON CONFLICT (topic, account) DO UPDATE SET until = excluded.until, reason = excluded.reason`,
      scope,
      until,
      reason,
      accounts,
    );
  }

  /** Answers the rows it removed, in account order (for the history and events of the change). */
  unmute(scope: string, accounts: AccountsJson): MuteRow[] {
    this.forgetLists();
    const removed = this.sql.exec<MuteRow>(
      `DELETE FROM mutes WHERE topic = ? AND account IN (SELECT value FROM json_each(?))
       RETURNING account, until, reason`,
      scope,
      accounts,
    );
    return removed.toArray().sort((a, b) => (a.account < b.account ? -1 : 1));
  }

  /** Those of `accounts` whose mute in `scope` ran out by `now` but whose row the sweep has not removed yet. */
  expiredAmong(scope: string, accounts: AccountsJson, now: number): MuteRow[] {
    return this.sql
      .exec<MuteRow>(
        `SELECT account, until, reason FROM mutes
         WHERE topic = ? AND account IN (SELECT value FROM json_each(?)) AND until <= ? ORDER BY account`,
        scope,
        accounts,
        now,
      )
      .toArray();
  }

  /** The mutes of `scope` that ran out by `now` but are not swept yet, in account order. */
  endedIn(scope: string, now: number): MuteRow[] {
    this.writeQueued();
    return this.sql
      .exec<MuteRow>(
        `SELECT account, until, reason FROM mutes WHERE topic = ? AND until <= ? ORDER BY account`,
        scope,
        now,
      )
      .toArray();
  }

  /** The mutes of `scope` in force at `now`, in account order. */
  activeIn(scope: string, now: number): MuteRow[] {
    this.writeQueued();
    return this.sql
      .exec<MuteRow>(
        `SELECT account, until, reason FROM mutes WHERE topic = ? AND until > ? ORDER BY account`,
        scope,
        now,
      )
      .toArray();
  }

  /** Removes every mute of one topic (destroy_topic). */
  removeScope(scope: string): void {
    this.writeQueued();
    this.forgetLists();
    this.sql.exec(`DELETE FROM mutes WHERE topic = ?`, scope);
  }

  /**
   * Accounts muted at `now`, in account order, as the UTF-8 JSON of the list
   * answered on the wire: `[{"<accountKey>": ..., "<untilKey>": ...}]`. SQLite
   * builds it, so that a long list costs one string, not one object per entry;
   * and it is kept until it changes, since building it was most of a list call's
   * cost (measured: 5 of 7 ms for 10,000 entries).
   */
  mutedJson(now: number, scope: string, accountKey: string, untilKey: string): Uint8Array {
    this.writeQueued();
    const key = `${scope}\n${accountKey}\n${untilKey}`;
    const kept = this.lists.get(key, now);
    if (kept !== null) return kept.json;
    const row = this.sql
      .exec<{ list: string; first: number | null }>(
        `SELECT json_group_array(
           CASE WHEN reason = '' THEN json_object(?1, account, ?2, until)
             ELSE json_object(?1, account, ?2, until, 'Reason', reason) END ORDER BY account) AS list,
           min(until) AS first
         FROM mutes WHERE topic = ?3 AND until > ?4`,
        accountKey,
        untilKey,
        scope,
        now,
      )
      .one();
    return this.lists.keep(key, row.list, row.first ?? Number.POSITIVE_INFINITY, 0);
  }

  /** Until when `account` is muted in `scope` at `now`; 0 when it is not. */
  untilOf(scope: string, account: string, now: number): number {
    return this.muteOf(scope, account, now)?.until ?? 0;
  }

  /** `account`'s mute in `scope` in force at `now`, or null. */
  muteOf(scope: string, account: string, now: number): MuteRow | null {
    this.writeQueued();
    const row = this.sql
      .exec<MuteRow>(
        `SELECT account, until, reason FROM mutes WHERE topic = ? AND account = ? AND until > ?`,
        scope,
        account,
        now,
      )
      .toArray()[0];
    return row ?? null;
  }

  /**
   * The earliest expiry that will ever fall due (permanent mutes never do), or
   * null. A scan of the group's mutes: only the alarm asks, once per run.
   */
  earliestExpiry(): number | null {
    this.writeQueued();
    const row = this.sql
      .exec<{ at: number | null }>(`SELECT MIN(until) AS at FROM mutes WHERE until < ?`, PERMANENT)
      .one();
    return row.at;
  }

  /**
   * Removes at most `limit` rows that are due at `now`, so that one alarm run
   * does bounded work, scanning in (scope, account) order from after `after`
   * (a cursor this method answered; "" is the start). Answers how many it
   * removed and, when it stopped at the limit (more may be due), the cursor to
   * resume after; null when it reached the end. Without an index on until the
   * due rows are found by scanning, and resuming where the last run stopped
   * keeps a sweep through a large group one pass, not a rescan of the
   * not-yet-due rows on every run; the mute path, which runs far more often
   * than the sweep, stays one primary-key write per account.
   */
  sweepDue(
    now: number,
    limit: number,
    after: string,
  ): { removed: number; rows: (MuteRow & { topic: string })[]; resumeAfter: string | null } {
    this.writeQueued();
    const [scope, account] = cursorOf(after);
    // The limit-th due row from the start point, in key order; none when fewer are due.
    const boundary = this.sql
      .exec<{ topic: string; account: string }>(
        `SELECT topic, account FROM mutes WHERE (topic, account) > (?, ?) AND until <= ?
         ORDER BY topic, account LIMIT 1 OFFSET ?`,
        scope,
        account,
        now,
        limit - 1,
      )
      .toArray()[0];
    // The removed rows come back for their history and events (RETURNING: no second read).
    const returning = "RETURNING topic, account, until, reason";
    const range = boundary === undefined ? "" : "AND (topic, account) <= (?, ?)";
    const bounds = boundary === undefined ? [] : [boundary.topic, boundary.account];
    const cursor = this.sql.exec<MuteRow & { topic: string }>(
      `DELETE FROM mutes WHERE (topic, account) > (?, ?) ${range} AND until <= ? ${returning}`,
      scope,
      account,
      ...bounds,
      now,
    );
    const rows = cursor.toArray().sort(compareKeys);
    return {
      removed: rows.length,
      rows,
      resumeAfter: boundary === undefined ? null : JSON.stringify([boundary.topic, boundary.account]),
    };
  }
}

/** A sweep cursor as sweepDue answers it; "" or anything unreadable is the start (a sweep then starts over). */
function cursorOf(after: string): [string, string] {
  try {
    const pair: unknown = JSON.parse(after);
    if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") return [pair[0], pair[1]];
  } catch {
    // The start, below.
  }
  return [GROUP_SCOPE, ""];
}

/** (topic, account) order, as the sweep walks the table. */
function compareKeys(a: { topic: string; account: string }, b: { topic: string; account: string }): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.account < b.account ? -1 : a.account > b.account ? 1 : 0;
}
