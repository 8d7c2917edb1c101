import { DurableObject } from "cloudflare:workers";
import { appRegistry } from "../auth/apps";
import { clock } from "../clock";
import type {
  Admission,
  AdmissionSender,
  AppMuteLeft,
  AppRpc,
  DirectoryPage,
  LeaseGrant,
  LeaseRequest,
} from "../contract/app-rpc";
import { Gcra } from "../limiter/gcra";
import { log } from "../log";
import { CALLBACK_DELIVERY, callbackDelivery, Outbox } from "../scheduler/outbox";
import { Scheduler } from "../scheduler/scheduler";
import { meteredSql, type RowCount, withRows } from "../sql";
import type { CallbackTarget } from "../wire/callbacks";
import { answerOf, type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { GroupType } from "../wire/vocabulary";
import { AppMuteEvents, NO_SPEAKING_CHANGED } from "./app-mute-events";
import { APP_MUTE_EXPIRY, AppMuteStore, appMuteExpiry } from "./app-mutes";
import { Directory } from "./directory";
import { migrateApp } from "./schema";

/** The kind under which the schedule keeps the pruning of destroyed groups' incarnations. */
const DIRECTORY_PRUNE = "directory-prune";
/** How long an object whose start failed answers 10002 for storage work before it tries again. */
const START_RETRY_MS = 5000;
/** How long a lease's tokens may be spent (docs/design.md, "Leases"). */
const LEASE_TTL_MS = 2000;
/** How long a send_group_msg lease may skip the sender's app-wide mute; setnospeaking waits for it. */
const PROMISE_MS = 1000;

/**
 * One app: the call-rate budget of each command, in memory only (nothing is
 * written per call, so an admission is one RPC and a few arithmetic steps; if
 * the object restarts, every budget starts full again: at worst one extra
 * second's burst), and in its own SQLite the app's group directory
 * (get_appid_group_list), its app-wide mutes (setnospeaking) and their events
 * for the app's receiver (an outbox, as each group has), with one alarm for
 * their due work.
 */
export class AppObject extends DurableObject<Env> implements AppRpc {
  private readonly budgets = new Map<string, Gcra>();
  private readonly scheduler: Scheduler;
  private readonly directory: Directory;
  private readonly mutes: AppMuteStore;
  /** The rows the statements since the last settle read and wrote (meteredSql). */
  private readonly settleRows: () => RowCount;
  private readonly outbox: Outbox;
  private readonly muteEvents: AppMuteEvents;
  /** When the last start failed (Unix ms), null once started. */
  private startFailedAt: number | null = null;
  /**
   * No promise that no app-wide mute is in force (LeaseGrant.promiseMs) lasts
   * beyond this (Unix ms). From the start: an earlier life of this object may
   * have made some.
   */
  private promisedUntil = clock.nowMs() + PROMISE_MS;
  /** setnospeaking calls waiting for the promises to end: none is made meanwhile. */
  private muting = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const metered = meteredSql(ctx.storage.sql);
    this.settleRows = metered.settle;
    this.scheduler = new Scheduler(ctx.storage, metered.sql);
    this.directory = new Directory(metered.sql);
    this.mutes = new AppMuteStore(metered.sql);
    this.outbox = new Outbox(
      metered.sql,
      () => this.knownSdkappid(),
      () => this.scheduler.dueBy(CALLBACK_DELIVERY, clock.nowMs()),
    );
    this.muteEvents = new AppMuteEvents(this.outbox);
    this.scheduler.register(
      appMuteExpiry(
        this.mutes,
        () => ctx.id.name ?? "",
        (rows) => {
          if (this.wants()) this.muteEvents.expired(rows);
        },
      ),
    );
    this.scheduler.register({
      kind: DIRECTORY_PRUNE,
      run: (nowMs) => {
        this.directory.pruneGone(nowMs);
        return null;
      },
      nextDue: () => this.directory.nextPrune(),
    });
    // Registered last: the asynchronous kind runs after the others.
    this.scheduler.register(
      callbackDelivery(this.outbox, {
        source: () => ({ app: String(this.knownSdkappid()) }),
        target: (app) => this.target(app),
      }),
    );
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await this.scheduler.readAlarm();
      } catch (error) {
        log.fault("app_alarm_unreadable", error);
      }
      this.start();
    });
  }

  /** Migrates and loads the schedule; on failure, storage work answers 10002 and retries later (see GroupObject). */
  private start(): boolean {
    try {
      migrateApp(this.ctx.storage);
      // Kept for an object woken by its alarm, which may not know its name (as a group keeps its app).
      const named = this.namedSdkappid();
      if (named !== null) {
        this.ctx.storage.sql.exec(
          `INSERT INTO app_identity (id, sdkappid) VALUES (1, ?) ON CONFLICT DO NOTHING`,
          named,
        );
      }
      this.scheduler.loadSchedule();
      this.startFailedAt = null;
      return true;
    } catch (error) {
      this.startFailedAt = clock.nowMs();
      log.fault("app_start_failed", error);
      return false;
    }
  }

  /** One RPC that needs storage: its Outcome once started, 10002 when the object cannot start, or for any fault. */
  private rpc<R extends object>(method: string, work: () => R): R {
    if (this.startFailedAt !== null && (clock.nowMs() - this.startFailedAt < START_RETRY_MS || !this.start())) {
      return refuse(ErrorCode.INTERNAL, "the app's storage could not be opened; safe to retry") as R;
    }
    // The answer carries the rows its work cost to the Worker's log line.
    const result = answerOf(method, work);
    if (result instanceof Promise) {
      return result.then((answer: R) => {
        this.outbox.report();
        return withRows(answer, this.settleRows());
      }) as R;
    }
    this.outbox.report();
    return withRows(result, this.settleRows());
  }

  /** `command`'s budget at `rate` (a rate changed by configuration keeps the time owed). */
  private budget(command: string, rate: number, now: number): Gcra {
    let budget = this.budgets.get(command);
    if (budget === undefined) {
      budget = new Gcra(rate, now);
      this.budgets.set(command, budget);
    } else if (budget.rate !== rate) {
      budget.retune(rate);
    }
    return budget;
  }

  /**
   * Admits one call of `command` at `rate` calls per second, from this object (an isolate with no
   * lease token, a live connect, a socket's send). With `sender` (send_group_msg's From_Account)
   * it also reads that account's app-wide mute: a point read by primary key, only for the calls
   * that name one.
   */
  admit(command: string, rate: number, sender: AdmissionSender = null): Outcome<Admission> {
    const now = clock.nowMs();
    if (!this.budget(command, rate, now).admit(now)) return { admitted: false };
    if (sender === null) return { admitted: true, groupMutedUntil: 0, groupMuteReason: "", senderMayBeMuted: false };
    return this.rpc("admit", () => {
      const nowSeconds = Math.floor(now / 1000);
      if (typeof sender !== "string") {
        const senderMayBeMuted = this.mutes.anyGroupMute(nowSeconds);
        return { admitted: true as const, groupMutedUntil: 0, groupMuteReason: "", senderMayBeMuted };
      }
      const mute = this.mutes.groupMuteOf(sender, nowSeconds);
      return {
        admitted: true as const,
        groupMutedUntil: mute.until,
        groupMuteReason: mute.reason,
        senderMayBeMuted: false,
      };
    });
  }

  /** Renews an isolate's lease of `command`'s budget (Gcra.lease), with the send promise when asked and true. */
  lease(command: string, rate: number, request: LeaseRequest): Outcome<LeaseGrant> {
    const now = clock.nowMs();
    const terms = this.budget(command, rate, now).lease(
      request.holder,
      request.unspent,
      request.want,
      LEASE_TTL_MS,
      now,
    );
    const promiseMs = request.promise && this.noAppMute(now) ? PROMISE_MS : 0;
    if (promiseMs > 0) this.promisedUntil = Math.max(this.promisedUntil, now + promiseMs);
    return { granted: terms.granted, ttlMs: LEASE_TTL_MS, retryInMs: terms.retryInMs, promiseMs };
  }

  /** True when no app-wide group mute is in force and none is being set (false when unsure). */
  private noAppMute(now: number): boolean {
    if (this.muting > 0 || this.startFailedAt !== null) return false;
    try {
      return !this.mutes.anyGroupMute(Math.floor(now / 1000));
    } catch (error) {
      log.fault("app_mute_bound_failed", error);
      return false;
    }
  }

  /**
   * Until when `sender`'s group messages are refused app-wide; when they are not, with a promise
   * (the isolate skips the read for PROMISE_MS; setnospeaking waits for it).
   */
  groupMuteOf(sender: string): Outcome<{ until: number; reason: string; promiseMs: number }> {
    return this.rpc("groupMuteOf", () => {
      const now = clock.nowMs();
      const mute = this.mutes.groupMuteOf(sender, Math.floor(now / 1000));
      const promiseMs = mute.until === 0 && this.muting === 0 ? PROMISE_MS : 0;
      if (promiseMs > 0) this.promisedUntil = Math.max(this.promisedUntil, now + promiseMs);
      return { ...mute, promiseMs };
    });
  }

  /** One page of get_appid_group_list (see Directory.page). */
  listGroups(after: number, limit: number, kind: string | null): Outcome<DirectoryPage> {
    return this.rpc("listGroups", () => this.directory.page(after, limit, kind));
  }

  /** A group tells that it exists (create_group, or its first start after the directory was added). */
  register(groupId: string, type: GroupType, incarnation: number): Done {
    return this.rpc("register", () => {
      this.ctx.storage.transactionSync(() => this.directory.register(groupId, type, incarnation));
      return {};
    });
  }

  /** A group tells that its life `incarnation` ended (destroy_group). */
  unregister(groupId: string, incarnation: number): Done {
    return this.rpc("unregister", () => {
      const now = clock.nowMs();
      this.ctx.storage.transactionSync(() => {
        this.directory.unregister(groupId, incarnation, now);
        const prune = this.directory.nextPrune();
        if (prune !== null) this.scheduler.dueBy(DIRECTORY_PRUNE, prune);
      });
      return {};
    });
  }

  /**
   * setnospeaking: null leaves a kind as it is, 0 lifts it, 4294967295 is permanent; its event,
   * when the app's receiver wants it, in the same transaction. A group mute first waits until no
   * isolate may still send on a promise that none is in force (at most PROMISE_MS; none is made
   * meanwhile), so that the next send after the answer, from any isolate, reads it; its time counts
   * from the write, after the wait.
   */
  setMute(
    account: string,
    groupSeconds: number | null,
    c2cSeconds: number | null,
    reason: string | null = null,
    operator = "",
    clientIp = "",
  ): Done | Promise<Done> {
    const write = () => this.writeMute(account, groupSeconds, c2cSeconds, reason, operator, clientIp);
    if (groupSeconds === null || groupSeconds === 0) return write();
    return this.afterPromises(write);
  }

  /** Runs `write` once every promise made so far has ended; none is made meanwhile. */
  private async afterPromises(write: () => Done): Promise<Done> {
    this.muting += 1;
    try {
      await clock.sleepUntil(this.promisedUntil);
      return write();
    } finally {
      this.muting -= 1;
    }
  }

  private writeMute(
    account: string,
    groupSeconds: number | null,
    c2cSeconds: number | null,
    reason: string | null,
    operator: string,
    clientIp: string,
  ): Done {
    return this.rpc("setMute", () => {
      this.ctx.storage.transactionSync(() => {
        const now = clock.nowSeconds();
        const set = this.mutes.set(account, groupSeconds, c2cSeconds, now, reason);
        if (set.runsOut !== null) this.scheduler.dueBy(APP_MUTE_EXPIRY, set.runsOut * 1000);
        if (this.wants()) {
          this.muteEvents.set(set, { group: groupSeconds, c2c: c2cSeconds }, now, { account: operator, clientIp });
        }
      });
      return {};
    });
  }

  /** The sdkappid of the object's name, or null when it has none (an alarm under wrangler dev). */
  private namedSdkappid(): number | null {
    const name = this.ctx.id.name;
    return name !== undefined && /^\d{1,10}$/.test(name) ? Number(name) : null;
  }

  /** This app's sdkappid; throws when unknown, so that work needing it waits for a retry rather than guess. */
  private knownSdkappid(): number {
    const sdkappid =
      this.namedSdkappid() ??
      this.ctx.storage.sql.exec<{ sdkappid: number }>(`SELECT sdkappid FROM app_identity`).toArray()[0]?.sdkappid;
    if (sdkappid === undefined) throw new Error(`app object ${this.ctx.id.name ?? "(unnamed)"} does not know its app`);
    return sdkappid;
  }

  /** The callback receiver of `sdkappid` now (null: none); throws when APPS is broken. */
  private target(sdkappid: number): CallbackTarget | null {
    return appRegistry(this.env.APPS).get(sdkappid)?.callback ?? null;
  }

  /** Whether the app's receiver wants app-wide mute events: then they are written with the changes. */
  private wants(): boolean {
    return this.target(this.knownSdkappid())?.commands.has(NO_SPEAKING_CHANGED) ?? false;
  }

  /** getnospeaking: the seconds left of each kind. */
  muteLeft(account: string): Outcome<AppMuteLeft> {
    return this.rpc("muteLeft", () => this.mutes.left(account, clock.nowSeconds()));
  }

  /** The one alarm: app-wide mute expiry, directory pruning and event delivery. */
  override async alarm(): Promise<void> {
    if (this.startFailedAt !== null && !this.start()) {
      this.scheduler.alarmSpent();
      return;
    }
    await this.scheduler.runDue();
    this.outbox.report();
  }
}
