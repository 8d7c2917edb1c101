import type { AppMuteLeft } from "../contract/app-rpc";
import { log } from "../log";
import type { DueWork } from "../scheduler/scheduler";
import { PERMANENT, untilAfter } from "../wire/mute-time";

/** The kind under which the app object's schedule keeps app-wide mute expiry. */
export const APP_MUTE_EXPIRY = "app-mute-expiry";
/** Rows one sweep run may delete (see SWEEP_BATCH of the groups). */
const SWEEP_BATCH = 100;

const NOT_MUTED = { until: 0, reason: "" } as const;

/**
 * App-wide mutes (setnospeaking): per account, until when its group messages
 * and its one-to-one messages are refused, in Unix seconds (0 none). Like the
 * groups' mutes, a row whose time has passed is already unmuted whether or not
 * the sweep removed it: every read compares with the clock. No index on the
 * untils: the send path reads one row by account, and only the sweep scans.
 */
export class AppMuteStore {
  /**
   * No row's group_until is above this (Unix s); null when not known yet. Most
   * apps have no app-wide mute in force, so a send's admission answers from it
   * without reading SQLite. A set forgets it (the next read scans once); the
   * sweep only deletes rows, which leaves it high, never low.
   */
  private groupUntilBound: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Sets the given kinds (null leaves one as it is; seconds 0 lifts it) from
   * `now`. Answers when the row will have fully run out (Unix s), or null when
   * never (a permanent mute) or when no row is left.
   */
  set(
    account: string,
    groupSeconds: number | null,
    c2cSeconds: number | null,
    now: number,
    reason: string | null = null,
  ): number | null {
    const group = groupSeconds === null ? null : untilAfter(now, groupSeconds);
    const c2c = c2cSeconds === null ? null : untilAfter(now, c2cSeconds);
    this.groupUntilBound = null;
    this.sql.exec(
      `INSERT INTO app_mutes (account, group_until, c2c_until, reason)
         VALUES (?1, coalesce(?2, 0), coalesce(?3, 0), coalesce(?4, ''))
       ON CONFLICT (account) DO UPDATE SET group_until = coalesce(?2, group_until),
         c2c_until = coalesce(?3, c2c_until), reason = coalesce(?4, reason)`,
      account,
      group,
      c2c,
      reason,
    );
    const row = this.sql
      .exec<{ group_until: number; c2c_until: number }>(
        `SELECT group_until, c2c_until FROM app_mutes WHERE account = ?`,
        account,
      )
      .one();
    if (row.group_until <= now && row.c2c_until <= now) {
      this.sql.exec(`DELETE FROM app_mutes WHERE account = ?`, account);
      return null;
    }
    return row.group_until === PERMANENT || row.c2c_until === PERMANENT
      ? null
      : Math.max(row.group_until, row.c2c_until);
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

  /** Removes at most `limit` rows that have fully run out at `now`; answers how many. */
  sweep(now: number, limit: number): number {
    return this.sql.exec(
      `DELETE FROM app_mutes WHERE account IN (
         SELECT account FROM app_mutes
         WHERE group_until < ? AND c2c_until < ? AND max(group_until, c2c_until) <= ? LIMIT ?)`,
      PERMANENT,
      PERMANENT,
      now,
      limit,
    ).rowsWritten;
  }

  /** When the next row fully runs out (Unix s), or null when none ever will. A scan: only the alarm asks. */
  nextExpiry(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT min(max(group_until, c2c_until)) AS at FROM app_mutes WHERE group_until < ? AND c2c_until < ?`,
        PERMANENT,
        PERMANENT,
      )
      .one().at;
  }
}

/** The alarm's share: removes app-wide mutes that ran out, a batch a run. */
export function appMuteExpiry(mutes: AppMuteStore, app: () => string): DueWork {
  return {
    kind: APP_MUTE_EXPIRY,
    run(nowMs) {
      const removed = mutes.sweep(Math.floor(nowMs / 1000), SWEEP_BATCH);
      log.event("app_mute_sweep", { app: app(), removed, more: removed === SWEEP_BATCH });
      return removed === SWEEP_BATCH ? "" : null;
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
