import type { AppMuteLeft } from "../contract/app-rpc";
import { log } from "../log";
import type { DueWork } from "../scheduler/scheduler";
import { PERMANENT, untilAfter } from "../wire/mute-time";

/** The kind under which the app object's schedule keeps app-wide mute expiry. */
export const APP_MUTE_EXPIRY = "app-mute-expiry";
/** Rows one sweep run may change (see SWEEP_BATCH of the groups). */
const SWEEP_BATCH = 100;

const NOT_MUTED = { until: 0, reason: "" } as const;

/** One account's app-wide mutes: until when (Unix s; 0 none, 4294967295 permanent) of each kind, and why. */
export type AppMuteRow = {
  account: string;
  group_until: number;
  c2c_until: number;
  reason: string;
};

/** What one setnospeaking did to an account's row: before and after (null: no row). */
export interface AppMuteSet {
  before: AppMuteRow | null;
  after: AppMuteRow | null;
  /** When a kind of `after` runs out next (Unix s), or null when none will (none, or permanent). */
  runsOut: number | null;
}

/** When a kind of `row` runs out next (Unix s): its earliest end that is neither 0 nor permanent, or null. */
const nextEnd = (row: AppMuteRow): number | null => {
  const ends = [row.group_until, row.c2c_until].filter((u) => u > 0 && u < PERMANENT);
  return ends.length === 0 ? null : Math.min(...ends);
};

/**
 * App-wide mutes (setnospeaking): per account, until when its group messages
 * and its one-to-one messages are refused, in Unix seconds (0 none). Like the
 * groups' mutes, a kind whose time has passed is already over whether or not
 * the sweep saw it: every read compares with the clock. The sweep sets a kind
 * that ran out to 0 (so that its end is reported once) and removes a row with
 * neither left. No index on the untils: the send path reads one row by
 * account, and only the sweep scans.
 */
export class AppMuteStore {
  /**
   * No row's group_until is above this (Unix s); null when not known yet. Most
   * apps have no app-wide mute in force, so a send's admission answers from it
   * without reading SQLite. A set forgets it (the next read scans once); the
   * sweep only lowers untils, which leaves it high, never low.
   */
  private groupUntilBound: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** `account`'s row as it is stored, or null. */
  private row(account: string): AppMuteRow | null {
    return (
      this.sql
        .exec<AppMuteRow>(`SELECT account, group_until, c2c_until, reason FROM app_mutes WHERE account = ?`, account)
        .toArray()[0] ?? null
    );
  }

  /**
   * Sets the given kinds (null leaves one as it is; seconds 0 lifts it) from
   * `now`, and the reason (null keeps it). A kind left as it is that ran out
   * unswept ends here (the caller reports it, from `before`); a row with no
   * kind left is removed.
   */
  set(
    account: string,
    groupSeconds: number | null,
    c2cSeconds: number | null,
    now: number,
    reason: string | null = null,
  ): AppMuteSet {
    this.groupUntilBound = null;
    const before = this.row(account);
    const lasting = (until: number | undefined) => (until !== undefined && until > now ? until : 0);
    const after: AppMuteRow = {
      account,
      group_until: groupSeconds === null ? lasting(before?.group_until) : untilAfter(now, groupSeconds),
      c2c_until: c2cSeconds === null ? lasting(before?.c2c_until) : untilAfter(now, c2cSeconds),
      reason: reason ?? before?.reason ?? "",
    };
    if (after.group_until === 0 && after.c2c_until === 0) {
      if (before !== null) this.sql.exec(`DELETE FROM app_mutes WHERE account = ?`, account);
      return { before, after: null, runsOut: null };
    }
    this.sql.exec(
      `INSERT INTO app_mutes (account, group_until, c2c_until, reason) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (account) DO UPDATE SET group_until = ?2, c2c_until = ?3, reason = ?4`,
      account,
      after.group_until,
      after.c2c_until,
      after.reason,
    );
    return { before, after, runsOut: nextEnd(after) };
  }

  /** True when some account's group messages may be refused app-wide at `now` (false: none is). */
  anyGroupMute(now: number): boolean {
    this.groupUntilBound ??=
      this.sql.exec<{ bound: number | null }>(`SELECT max(group_until) AS bound FROM app_mutes`).one().bound ?? 0;
    return this.groupUntilBound > now;
  }

  /** Until when `account`'s group messages are refused at `now` (0 when they are not), and why. */
  groupMuteOf(account: string, now: number): { until: number; reason: string } {
    if (!this.anyGroupMute(now)) return NOT_MUTED;
    const row = this.sql
      .exec<{ until: number; reason: string }>(
        `SELECT group_until AS until, reason FROM app_mutes WHERE account = ?`,
        account,
      )
      .toArray()[0];
    return row !== undefined && row.until > now ? row : NOT_MUTED;
  }

  /** What getnospeaking answers for `account` at `now`. */
  left(account: string, now: number): AppMuteLeft {
    const row = this.sql
      .exec<{ group_until: number; c2c_until: number; reason: string }>(
        `SELECT group_until, c2c_until, reason FROM app_mutes WHERE account = ?`,
        account,
      )
      .toArray()[0];
    const group = secondsLeft(row?.group_until ?? 0, now);
    const c2c = secondsLeft(row?.c2c_until ?? 0, now);
    return { group, c2c, reason: group > 0 || c2c > 0 ? (row?.reason ?? "") : "" };
  }

  /**
   * Ends at most `limit` rows' kinds that ran out at `now`: sets them to 0, and
   * removes a row with neither kind left. Answers the rows changed, as they are
   * after (0 for each kind that ended).
   */
  sweep(now: number, limit: number): AppMuteRow[] {
    const ended = this.sql
      .exec<AppMuteRow>(
        `UPDATE app_mutes SET
           group_until = CASE WHEN group_until <= ?1 THEN 0 ELSE group_until END,
           c2c_until = CASE WHEN c2c_until <= ?1 THEN 0 ELSE c2c_until END
         WHERE account IN (
           SELECT account FROM app_mutes
           WHERE (group_until > 0 AND group_until <= ?1) OR (c2c_until > 0 AND c2c_until <= ?1) LIMIT ?2)
         RETURNING account, group_until, c2c_until, reason`,
        now,
        limit,
      )
      .toArray();
    const gone = ended.filter((r) => r.group_until === 0 && r.c2c_until === 0).map((r) => r.account);
    if (gone.length > 0) {
      this.sql.exec(`DELETE FROM app_mutes WHERE account IN (SELECT value FROM json_each(?))`, JSON.stringify(gone));
    }
    return ended;
  }

  /** When the next kind of any row runs out (Unix s), or null when none ever will. A scan: only the alarm asks. */
  nextExpiry(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT min(at) AS at FROM (
           SELECT group_until AS at FROM app_mutes WHERE group_until > 0 AND group_until < ?1
           UNION ALL SELECT c2c_until FROM app_mutes WHERE c2c_until > 0 AND c2c_until < ?1)`,
        PERMANENT,
      )
      .one().at;
  }
}

/**
 * The alarm's share: ends app-wide mutes that ran out, a batch a run, and hands
 * the rows it changed to `ended` (inside the run's transaction: their events).
 */
export function appMuteExpiry(mutes: AppMuteStore, app: () => string, ended: (rows: AppMuteRow[]) => void): DueWork {
  return {
    kind: APP_MUTE_EXPIRY,
    run(nowMs) {
      const rows = mutes.sweep(Math.floor(nowMs / 1000), SWEEP_BATCH);
      log.event("app_mute_sweep", { app: app(), removed: rows.length, more: rows.length === SWEEP_BATCH });
      if (rows.length > 0) ended(rows);
      return rows.length === SWEEP_BATCH ? "" : null;
    },
    nextDue() {
      const at = mutes.nextExpiry();
      return at === null ? null : at * 1000;
    },
  };
}

function secondsLeft(until: number, now: number): number {
  return until === PERMANENT ? PERMANENT : Math.max(0, until - now);
}
