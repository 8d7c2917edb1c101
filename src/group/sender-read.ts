import type { Role } from "../wire/vocabulary";
import { repeatWindowAfter } from "./message-log";

/** What the send gate needs to know of one send, read in one statement. */
export interface SenderState {
  /** The sender's role; null for no member (or the app admin, who is not read). */
  role: Role | null;
  /** The sender's mute in the group itself in force now, or null. */
  mute: { until: number; reason: string } | null;
  /** The first send of the same sender and Random in the scope within the repeat window, or null. */
  repeat: { seq: number; time: number } | null;
}

/**
 * The send gate's one read: the sender's role (members), its mute in the group
 * (mutes) and an earlier send of its Random (recent_sends, the message log's).
 * It reads three stores' tables and writes none: a send is the hottest call
 * after a mute, and one statement costs about a third of three (each
 * statement crosses into SQLite and back, and carries the runtime's overhead).
 * `from` is null for the app admin (no role, never muted); `sender` is who the
 * Random belongs to.
 */
export function readSender(
  sql: SqlStorage,
  scope: string,
  from: string | null,
  sender: string,
  random: number,
  now: number,
): SenderState {
  const row = sql
    .exec<{
      role: Role | null;
      until: number | null;
      reason: string | null;
      seq: number | null;
      time: number | null;
    }>(
      `SELECT (SELECT role FROM members WHERE account = ?1) AS role, u.until, u.reason, r.seq, r.time
       FROM (SELECT 1)
         LEFT JOIN mutes u ON u.topic = '' AND u.account = ?1 AND u.until > ?2
         LEFT JOIN recent_sends r ON r.topic = ?3 AND r.sender = ?4 AND r.random = ?5 AND r.time > ?6`,
      from,
      now,
      scope,
      sender,
      random,
      repeatWindowAfter(now),
    )
    .one();
  return {
    role: row.role,
    mute: row.until === null ? null : { until: row.until, reason: row.reason ?? "" },
    repeat: row.seq === null || row.time === null ? null : { seq: row.seq, time: row.time },
  };
}
