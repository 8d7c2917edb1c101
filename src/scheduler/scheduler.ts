import { clock } from "../clock";
import { log } from "../log";
import { tableExists } from "../sql";
import { GroupCommit } from "./group-commit";

/**
 * The schedule: one row per kind of due work that has something due. The
 * object's single alarm is kept no later than the earliest `due_at`; a kind's
 * row also keeps where its paused pass resumes and how often it failed in a row,
 * so both survive a restart. The owning object's migrations make it: a shipped migration
 * writes this SQL out, so that an edit here never changes what it made.
 */
export const SCHEDULE_TABLE = `
  CREATE TABLE IF NOT EXISTS schedule (
    kind TEXT PRIMARY KEY,
    due_at INTEGER NOT NULL,
    cursor TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID`;

/** One kind of work the alarm runs: mute expiry, directory sync; event delivery and quiet-hour edges later. */
export interface DueWork {
  readonly kind: string;
  /**
   * Does one bounded batch of the work due at `nowMs`, from `cursor` on ("" is
   * the start). Answers the cursor to resume from when it stopped at its batch
   * (more may be due), or null when the pass is done. A synchronous run is one
   * transaction: if it throws, nothing it wrote stays. An asynchronous one (a
   * call to another object) cannot hold a transaction across its wait: it
   * writes in its own, must be safe to repeat, and runs after the synchronous
   * kinds, so that a slow peer never delays them.
   */
  run(nowMs: number, cursor: string): string | null | Promise<string | null>;
  /** When this kind is next due (Unix ms, possibly past), or null when nothing will be. */
  nextDue(): number | null;
}

/** A kind's row of the schedule, as kept in memory. */
export interface DueEntry {
  readonly dueAt: number;
  readonly cursor: string;
  readonly failures: number;
}

/** Pause between two batches of one pass, so that other calls get the object in between. */
export const PAUSE_MS = 10;
/** A failed run is retried after 2 s, doubling up to this. */
export const MAX_BACKOFF_MS = 5 * 60 * 1000;

const backoffMs = (failures: number) => Math.min(1000 * 2 ** failures, MAX_BACKOFF_MS);

/**
 * All the deferred work of one Durable Object, in one place:
 * - writes due at the end of the current turn (group commit, see GroupCommit);
 * - work due at an instant, by kind, behind the object's one alarm.
 *
 * Like the schedule table of cloudflare/agents, the alarm handler runs what is
 * due and re-arms for the next. Unlike it, a kind has one row, not one per
 * timer: a mute only ever pulls its kind's due time earlier, so the mute path
 * writes nothing here in the usual case, and the kind itself finds what is due
 * when it runs. A failed run is retried with backoff, forever; reads never wait
 * for any of this, since they compare with the clock.
 */
export class Scheduler {
  private readonly kinds = new Map<string, DueWork>();
  private readonly entries = new Map<string, DueEntry>();
  private readonly writes: GroupCommit;
  /** The armed alarm (Unix ms), null when none. */
  private armedAt: number | null = null;

  constructor(
    private readonly storage: DurableObjectStorage,
    /** The object's SQL, as the object counts it (meteredSql). */
    private readonly sql: SqlStorage = storage.sql,
    /** A queued write or a run of due work threw: its transaction rolled back, and memory of it may be ahead. */
    private readonly rolledBack: () => void = () => {},
  ) {
    this.writes = new GroupCommit(rolledBack);
  }

  /** Kinds run in the order they were registered. */
  register(work: DueWork): void {
    this.kinds.set(work.kind, work);
  }

  /** At object start, before anything else: the armed alarm, the one thing that needs a wait to read. */
  async readAlarm(): Promise<void> {
    this.armedAt = await this.storage.getAlarm();
  }

  /**
   * At object start, after migrations: reads the schedule, and arms the alarm
   * if a row is due before it (a row written without its alarm, by a migration
   * for example).
   */
  loadSchedule(): void {
    this.entries.clear();
    const sql = this.sql;
    if (tableExists(sql, "schedule")) {
      for (const row of sql.exec<{ kind: string; due_at: number; cursor: string; failures: number }>(
        `SELECT * FROM schedule`,
      )) {
        this.entries.set(row.kind, { dueAt: row.due_at, cursor: row.cursor, failures: row.failures });
      }
    }
    // An alarm already past when the object starts may never fire (after a restart of local dev:
    // workerd#3566): it counts as unset, and is set again below.
    if (this.armedAt !== null && this.armedAt <= clock.nowMs()) this.armedAt = null;
    const earliest = this.earliest();
    // A row a migration wrote as "due now" (0) arms the alarm for now: the runtime takes no alarm at 0.
    const at = earliest === null ? null : Math.max(earliest, clock.nowMs());
    if (at !== null && (this.armedAt === null || at < this.armedAt)) this.setAlarm(at);
  }

  /**
   * Runs `write` at the end of the current turn, with the writes of the calls
   * that arrive meanwhile, under one commit; `chars` is its share of the batch
   * (the length of its JSON input). Resolves once it ran, rejects with what it threw.
   */
  queueWrite(write: () => void, chars: number, seenByGate = true): Promise<void> {
    return this.writes.add(write, chars, seenByGate);
  }

  /** Inside a queued write: stores a counter once a batch (see GroupCommit.storeCounter). */
  storeCounter(key: string, own: number, latest: number, store: (value: number) => void): void {
    this.writes.storeCounter(key, own, latest, store);
  }

  /** Runs the queued writes that the send gate must see (see GroupCommit.flushForGate). */
  flushWritesForGate(): void {
    this.writes.flushForGate();
  }

  /** Runs the queued writes now: every read of what they touch calls this first. */
  flushWrites(): void {
    this.writes.flush();
  }

  /**
   * `kind` has work due at `atMs`: it will run no later than that. The mute
   * path: when the kind is due earlier already, nothing is written. A kind
   * waiting for a retry keeps its backoff. Call it after the statements of the
   * same write that can fail, so that the row it writes is never ahead of them.
   */
  dueBy(kind: string, atMs: number): void {
    const entry = this.entries.get(kind);
    if (entry !== undefined && (entry.failures > 0 || entry.dueAt <= atMs)) return;
    this.sql.exec(
      `INSERT INTO schedule (kind, due_at) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET due_at = excluded.due_at`,
      kind,
      atMs,
    );
    this.entries.set(kind, { dueAt: atMs, cursor: entry?.cursor ?? "", failures: 0 });
    if (this.armedAt === null || atMs < this.armedAt) this.setAlarm(atMs);
  }

  /** The schedule row of `kind`, if it has one. */
  entry(kind: string): DueEntry | undefined {
    return this.entries.get(kind);
  }

  /**
   * The alarm handler: runs each kind that is due, each in its own transaction,
   * then arms the alarm for the earliest next due time. Synchronous kinds are
   * done when it answers; it answers a promise only when an asynchronous kind ran.
   */
  runDue(): Promise<void> | undefined {
    const waiting: Promise<void>[] = [];
    try {
      // Queued writes first, while the firing alarm still counts as armed: they then set no alarm
      // that this run replaces.
      this.flushWrites();
      // From here the fired alarm is spent: whatever throws below, no later dueBy may trust it.
      this.armedAt = null;
      const now = clock.nowMs();
      for (const work of this.kinds.values()) {
        const entry = this.entries.get(work.kind);
        if (entry === undefined || entry.dueAt > now) continue;
        const running = this.runOne(work, entry, now);
        if (running !== undefined) waiting.push(running);
      }
      // A kind that a later deploy no longer has: nothing can run it.
      for (const kind of this.entries.keys()) if (!this.kinds.has(kind)) this.save(kind, null);
    } finally {
      if (waiting.length === 0) this.rearm();
    }
    return waiting.length === 0
      ? undefined
      : Promise.all(waiting).then(
          () => this.rearm(),
          () => this.rearm(),
        );
  }

  /**
   * Arms the alarm for the earliest due time, written whatever the memory says:
   * the alarm that fired is gone, and a run not started by the alarm may find one.
   */
  private rearm(): void {
    const earliest = this.earliest();
    // A kind due again at once (its nextDue is 0, or past) arms for now: the runtime takes no alarm at 0.
    this.armedAt = earliest === null ? null : Math.max(earliest, clock.nowMs());
    if (this.armedAt === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(this.armedAt);
  }

  /** `kind` has nothing due (its work was done another way): its row goes, and the alarm moves to what is left. */
  cancel(kind: string): void {
    if (!this.entries.has(kind)) return;
    this.save(kind, null);
    this.setAlarm(this.earliest());
  }

  /** The alarm fired but could not run (see GroupObject.alarm): the runtime has deleted it. */
  alarmSpent(): void {
    this.armedAt = null;
  }

  /** Destroy: the queued writes are written (their callers get their answer), then the schedule and the alarm go. */
  clear(): void {
    this.flushWrites();
    this.entries.clear();
    this.setAlarm(null);
  }

  private runOne(work: DueWork, entry: DueEntry, now: number): Promise<void> | undefined {
    const failed = (error: unknown) => {
      this.rolledBack();
      const failures = entry.failures + 1;
      const retryInMs = backoffMs(failures);
      log.fault("due_work_failed", error, { kind: work.kind, attempt: failures, retryInMs });
      // Where the failed pass stood is kept: the retry resumes there.
      this.save(work.kind, { dueAt: now + retryInMs, cursor: entry.cursor, failures });
    };
    try {
      const running = this.storage.transactionSync(() => {
        const resume = work.run(now, entry.cursor);
        if (!(resume instanceof Promise)) this.ran(work, resume, now);
        return resume;
      });
      if (!(running instanceof Promise)) return undefined;
      return running.then((resume) => this.storage.transactionSync(() => this.ran(work, resume, now))).catch(failed);
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  /** After a run: its next batch, or the kind's next due time, or no row. */
  private ran(work: DueWork, resume: string | null, now: number): void {
    if (resume !== null) {
      this.save(work.kind, { dueAt: now + PAUSE_MS, cursor: resume, failures: 0 });
    } else {
      const next = work.nextDue();
      this.save(work.kind, next === null ? null : { dueAt: next, cursor: "", failures: 0 });
    }
  }

  /** Writes a kind's row (null deletes it) and keeps the memory in step, once the write did not throw. */
  private save(kind: string, entry: DueEntry | null): void {
    const sql = this.sql;
    if (entry === null) {
      sql.exec(`DELETE FROM schedule WHERE kind = ?`, kind);
      this.entries.delete(kind);
      return;
    }
    sql.exec(
      `INSERT INTO schedule (kind, due_at, cursor, failures) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind) DO UPDATE
         SET due_at = excluded.due_at, cursor = excluded.cursor, failures = excluded.failures`,
      kind,
      entry.dueAt,
      entry.cursor,
      entry.failures,
    );
    this.entries.set(kind, entry);
  }

  private earliest(): number | null {
    let at: number | null = null;
    for (const e of this.entries.values()) if (at === null || e.dueAt < at) at = e.dueAt;
    return at;
  }

  private setAlarm(at: number | null): void {
    if (at === this.armedAt) return;
    this.armedAt = at;
    // Not awaited: the output gate holds the caller's answer until the write is durable.
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }
}
