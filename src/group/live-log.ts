import type { DueWork } from "../scheduler/scheduler";
import { byteLength } from "../wire/fields";

/** The kind under which the schedule keeps the pruning of the frame log. */
export const LIVE_PRUNE = "live-prune";
/** A group keeps at least its last KEEP_FRAMES frames, or KEEP_SECONDS of them, whichever is more. */
const KEEP_FRAMES = 10_000;
const KEEP_SECONDS = 24 * 60 * 60;
/**
 * A resume replays at most this many frames and bytes (a busy group's 24 hours
 * can be millions, and the runtime holds a replay's frames until they are sent);
 * past them it is a Resync. 32 MB is the last 10,000 frames of 3.2 KB each.
 */
const REPLAY_FRAMES = 100_000;
const REPLAY_BYTES = 32 * 1024 * 1024;
/**
 * The most a log keeps, in bytes of frames: within it the 24 hours give way to
 * the bytes (never the last KEEP_FRAMES, at most 12.5 KB each). Without it a
 * member sending big messages at the app's rate would fill the object's storage
 * in about an hour, and every write of the group would then fail.
 */
const LOG_BYTES = 256 * 1024 * 1024;
/** Bytes a log may go over LOG_BYTES before it is trimmed: one delete per this many, not one per frame. */
const TRIM_SLACK = 8 * 1024 * 1024;
/** What a log keeps and replays; a test may give smaller bounds. */
export interface LogBounds {
  /** The last frames always kept. */
  keepFrames: number;
  /** The most frames, and bytes of frames, one resume replays. */
  replayFrames: number;
  replayBytes: number;
  /** The most bytes of frames kept, but for the last keepFrames. */
  logBytes: number;
  /** Bytes the log may go over logBytes before it is trimmed. */
  trimSlack: number;
}
const LOG_BOUNDS: LogBounds = {
  keepFrames: KEEP_FRAMES,
  replayFrames: REPLAY_FRAMES,
  replayBytes: REPLAY_BYTES,
  logBytes: LOG_BYTES,
  trimSlack: TRIM_SLACK,
};
/** Frames one prune or trim reads and deletes at most (the rest is left to the next). */
const DELETE_BATCH = 10_000;
/** Frames read from the log at a time. */
const PAGE_FRAMES = 512;
/** How often a group with frames looks at its log to prune it. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/**
 * The marker of a stretch the log did not record: a resume across it is a Resync.
 * The partial index live_gaps (schema 17) lists these rows: its WHERE is this text.
 */
export const GAP = '{"Type":"Gap"}';

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
  /** The last frame written (its Seq, time and running byte total); undefined until read. */
  private last: { seq: number; time: number; total: number } | undefined;
  /** The running total past which the log is over LOG_BYTES and its slack; undefined until read. */
  private trimAt: number | undefined;

  constructor(
    private readonly sql: SqlStorage,
    /** How many sockets are connected now. */
    private readonly sockets: () => number,
    private readonly bounds: LogBounds = LOG_BOUNDS,
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
      this.write(GAP, now);
    }
    return this.lastRow().seq;
  }

  /**
   * Whether a resume from `seq` can be replayed: every frame after it is kept,
   * no gap lies between, and the replay is within replayFrames and replayBytes.
   * Reads two rows at most: frames are deleted oldest first, so the one after
   * `seq` being kept means all are, and the running totals give the bytes.
   */
  replayable(seq: number): boolean {
    const last = this.lastRow();
    if (seq >= last.seq) return seq === last.seq;
    if (last.seq - seq > this.bounds.replayFrames) return false;
    const next = this.sql
      .exec<{ before: number }>(
        `SELECT total - LENGTH(CAST(frame AS BLOB)) AS before FROM live_frames WHERE seq = ?`,
        seq + 1,
      )
      .toArray()[0];
    if (next === undefined || last.total - next.before > this.bounds.replayBytes) return false;
    return (
      this.sql.exec(`SELECT seq FROM live_frames WHERE frame = '{"Type":"Gap"}' AND seq > ? LIMIT 1`, seq).toArray()
        .length === 0
    );
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
    this.trimAt = undefined;
  }

  private write(text: string, now: number): number {
    const seq = this.lastRow().seq + 1;
    const total = this.lastRow().total + byteLength(text);
    this.sql.exec(`INSERT INTO live_frames (seq, time, frame, total) VALUES (?, ?, ?, ?)`, seq, now, text, total);
    this.last = { seq, time: now, total };
    this.trimAt ??= this.floor() + this.bounds.logBytes + this.bounds.trimSlack;
    if (total > this.trimAt) {
      // Trimmed to the bound: the next trim is a slack away; else the next write trims on.
      this.trimAt = this.trim(total) ? undefined : total + this.bounds.trimSlack;
    }
    return seq;
  }

  private lastRow(): { seq: number; time: number; total: number } {
    this.last ??= this.sql
      .exec<{ seq: number; time: number; total: number }>(
        `SELECT seq, time, total FROM live_frames ORDER BY seq DESC LIMIT 1`,
      )
      .toArray()[0] ?? { seq: 0, time: 0, total: 0 };
    return this.last;
  }

  /** The running total before the oldest frame kept: the log holds the bytes from it to the last. */
  private floor(): number {
    return (
      this.sql
        .exec<{ floor: number }>(
          `SELECT total - LENGTH(CAST(frame AS BLOB)) AS floor FROM live_frames ORDER BY seq LIMIT 1`,
        )
        .toArray()[0]?.floor ?? 0
    );
  }

  /**
   * Deletes frames older than KEEP_SECONDS and not among the last KEEP_FRAMES,
   * at most DELETE_BATCH of them; answers whether more may be due.
   */
  prune(now: number): boolean {
    const end = this.batchEnd();
    if (end === null) return false;
    const kept = this.sql
      .exec<{ seq: number }>(
        `SELECT seq FROM live_frames WHERE seq < ? AND time >= ? ORDER BY seq LIMIT 1`,
        end,
        now - KEEP_SECONDS,
      )
      .toArray()[0];
    this.trimAt = undefined;
    return this.deleteBefore(kept?.seq, end);
  }

  /** Deletes the frames that put the log over logBytes, DELETE_BATCH at most; answers whether more may go. */
  private trim(total: number): boolean {
    const end = this.batchEnd();
    if (end === null) return false;
    const kept = this.sql
      .exec<{ seq: number }>(
        `SELECT seq FROM live_frames WHERE seq < ? AND total > ? ORDER BY seq LIMIT 1`,
        end,
        total - this.bounds.logBytes,
      )
      .toArray()[0];
    return this.deleteBefore(kept?.seq, end);
  }

  /**
   * Where the oldest batch a bound may delete ends: DELETE_BATCH frames on from
   * the oldest, and never into the last keepFrames; null when none may go.
   * Time and total grow with Seq, so a bound's first kept frame in the batch is
   * found by reading up to it: a prune or trim reads what it deletes and one more.
   */
  private batchEnd(): number | null {
    const oldest = this.sql.exec<{ seq: number }>(`SELECT seq FROM live_frames ORDER BY seq LIMIT 1`).toArray()[0];
    if (oldest === undefined) return null;
    const end = Math.min(oldest.seq + DELETE_BATCH, this.lastRow().seq - this.bounds.keepFrames + 1);
    return end > oldest.seq ? end : null;
  }

  /**
   * Deletes the frames before `kept` (the first the bound keeps), or the whole
   * batch before `end` when it keeps none of it; answers whether more may go.
   */
  private deleteBefore(kept: number | undefined, end: number): boolean {
    this.sql.exec(`DELETE FROM live_frames WHERE seq < ?`, kept ?? end);
    return kept === undefined && end < this.lastRow().seq - this.bounds.keepFrames + 1;
  }
}

/** The due work that prunes the frame log: hourly while the group has frames (armed at a connect). */
export function livePrune(log: LiveLog, exists: () => boolean, nowMs: () => number): DueWork {
  return {
    kind: LIVE_PRUNE,
    // A prune that stopped at its batch goes on after the scheduler's pause.
    run: (at) => (exists() && log.prune(Math.floor(at / 1000)) ? "more" : null),
    nextDue: () => (exists() && log.lastSeq() > 0 ? nowMs() + PRUNE_EVERY_MS : null),
  };
}

/** When the pruning of a log is next due, from `nowMs`. */
export const livePruneDue = (nowMs: number): number => nowMs + PRUNE_EVERY_MS;
