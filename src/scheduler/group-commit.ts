/**
 * Pending work past which a batch is written at once rather than at the end of
 * the turn, in characters of the writes' JSON input: about 2,000 accounts.
 */
export const MAX_BATCH_CHARS = 64 * 1024;

interface PendingWrite {
  write: () => void;
  /** False for a write that no read of the send gate (roles, mutes) can see: a message. */
  seenByGate: boolean;
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * Group commit for one object's writes. A SQLite commit has a fixed cost
 * (a WAL frame and an fsync, however little changed), and the runtime commits
 * after every event that wrote: so when many calls write to one group at once,
 * the commit is the largest single part of each call's cost. Writes added here wait for the end of the
 * current turn of the event loop, in which the calls already queued for this
 * object arrive too, and then run one after another in arrival order, in one
 * turn, under one commit.
 *
 * Nothing is answered early: a caller's promise resolves once its write has
 * run, and the output gate holds every answer of the object until the commit
 * is durable, as it does for any write. Each write keeps its own atomicity (a
 * write that throws fails its own call only; the others still commit).
 * Anything that reads or replaces what these writes touch must call flush()
 * first, so that it sees every write accepted before it, as without batching.
 */
export class GroupCommit {
  /** `rolledBack`: a write threw, its transaction rolled back; what the object keeps in memory may be ahead. */
  constructor(private readonly rolledBack: () => void = () => {}) {}

  private pending: PendingWrite[] = [];
  private pendingChars = 0;
  /** How many pending writes the send gate's reads must see first. */
  private pendingSeenByGate = 0;
  private scheduled = false;
  private flushing = false;
  /** Counters stored by this flush's writes, by key: the value stored (see storeCounter). */
  private storedCounters = new Map<string, number>();

  /**
   * Runs `write` with the batch; `chars` is its share of the work (the length
   * of its JSON input). Resolves after it ran, rejects with what it threw.
   */
  add(write: () => void, chars: number, seenByGate = true): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.pending.push({ write, seenByGate, done, failed });
      if (seenByGate) this.pendingSeenByGate += 1;
      this.pendingChars += chars;
      if (this.pendingChars >= MAX_BATCH_CHARS) {
        // The timer, if set, stays set and will find nothing to write.
        this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        // A timer, not a microtask: calls already queued for this object are delivered before it fires.
        setTimeout(() => {
          this.scheduled = false;
          this.flush();
        }, 0);
      }
    });
  }

  /**
   * flush() for the send gate's reads: only when a pending write changes what
   * they read. Messages waiting in the batch then stay there, so that the sends
   * that arrive together still share one commit.
   */
  flushForGate(): void {
    if (this.pendingSeenByGate > 0) this.flush();
  }

  /**
   * For a counter that each write of a batch raises (a group's MsgSeq), called
   * inside a write: stores `latest` with `store` unless a write of this flush
   * that committed already stored `own` or more. So a batch of 15 sends writes
   * its group's MsgSeq once, and still every committed write leaves it at or
   * above its own value on disk, whatever the others do. `latest` is the
   * counter as memory holds it now: the writes still to come in the flush
   * mostly took their values already, and one that did not stores again.
   */
  storeCounter(key: string, own: number, latest: number, store: (value: number) => void): void {
    const value = Math.max(own, latest);
    // Outside a flush there is no batch to share it with (and nothing would forget the entry).
    const stored = this.flushing ? this.storedCounters.get(key) : undefined;
    if (stored !== undefined && stored >= own) return;
    store(value);
    if (this.flushing) this.storedCounters.set(key, value);
  }

  /**
   * Runs every pending write now, in arrival order. A write that adds or
   * flushes (none does today) joins the running loop, after the writes
   * before it, instead of overtaking them.
   */
  flush(): void {
    // Every read of the store calls this: with nothing queued it must cost nothing.
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        const { write, done, failed } = this.pending[i]!;
        try {
          write();
          done();
        } catch (error) {
          // What it stored rolled back with it: the next write stores its counters again.
          this.storedCounters.clear();
          this.rolledBack();
          failed(error);
        }
      }
    } finally {
      this.storedCounters.clear();
      this.pending = [];
      this.pendingChars = 0;
      this.pendingSeenByGate = 0;
      this.flushing = false;
    }
  }
}
