import { UINT32_MAX } from "../wire/fields";

/** Mute expiries are Unix seconds; the largest MuteTime, 4294967295, means "never expires". */
export const PERMANENT = UINT32_MAX;

/**
 * A list of accounts as JSON text. Mutes travel this way from the Worker to
 * SQLite: one string over RPC (cheaper than an array) bound as one parameter.
 */
export type AccountsJson = string;

export interface MuteEntry {
  account: string;
  until: number;
}

/**
 * The (account → until) rows of one group. A row whose `until` is not after
 * `now` is already unmuted, whether or not the alarm has removed it yet: every
 * read filters by the clock, so correctness never waits on the alarm.
 * Bulk writes pass the accounts as one JSON parameter, so a 500-account call is
 * one statement, not 500.
 */
export class MuteStore {
  constructor(private readonly sql: SqlStorage) {}

  /** `accounts` is a JSON array of account strings, as SQLite's json_each reads it. */
  muteUntil(accounts: AccountsJson, until: number): void {
    this.sql.exec(
      // "WHERE true" lets SQLite parse an upsert whose source is a SELECT.
      `INSERT INTO mutes (account, until) SELECT value, ? FROM json_each(?) WHERE true
       ON CONFLICT (account) DO UPDATE SET until = excluded.until`,
      until,
      accounts,
    );
  }

  unmute(accounts: AccountsJson): void {
    this.sql.exec(`DELETE FROM mutes WHERE account IN (SELECT value FROM json_each(?))`, accounts);
  }

  /** Accounts muted at `now`, in account order. */
  mutedAt(now: number): MuteEntry[] {
    return this.sql
      .exec<{ account: string; until: number }>(`SELECT account, until FROM mutes WHERE until > ? ORDER BY account`, now)
      .toArray();
  }

  /** Until when `account` is muted at `now`; 0 when it is not. */
  untilOf(account: string, now: number): number {
    const row = this.sql.exec<{ until: number }>(`SELECT until FROM mutes WHERE account = ? AND until > ?`, account, now).toArray()[0];
    return row?.until ?? 0;
  }

  /** Mute-until of each of `accounts` at `now` (absent when not muted). */
  untilOfMany(accounts: readonly string[], now: number): Map<string, number> {
    const rows = this.sql.exec<{ account: string; until: number }>(
      `SELECT account, until FROM mutes WHERE account IN (SELECT value FROM json_each(?)) AND until > ?`,
      JSON.stringify(accounts),
      now,
    );
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.account, r.until);
    return out;
  }

  /**
   * The earliest expiry that will ever fall due (permanent mutes never do), or
   * null. A scan of the group's mutes: only the alarm asks, once per run.
   */
  earliestExpiry(): number | null {
    const row = this.sql.exec<{ at: number | null }>(`SELECT MIN(until) AS at FROM mutes WHERE until < ?`, PERMANENT).one();
    return row.at;
  }

  /**
   * Removes at most `limit` rows that are due at `now`, so that one alarm run
   * does bounded work, and says whether it stopped at the limit (more may be
   * due). Without an index on until the due rows are found by scanning: the
   * scan stops at the limit, and the mute path, which runs far more often
   * than the sweep, stays one primary-key write per account.
   */
  sweepDue(now: number, limit: number): { removed: number; full: boolean } {
    // No RETURNING: the count of deleted rows is the cursor's, not a row per deleted mute handed to JavaScript.
    const removed = this.sql.exec(`DELETE FROM mutes WHERE account IN (SELECT account FROM mutes WHERE until <= ? LIMIT ?)`, now, limit).rowsWritten;
    return { removed, full: removed === limit };
  }
}
