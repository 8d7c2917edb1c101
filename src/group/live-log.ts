import type { DueWork } from "../scheduler/scheduler";

/** The kind under which the schedule keeps the pruning of the frame log. */
export const LIVE_PRUNE = "live-prune";
/** A group keeps at least its last KEEP_FRAMES frames, or KEEP_SECONDS of them, whichever is more. */
const KEEP_FRAMES = 10_000;
const KEEP_SECONDS = 24 * 60 * 60;
/**
 * A resume further back than KEEP_FRAMES replays at most this many frames and
 * bytes (a busy group's 24 hours can be millions); past them it is a Resync.
 */
const REPLAY_FRAMES = 100_000;
const REPLAY_BYTES = 16 * 1024 * 1024;
/** Frames read from the log at a time. */
const PAGE_FRAMES = 512;
/** How often a group with frames looks at its log to prune it. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** The marker of a stretch the log did not record: a resume across it is a Resync. */
const GAP = '{"Type":"Gap"}';

/** A frame as logged: its Seq and its JSON text (with its Seq). */
export interface LoggedFrame {
  seq: number;
  text: string;
}

/**
 * The live channel's frame log (table live_frames): every group-wide frame with
 * its Seq, written in the same transaction as the change it reports, so that a
 * client that resumes from a Seq misses nothing and sees nothing twice.
 *
 * A group nobody watches writes no frames: the log records while a socket is
 * connected, and for KEEP_SECONDS after its last frame. When it starts again
 * after a pause it first writes a gap marker, and a resume across a gap gets a
 * fresh State instead (Resync), since changes of the pause went unrecorded.
 */
export class LiveLog {
  /** The last Seq written; undefined until read. */
  private last: { seq: number; time: number } | undefined;

  constructor(
    private readonly sql: SqlStorage,
    /** How many sockets are connected now. */
    private readonly sockets: () => number,
  ) {}

  /** The last Seq written (0 before any frame). */
  lastSeq(): number {
    return this.lastRow().seq;
  }

  /** Whether a change now is recorded (a socket is connected, or one was lately). */
  recording(now: number): boolean {
    // The log's own time first: a group recording lately asks the runtime for nothing.
    return this.lastRow().time > now - KEEP_SECONDS || this.sockets() > 0;
  }

  /**
   * Logs `frame` (an object without Seq) when recording, inside the caller's
   * transaction; answers its Seq, or null when the log is not recording.
   */
  append(frame: Record<string, unknown>, now: number): number | null {
    if (!this.recording(now)) return null;
    return this.write(JSON.stringify({ Type: frame.Type, Seq: this.lastRow().seq + 1, ...frame }), now);
  }

  /** A socket connects: a log that was not recording marks the gap first. Answers the last Seq. */
  opening(now: number): number {
    if (this.sockets() === 0 && this.lastRow().time <= now - KEEP_SECONDS && this.lastRow().seq > 0) {
      this.sql.exec(`INSERT INTO live_frames (seq, time, frame) VALUES (?, ?, ?)`, this.lastRow().seq + 1, now, GAP);
      this.last = { seq: this.lastRow().seq + 1, time: now };
    }
    return this.lastRow().seq;
  }

  /**
   * Whether a resume from `seq` can be replayed: every frame after it is kept,
   * no gap lies between, and the replay is within its bounds (the last
   * KEEP_FRAMES frames always are; further back, REPLAY_FRAMES and REPLAY_BYTES).
   * Reads no row when the Seq alone answers.
   */
  replayable(seq: number): boolean {
    const last = this.lastRow().seq;
    if (seq >= last) return seq === last;
    if (last - seq > REPLAY_FRAMES) return false;
    const kept = this.sql
      .exec<{ frames: number; bytes: number; gaps: number }>(
        `SELECT COUNT(*) AS frames, TOTAL(LENGTH(CAST(frame AS BLOB))) AS bytes, TOTAL(frame = ?) AS gaps
           FROM live_frames WHERE seq > ?`,
        GAP,
        seq,
      )
      .one();
    if (kept.frames !== last - seq || kept.gaps > 0) return false;
    return kept.frames <= KEEP_FRAMES || kept.bytes <= REPLAY_BYTES;
  }

  /**
   * The frames after `from` up to `to`, in order and without gap markers, read
   * a page at a time, so that no replay or push holds more than a page in memory.
   */
  *between(from: number, to: number): Generator<LoggedFrame> {
    for (let after = from; after < to; ) {
      const rows = this.sql
        .exec<{ seq: number; frame: string }>(
          `SELECT seq, frame FROM live_frames WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
          after,
          to,
          PAGE_FRAMES,
        )
        .toArray();
      for (const row of rows) if (row.frame !== GAP) yield { seq: row.seq, text: row.frame };
      if (rows.length < PAGE_FRAMES) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** Forgets what is in memory (the transaction that wrote it rolled back). */
  forget(): void {
    this.last = undefined;
  }

  private write(text: string, now: number): number {
    const seq = this.lastRow().seq + 1;
    this.sql.exec(`INSERT INTO live_frames (seq, time, frame) VALUES (?, ?, ?)`, seq, now, text);
    this.last = { seq, time: now };
    return seq;
  }

  private lastRow(): { seq: number; time: number } {
    this.last ??= this.sql
      .exec<{ seq: number; time: number }>(`SELECT seq, time FROM live_frames ORDER BY seq DESC LIMIT 1`)
      .toArray()[0] ?? { seq: 0, time: 0 };
    return this.last;
  }

  /** Deletes the frames past both bounds: older than KEEP_SECONDS and not among the last KEEP_FRAMES. */
  prune(now: number): void {
    const last = this.lastRow().seq;
    this.sql.exec(`DELETE FROM live_frames WHERE seq <= ? AND time < ?`, last - KEEP_FRAMES, now - KEEP_SECONDS);
  }
}

/** The due work that prunes the frame log: hourly while the group has frames (armed at a connect). */
export function livePrune(log: LiveLog, exists: () => boolean, nowMs: () => number): DueWork {
  return {
    kind: LIVE_PRUNE,
    run: (at) => {
      if (exists()) log.prune(Math.floor(at / 1000));
      return null;
    },
    nextDue: () => (exists() && log.lastSeq() > 0 ? nowMs() + PRUNE_EVERY_MS : null),
  };
}

/** When the pruning of a log is next due, from `nowMs`. */
export const livePruneDue = (nowMs: number): number => nowMs + PRUNE_EVERY_MS;
