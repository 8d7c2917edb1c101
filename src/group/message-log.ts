import type { HistoryEntry, StoredMessage } from "../contract/group-rpc";
import { MESSAGE_PRIORITIES, type MessagePriority } from "../wire/vocabulary";

/**
 * Messages each group keeps, oldest first out: enough for a caller to see what was sent, and
 * exactly the "last 1,000 messages" that Tencent's delete_group_msg_by_sender looks through.
 */
const KEPT_MESSAGES = 1000;

/** Messages past the kept ones are deleted every this many sends (one statement instead of one a send). */
const PRUNE_EVERY = 16;

/** How long a sender's Random makes a second send the same message (Tencent: five minutes). */
const REPEAT_WINDOW_SECONDS = 300;
/**
 * A scope's sends between two clean-ups of the Randoms past the window. A clean-up reads the whole
 * table (the window's sends and these), so a send pays for (rate x 300 s + this) / this rows read:
 * measured at 3,000 sends a second, 164 rows a send at 256, 15 at 4,096 (no CPU to speak of either
 * way, but rows read are billed). No scan is longer for it: the window's sends are most of the table.
 */
const FORGET_EVERY = 4096;

/** Sends after this (Unix s) are within the repeat window at `now`. */
export const repeatWindowAfter = (now: number): number => now - REPEAT_WINDOW_SECONDS;

/** History answers MsgPriority as 1..4, its place in MESSAGE_PRIORITIES. */
export const priorityNumber = (p: MessagePriority): number => MESSAGE_PRIORITIES.indexOf(p) + 1;

/** A row of the messages table: StoredMessage with SQL's column names. */
type MessageRow = Omit<StoredMessage, "cloudCustomData" | "recalled"> & { cloud_custom_data: string; recalled: number };

/** What a recall leaves of a message: who sent it and when, not what (Tencent: it cannot be restored). */
const RECALLED = `recalled = 1, body = '[]', cloud_custom_data = ''`;

/**
 * The last KEPT_MESSAGES messages of each scope of one group (the group
 * itself, "", or one of its topics: each has its own MsgSeq), and the Random
 * values sent recently in each.
 */
export class MessageLog {
  /** The second whose expired Randoms were last forgotten: once a second is enough, reads compare times. */

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Remembers a send (kept or not) for the repeat window. Every FORGET_EVERY
   * sends of a scope, those past the window are forgotten in one scan of the
   * table (the window's sends, and at most FORGET_EVERY more): an index on time
   * would cost every send a second row written, and its delete another.
   */
  remember(scope: string, sender: string, random: number, seq: number, now: number): void {
    if (seq % FORGET_EVERY === 0)
      this.sql.exec(`DELETE FROM recent_sends WHERE time <= ?`, now - REPEAT_WINDOW_SECONDS);
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

  append(scope: string, m: Omit<StoredMessage, "recalled">): void {
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

  /**
   * Recalls those of `seqs` (a JSON array) whose message is kept and not recalled yet; answers
   * them. One statement: at most the 10 seqs of a group_msg_recall, each a primary-key seek.
   */
  recall(scope: string, seqs: string): number[] {
    const rows = this.sql.exec<{ seq: number }>(
      `UPDATE messages SET ${RECALLED}
       WHERE topic = ? AND seq IN (SELECT value FROM json_each(?)) AND recalled = 0 RETURNING seq`,
      scope,
      seqs,
    );
    return Array.from(rows, (r) => r.seq).sort((a, b) => a - b);
  }

  /**
   * Recalls `sender`'s messages among the scope's last KEPT_MESSAGES seqs (up to `last`), oldest
   * first; answers their seqs. The kept rows of a scope are at most that many, read by the key's
   * range: a call reads at most KEPT_MESSAGES keys and their rows, however long the group's life.
   */
  recallBySender(scope: string, sender: string, last: number): number[] {
    const rows = this.sql.exec<{ seq: number }>(
      `UPDATE messages SET ${RECALLED}
       WHERE topic = ? AND seq > ? AND seq <= ? AND sender = ? AND recalled = 0 RETURNING seq`,
      scope,
      last - KEPT_MESSAGES,
      last,
      sender,
    );
    return Array.from(rows, (r) => r.seq).sort((a, b) => a - b);
  }

  /**
   * Seqs `from`..`to`, newest first: each with its message, or null where none is kept (`last`: the
   * newest seq; the oldest are pruned a batch at a time, so rows below the last KEPT_MESSAGES are
   * not read). A recalled
   * message is answered (without its body) only `withRecalled`; else it is null, as Tencent leaves
   * recalled messages out unless WithRecalledMsg asks for them.
   */
  range(scope: string, from: number, to: number, last: number, withRecalled = false): HistoryEntry[] {
    const kept = new Map<number, StoredMessage>();
    for (const r of this.sql.exec<MessageRow>(
      `SELECT seq, sender, random, time, body, priority, cloud_custom_data, recalled FROM messages
       WHERE topic = ? AND seq BETWEEN max(?, ? - ?) AND ?`,
      scope,
      from,
      last + 1,
      KEPT_MESSAGES,
      to,
    )) {
      if (r.recalled === 1 && !withRecalled) continue;
      const { cloud_custom_data: cloudCustomData, recalled, ...rest } = r;
      kept.set(r.seq, { ...rest, cloudCustomData, recalled: recalled === 1 });
    }
    const entries: HistoryEntry[] = [];
    for (let seq = to; seq >= from; seq--) entries.push({ seq, message: kept.get(seq) ?? null });
    return entries;
  }
}
