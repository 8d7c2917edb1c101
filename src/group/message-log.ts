/** Messages each group keeps, oldest first out: enough for a caller to see what was sent. */
const KEPT_MESSAGES = 1000;

/** How long a sender's Random makes a second send the same message (Tencent: five minutes). */
const REPEAT_WINDOW_SECONDS = 300;

/** send_group_msg's MsgPriority names; history answers them as 1..4 (their place here). */
export const MESSAGE_PRIORITIES = ["High", "Normal", "Low", "Lowest"] as const;
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];
export const priorityNumber = (p: MessagePriority): number => MESSAGE_PRIORITIES.indexOf(p) + 1;

export interface StoredMessage {
  seq: number;
  sender: string;
  random: number;
  time: number;
  /** MsgBody as sent, as JSON text (parsed only where it is answered). */
  body: string;
  /** 1 High .. 4 Lowest. */
  priority: number;
  cloudCustomData: string;
}

/** One entry of a history page: a kept message, or the place of one not kept (null). */
export type HistoryEntry = { seq: number; message: StoredMessage | null };

/** A row of the messages table: StoredMessage with SQL's column name. */
type MessageRow = Omit<StoredMessage, "cloudCustomData"> & { cloud_custom_data: string };

/** The last KEPT_MESSAGES messages of one group, by MsgSeq, and the Random values sent recently. */
export class MessageLog {
  constructor(private readonly sql: SqlStorage) {}

  /** The send of `sender`'s `random` within the repeat window before `now`, or null. */
  repeatOf(sender: string, random: number, now: number): { seq: number; time: number } | null {
    const row = this.sql
      .exec<{ seq: number; time: number }>(
        `SELECT seq, time FROM recent_sends WHERE sender = ? AND random = ? AND time > ?`,
        sender,
        random,
        now - REPEAT_WINDOW_SECONDS,
      )
      .toArray()[0];
    return row ?? null;
  }

  /**
   * Remembers a send (kept or not) for the repeat window, and forgets those
   * past it: an index seek that finds nothing on most calls.
   */
  remember(sender: string, random: number, seq: number, now: number): void {
    this.sql.exec(`DELETE FROM recent_sends WHERE time <= ?`, now - REPEAT_WINDOW_SECONDS);
    this.sql.exec(
      `INSERT INTO recent_sends (sender, random, seq, time) VALUES (?, ?, ?, ?)
       ON CONFLICT (sender, random) DO UPDATE SET seq = excluded.seq, time = excluded.time`,
      sender,
      random,
      seq,
      now,
    );
  }

  append(m: StoredMessage): void {
    this.sql.exec(
      `INSERT INTO messages (seq, sender, random, time, body, priority, cloud_custom_data)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      m.seq,
      m.sender,
      m.random,
      m.time,
      m.body,
      m.priority,
      m.cloudCustomData,
    );
    this.sql.exec(`DELETE FROM messages WHERE seq <= ?`, m.seq - KEPT_MESSAGES);
  }

  /** Seqs `from`..`to`, newest first: each with its message, or null where none is kept. */
  range(from: number, to: number): HistoryEntry[] {
    const kept = new Map<number, StoredMessage>();
    for (const r of this.sql.exec<MessageRow>(
      `SELECT seq, sender, random, time, body, priority, cloud_custom_data FROM messages
       WHERE seq BETWEEN ? AND ?`,
      from,
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
