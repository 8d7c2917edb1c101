import { DurableObject } from "cloudflare:workers";
import { clock } from "../clock";
import type { JoinedChange, JoinedPage, JoinedQuery, JoinedRpc } from "../contract/joined-rpc";
import { log } from "../log";
import { Scheduler } from "../scheduler/scheduler";
import { type MeteredSql, meteredSql, withRows } from "../sql";
import { answerOf, type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { JoinedStore } from "./joined-store";
import { migrateJoined } from "./schema";

/** The kind under which the schedule keeps the pruning of destroyed groups' lives. */
const GONE_PRUNE = "joined-gone-prune";
/** How long a shard whose start failed answers 10002 before it tries again. */
const START_RETRY_MS = 5000;

/**
 * One shard of an app's joined-group index (get_joined_group_list): the groups
 * of the accounts that hash to it, in its own SQLite. Apart from the app's
 * object, so that one app's busy groups keeping their members here never queue
 * behind, or in front of, that app's admissions (docs/design.md, "The
 * joined-group index").
 */
export class JoinedIndex extends DurableObject<Env> implements JoinedRpc {
  private readonly scheduler: Scheduler;
  private readonly store: JoinedStore;
  /** Its SQLite, each RPC's rows counted and carried in its answer, as the other objects' are. */
  private readonly metered: MeteredSql;
  /** When the last start failed (Unix ms), null once started. */
  private startFailedAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.metered = meteredSql(ctx.storage.sql);
    this.scheduler = new Scheduler(ctx.storage, this.metered.sql);
    this.store = new JoinedStore(this.metered.sql);
    this.scheduler.register({
      kind: GONE_PRUNE,
      run: (nowMs) => {
        this.store.pruneGone(nowMs);
        return null;
      },
      nextDue: () => this.store.nextPrune(),
    });
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await this.scheduler.readAlarm();
      } catch (error) {
        log.fault("joined_alarm_unreadable", error);
      }
      this.start();
    });
  }

  private start(): boolean {
    try {
      migrateJoined(this.ctx.storage);
      this.scheduler.loadSchedule();
      this.startFailedAt = null;
      return true;
    } catch (error) {
      this.startFailedAt = clock.nowMs();
      log.fault("joined_start_failed", error);
      return false;
    }
  }

  /** One RPC: its Outcome once started, 10002 when the shard cannot start, or for any fault. */
  private rpc<R extends object>(method: string, work: () => R): R {
    if (this.startFailedAt !== null && (clock.nowMs() - this.startFailedAt < START_RETRY_MS || !this.start())) {
      return refuse(ErrorCode.INTERNAL, "the joined-group index could not be opened; safe to retry") as R;
    }
    return withRows(answerOf(method, work), this.metered.settle());
  }

  /** A group's change for this shard's accounts (see JoinedStore.apply). */
  apply(change: JoinedChange): Done {
    return this.rpc("joined_apply", () => {
      const now = clock.nowMs();
      this.ctx.storage.transactionSync(() => {
        this.store.apply(change, now);
        if (!change.alive) {
          const prune = this.store.nextPrune();
          if (prune !== null) this.scheduler.dueBy(GONE_PRUNE, prune);
        }
      });
      return {};
    });
  }

  /** One page of get_joined_group_list. */
  page(account: string, q: JoinedQuery): Outcome<JoinedPage> {
    return this.rpc("joined_page", () => this.store.page(account, q));
  }

  /** The one alarm: pruning destroyed groups' lives. */
  override async alarm(): Promise<void> {
    if (this.startFailedAt !== null && !this.start()) {
      this.scheduler.alarmSpent();
      return;
    }
    await this.scheduler.runDue();
    this.metered.settle();
  }
}
