import type { HistoryEntry, StoredMessage } from "../contract/group-rpc";
import { MESSAGE_PRIORITIES, type MessagePriority } from "../wire/vocabulary";

/** Messages each group keeps, oldest first out: enough for a caller to see what was sent. */
const KEPT_MESSAGES = 1000;

/** Messages past the kept ones are deleted every this many sends (one statement instead of one a send). */
const PRUNE_EVERY = 16;

/** How long a sender's Random makes a second send the same message (Tencent: five minutes). */
const REPEAT_WINDOW_SECONDS = 300;

/** Sends after this (Unix s) are within the repeat window at `now`. */
export const repeatWindowAfter = (now: number): number => now - REPEAT_WINDOW_SECONDS;

/** History answers MsgPriority as 1..4, its place in MESSAGE_PRIORITIES. */
export const priorityNumber = (p: MessagePriority): number => MESSAGE_PRIORITIES.indexOf(p) + 1;

/** A row of the messages table: StoredMessage with SQL's column name. */
type MessageRow = Omit<StoredMessage, "cloudCustomData"> & { cloud_custom_data: string };

/**
 * The last KEPT_MESSAGES messages of each scope of one group (the group
 * itself, "", or one of its topics: each has its own MsgSeq), and the Random
 * values sent recently in each.
 */
export class MessageLog {
  /** The second whose expired Randoms were last forgotten: once a second is enough, reads compare times. */
  private forgotUpTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Remembers a send (kept or not) for the repeat window, and forgets those
   * past it, at most once a second (repeatOf reads only the window anyway).
   */
  remember(scope: string, sender: string, random: number, seq: number, now: number): void {
    if (now !== this.forgotUpTo) {
      this.sql.exec(`DELETE FROM recent_sends WHERE time <= ?`, now - REPEAT_WINDOW_SECONDS);
      this.forgotUpTo = now;
    }
    this.sql.exec(
      `INSERT INTO recent_sends (topic, sender, random, seq, time) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (topic, sender, random) DO UPDATE SET seq = excluded.seq, time = excluded.time`,
      scope,
      sender,
      random,
      seq,
      now,
    );
  }

  append(scope: string, m: StoredMessage): void {
    this.sql.exec(
      `INSERT INTO messages (topic, seq, sender, random, time, body, priority, cloud_custom_data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      scope,
      m.seq,
      m.sender,
      m.random,
      m.time,
      m.body,
      m.priority,
      m.cloudCustomData,
    );
    // The oldest go a batch at a time; until then range() reads past them.
    if (m.seq % PRUNE_EVERY === 0) {
      this.sql.exec(`DELETE FROM messages WHERE topic = ? AND seq <= ?`, scope, m.seq - KEPT_MESSAGES);
    }
  }

  /** Forgets every message and Random of one topic (destroy_topic). */
  removeScope(scope: string): void {
    this.sql.exec(`DELETE FROM messages WHERE topic = ?`, scope);
    this.sql.exec(`DELETE FROM recent_sends WHERE topic = ?`, scope);
  }

  /** Seqs `from`..`to`, newest first: each with its message, or null where none is kept (`last`: the newest seq). */
  range(scope: string, from: number, to: number, last: number): HistoryEntry[] {
    const kept = new Map<number, StoredMessage>();
    for (const r of this.sql.exec<MessageRow>(
      `SELECT seq, sender, random, time, body, priority, cloud_custom_data FROM messages
       WHERE topic = ? AND seq BETWEEN max(?, ? - ?) AND ?`,
      scope,
      from,
      last + 1,
      KEPT_MESSAGES,
      to,
    )) {
      const { cloud_custom_data: cloudCustomData, ...rest } = r;
      kept.set(r.seq, { ...rest, cloudCustomData });
    }
    const entries: HistoryEntry[] = [];
    for (let seq = to; seq >= from; seq--) entries.push({ seq, message: kept.get(seq) ?? null });
    return entries;
  }
}
