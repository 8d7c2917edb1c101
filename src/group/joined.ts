import { clock } from "../clock";
import type { JoinedChange } from "../contract/joined-rpc";
import { JOINED_SHARDS, joinedIndexName, joinedShardOf } from "../contract/object-names";
import { log } from "../log";
import type { DueWork } from "../scheduler/scheduler";
import { takeRows } from "../sql";
import type { GroupCore } from "./core";
import { JOINED_ROUND, JOINED_SYNC, type JoinedGroupState } from "./joined-sync";

/** Where the changes go: shard `shard` of the app's joined-group index (JoinedIndex.apply). */
export interface JoinedPeer {
  /** Answers the SQLite rows the shard's work cost (read, written). */
  tell(sdkappid: number, shard: number, change: JoinedChange): Promise<[number, number]>;
}

/** The shards themselves, by RPC. */
export function joinedIndexPeer(env: Env): JoinedPeer {
  return {
    async tell(sdkappid, shard, change) {
      const done = await env.JOINED.get(env.JOINED.idFromName(joinedIndexName(sdkappid, shard))).apply(change);
      const rows = takeRows(done);
      if (done.refused !== undefined) throw new Error(`the joined-group index refused: ${done.info}`);
      return rows;
    },
  };
}

/**
 * Telling the app's joined-group index what the group's writes left pending
 * (JoinedSync): by the call that wrote them, before its answer, and by the
 * alarm when that failed. One round at a time per object, in order, so a shard
 * hears one group's changes in the order they were made.
 */
export class JoinedTelling {
  /** The rounds of this object, one after another. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly g: GroupCore,
    private readonly peer: JoinedPeer,
  ) {}

  /** One round now, after any in flight; a failure is logged and left to the alarm. */
  async tell(): Promise<void> {
    const g = this.g;
    try {
      // Its rows, and the shards', are the call's: its RPC settles them when it answers.
      const more = await this.serial(() => this.round());
      if (more) g.scheduler.dueBy(JOINED_SYNC, clock.nowMs());
      else if (!g.joined.pending()) g.scheduler.cancel(JOINED_SYNC);
    } catch (error) {
      log.fault("joined_sync_failed", error, { group: g.joined.state()?.groupId ?? g.groupId() });
    }
  }

  /** The alarm's share: a round, retried with the scheduler's backoff until the index took it. */
  dueWork(): DueWork {
    return {
      kind: JOINED_SYNC,
      run: async () => {
        await this.serial(() => this.round());
        return null;
      },
      nextDue: () => (this.g.joined.pending() ? 0 : null),
    };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => {});
    return run;
  }

  /**
   * Tells the shards the group-wide state (every shard, when it changed) and up
   * to JOINED_ROUND accounts' membership as it is now (their own shards), then
   * forgets what they took. Answers whether more is pending. Throws when a
   * shard did not take its part: all of it stays pending and is told again.
   */
  private async round(): Promise<boolean> {
    const g = this.g;
    const s = g.joined.state();
    if (s === null) return false;
    const { ids, accounts: batch } = g.joined.batch(JOINED_ROUND);
    if (batch.length === 0 && s.broadcast === 0) return false;
    const joinedAt = s.alive ? g.members.joinedAtOf(batch) : new Map<string, number>();
    const byShard = new Map<number, [string, number | null][]>();
    for (const account of batch) {
      const shard = joinedShardOf(account);
      const list = byShard.get(shard) ?? [];
      list.push([account, joinedAt.get(account) ?? null]);
      byShard.set(shard, list);
    }
    const shards = s.broadcast !== 0 ? Array.from({ length: JOINED_SHARDS }, (_, i) => i) : [...byShard.keys()];
    const sdkappid = s.sdkappid > 0 ? s.sdkappid : g.knownSdkappid();
    const rows = await Promise.all(
      shards.map((shard) => this.peer.tell(sdkappid, shard, changeOf(s, byShard.get(shard) ?? []))),
    );
    for (const r of rows) g.adoptRows(r);
    g.ctx.storage.transactionSync(() => g.joined.settle(ids, s.broadcast));
    return g.joined.pending();
  }
}

function changeOf(s: JoinedGroupState, accounts: [string, number | null][]): JoinedChange {
  return {
    groupId: s.groupId,
    incarnation: s.incarnation,
    type: s.type,
    active: s.active,
    topics: s.topics,
    alive: s.alive,
    accounts,
  };
}
