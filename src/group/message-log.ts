/** Messages each group keeps, newest first out: enough for a caller to see what was sent. */
const KEPT_MESSAGES = 1000;

export interface StoredMessage {
  seq: number;
  sender: string;
  random: number;
  time: number;
  /** MsgBody as sent, as JSON text (parsed only where it is answered). */
  body: string;
}

/** The last KEPT_MESSAGES messages of one group, by MsgSeq. */
export class MessageLog {
  constructor(private readonly sql: SqlStorage) {}

  append(m: StoredMessage): void {
    this.sql.exec(
      `INSERT INTO messages (seq, sender, random, time, body) VALUES (?, ?, ?, ?, ?)`,
      m.seq,
      m.sender,
      m.random,
      m.time,
      m.body,
    );
    this.sql.exec(`DELETE FROM messages WHERE seq <= ?`, m.seq - KEPT_MESSAGES);
  }

  /** Up to `count` messages with seq ≤ `upTo`, newest first; `more` when older ones are kept too. */
  before(upTo: number, count: number): { messages: StoredMessage[]; more: boolean } {
    const rows = this.sql
      .exec<{ seq: number; sender: string; random: number; time: number; body: string }>(
        `SELECT seq, sender, random, time, body FROM messages WHERE seq <= ? ORDER BY seq DESC LIMIT ?`,
        upTo,
        count + 1,
      )
      .toArray();
    const more = rows.length > count;
    return { messages: rows.slice(0, count), more };
  }
}
