import type { AccountsJson } from "../contract/group-rpc";
import { PERMANENT } from "../wire/mute-time";

/** One account's ban: until when (Unix s), and the Description it was given. */
export type BanRow = { account: string; until: number; reason: string };

/** Rows one page of the list looks at, at most: expired rows not swept yet are passed over, boundedly. */
const PAGE_SCAN = 1000;

/**
 * The bans of one group (table `bans`): an account per row, numbered in the
 * order banned (`seq`, never reused: get_group_ban_member's Offset is a
 * position in that order, so a page starts with one seek). A row whose
 * `until` is not after `now` is no ban any more, whether or not the alarm has
 * removed it: every read compares with the clock.
 */
export class BanStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Bans `accounts` (JSON) until `until`; an account banned already keeps its place in the list. */
  ban(accounts: AccountsJson, until: number, reason: string): void {
    this.sql.exec(
      // "WHERE true" lets SQLite parse an upsert whose source is a SELECT.
      `INSERT INTO bans (account, until, reason) SELECT value, ?, ? FROM json_each(?) WHERE true
       ON CONFLICT (account) DO UPDATE SET until = excluded.until, reason = excluded.reason`,
      until,
      reason,
      accounts,
    );
  }

  /** Removes the rows of `accounts` (JSON), only those ended by `expiredBy` when given; answers them by account. */
  remove(accounts: AccountsJson, expiredBy: number | null = null): BanRow[] {
    return this.sql
      .exec<BanRow>(
        `DELETE FROM bans WHERE account IN (SELECT value FROM json_each(?)) AND (?2 IS NULL OR until <= ?2)
         RETURNING account, until, reason`,
        accounts,
        expiredBy,
      )
      .toArray()
      .sort(byAccount);
  }

  /** Until when `account` is banned at `now`; 0 when it is not. */
  untilOf(account: string, now: number): number {
    const row = this.sql
      .exec<{ until: number }>(`SELECT until FROM bans WHERE account = ? AND until > ?`, account, now)
      .toArray()[0];
    return row?.until ?? 0;
  }

  /** Those of `accounts` (JSON) banned at `now`. */
  bannedAmong(accounts: AccountsJson, now: number): Set<string> {
    const rows = this.sql.exec<{ account: string }>(
      `SELECT account FROM bans WHERE account IN (SELECT value FROM json_each(?)) AND until > ?`,
      accounts,
      now,
    );
    return new Set(Array.from(rows, (r) => r.account));
  }

  /**
   * The bans in force after position `after`, at most `limit`, in the order
   * banned, as the JSON of BannedAccountList; `next` is the position of the
   * last entry answered (or, when PAGE_SCAN rows held too few in force, of the
   * last row looked at), 0 when nothing is left after `after`.
   */
  page(after: number, limit: number, now: number): { json: string; next: number } {
    const rows = this.sql
      .exec<{ seq: number; account: string; until: number }>(
        `SELECT seq, account, until FROM bans WHERE seq > ? ORDER BY seq LIMIT ?`,
        after,
        PAGE_SCAN,
      )
      .toArray();
    const entries: { BannedUntil: number; Member_Account: string }[] = [];
    let next = 0;
    for (const row of rows) {
      if (entries.length === limit) break;
      // Tencent's field order.
      if (row.until > now) entries.push({ BannedUntil: row.until, Member_Account: row.account });
      next = row.seq;
    }
    // Past the end with nothing answered: done. A page cut at the scan goes on from where it stopped.
    if (entries.length === 0 && rows.length < PAGE_SCAN) next = 0;
    return { json: JSON.stringify(entries), next };
  }

  /** Removes at most `limit` bans ended by `now`, earliest first; answers them. */
  sweepDue(now: number, limit: number): BanRow[] {
    return this.sql
      .exec<BanRow>(
        `DELETE FROM bans WHERE seq IN (SELECT seq FROM bans WHERE until <= ? ORDER BY until, seq LIMIT ?)
         RETURNING account, until, reason`,
        now,
        limit,
      )
      .toArray()
      .sort((a, b) => a.until - b.until || byAccount(a, b));
  }

  /** The earliest end of a ban that will ever end (permanent ones never do), or null: one seek of the index. */
  earliestExpiry(): number | null {
    return this.sql.exec<{ at: number | null }>(`SELECT min(until) AS at FROM bans WHERE until < ?`, PERMANENT).one()
      .at;
  }
}

const byAccount = (a: { account: string }, b: { account: string }) =>
  a.account < b.account ? -1 : a.account > b.account ? 1 : 0;
