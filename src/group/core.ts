import { appRegistry } from "../auth/apps";
import { clock } from "../clock";
import { sdkappidOfGroupObject } from "../contract/object-names";
import { log } from "../log";
import { CALLBACK_DELIVERY, Outbox } from "../scheduler/outbox";
import { Scheduler } from "../scheduler/scheduler";
import { meteredSql, type RowCount, withRows } from "../sql";
import type { CallbackCommand, CallbackTarget } from "../wire/callbacks";
import { answerOf, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { AnswerCache } from "./answer-cache";
import { BanStore } from "./ban-store";
import { DirectorySync } from "./directory-sync";
import { JOINED_RETRY_MS, JOINED_SYNC, JoinedSync } from "./joined-sync";
import { muteTips } from "./live-frames";
import { LiveLog } from "./live-log";
import { type MemberPages, MemberStore } from "./member-store";
import { MessageLog } from "./message-log";
import { MuteEvents } from "./mute-events";
import { HISTORY_PRUNE, MuteHistory, PRUNE_EVERY_MS } from "./mute-history";
import { GROUP_SCOPE, MuteStore } from "./mute-store";
import type { ProfileRow } from "./profile";
import { hasTables, migrate } from "./schema";
import { type TopicRow, TopicStore } from "./topic-store";

export const NOT_FOUND = "the group does not exist or was dismissed";
const NO_TOPICS = "the group does not support topics: only a Community created with SupportTopic 1 has them";
/** How long a group whose start failed answers 10002 before it tries again. */
const START_RETRY_MS = 5000;

/** What a TopicId that names no topic of the group is told. */
export const topicNotFound = (topicId: string): string => `${topicId} does not exist in the group, or was destroyed`;

/**
 * What every capability of a group shares: its storage and stores, the cached
 * profile row, the schedule, the RPC boundary (one Outcome per call, a fault is
 * 10002) and the group's app. The capability modules (lifecycle, muting,
 * membership, sending, topic-ops, profile-ops) hold the rules; the stores hold
 * the tables and their SQL; GroupObject is the shell the runtime calls.
 */
export class GroupCore {
  readonly sql: SqlStorage;
  /** The rows the statements since the last settle read and wrote (meteredSql). */
  readonly settleRows: () => RowCount;
  /** Rows another object's RPC cost for this one's work: counted by the next settle. */
  readonly adoptRows: (rows: readonly [number, number]) => void;
  readonly scheduler: Scheduler;
  readonly mutes: MuteStore;
  readonly members: MemberStore;
  readonly messages: MessageLog;
  readonly directory: DirectorySync;
  /** What the app's joined-group index has not confirmed yet. */
  readonly joined: JoinedSync;
  readonly topics: TopicStore;
  readonly outbox: Outbox;
  readonly muteEvents: MuteEvents;
  readonly muteHistory: MuteHistory;
  /** The live channel's frame log. */
  readonly liveLog: LiveLog;
  /** The bans (Banning's); who may come back into the group reads them. */
  readonly bans: BanStore;
  /** The profile row, cached: this object is its only writer. undefined = not read yet. */
  profileRow: ProfileRow | null | undefined;
  /** True while the send gate reads: queued messages need not be written for it (GroupCommit.flushForGate). */
  gateReading = false;
  /** When the last start failed (Unix ms), null once started. */
  private startFailedAt: number | null = null;
  /** Runs after every call (the live channel's push); set by the object. */
  committed: () => void = () => {};

  constructor(
    readonly ctx: DurableObjectState,
    readonly env: Env,
  ) {
    const metered = meteredSql(ctx.storage.sql);
    this.sql = metered.sql;
    this.settleRows = metered.settle;
    this.adoptRows = metered.adopt;
    // A write that rolled back may have numbered a frame the log then does not hold.
    this.scheduler = new Scheduler(ctx.storage, this.sql, () => this.liveLog.forget());
    const memberPages: MemberPages = new AnswerCache();
    const writeQueued = () => (this.gateReading ? this.scheduler.flushWritesForGate() : this.scheduler.flushWrites());
    this.mutes = new MuteStore(this.sql, writeQueued, [memberPages]);
    this.members = new MemberStore(this.sql, writeQueued, memberPages, (accounts) => {
      this.joined.mark(accounts);
      this.scheduler.dueBy(JOINED_SYNC, clock.nowMs() + JOINED_RETRY_MS);
    });
    this.messages = new MessageLog(this.sql);
    this.directory = new DirectorySync(this.sql);
    this.joined = new JoinedSync(this.sql);
    this.topics = new TopicStore(this.sql);
    this.outbox = new Outbox(
      this.sql,
      () => this.knownSdkappid(),
      () => this.scheduler.dueBy(CALLBACK_DELIVERY, clock.nowMs()),
    );
    this.muteHistory = new MuteHistory(this.sql);
    this.liveLog = new LiveLog(this.sql, () => this.socketCount());
    this.bans = new BanStore(this.sql);
    this.muteEvents = new MuteEvents(this.sql, this.outbox, {
      groupId: () => this.profile()?.group_id ?? "",
      type: () => this.profile()?.type ?? "",
      wants: (command) => this.wants(command),
      // Only a history long enough to prune gets a pruning: most groups never need one, nor its alarm.
      recorded: () => {
        if (this.muteHistory.prunable()) this.scheduler.dueBy(HISTORY_PRUNE, clock.nowMs() + PRUNE_EVERY_MS);
      },
      tips: (change, scope, operator, rows, at) => {
        if (!this.liveLog.recording(at)) return;
        this.liveLog.append(muteTips(this.groupId(), change, scope, operator, rows(), at), at);
      },
    });
  }

  /** The GroupId, also for an object woken without its tables or its name (an alarm after a destroy). */
  groupId(): string {
    return this.profile()?.group_id ?? this.ctx.id.name ?? "";
  }

  /**
   * Brings an existing group's tables to the current schema (the first start
   * after a deploy) and loads its schedule. If that fails, every call answers
   * 10002 and, at most every START_RETRY_MS, tries again: a deploy that fixes
   * the migration heals the group without losing a row.
   */
  start(): boolean {
    try {
      if (hasTables(this.sql)) {
        migrate(this.ctx.storage);
        // A group made before version 6 learns its app here, once its object is started by name.
        const named = sdkappidOfGroupObject(this.ctx.id.name);
        if (named !== null) this.sql.exec(`UPDATE profile SET sdkappid = ? WHERE id = 1 AND sdkappid = 0`, named);
      }
      this.scheduler.loadSchedule();
      this.startFailedAt = null;
      return true;
    } catch (error) {
      this.startFailedAt = clock.nowMs();
      log.fault("group_start_failed", error);
      return false;
    }
  }

  /** True when the object has started, trying again when the last start failed. */
  started(): boolean {
    return this.startFailedAt === null || this.start();
  }

  /** One RPC: its Outcome once the object has started, 10002 when it cannot, or for any fault. */
  rpc<R extends object>(method: string, work: () => R): R {
    if (this.startFailedAt !== null && (clock.nowMs() - this.startFailedAt < START_RETRY_MS || !this.start())) {
      return refuse(ErrorCode.INTERNAL, "the group's storage could not be opened; safe to retry") as R;
    }
    const result = answerOf(method, work);
    // What the call committed reaches the live channel's sockets after it, in Seq order; its
    // answer carries the rows it cost to the Worker's log line.
    if (result instanceof Promise) {
      return result.then((answer: R) => {
        this.outbox.report();
        this.committed();
        return withRows(answer, this.settleRows());
      }) as R;
    }
    this.outbox.report();
    this.committed();
    return withRows(result, this.settleRows());
  }

  /** The group's profile, or null when it does not exist (no tables: never created, or destroyed). */
  profile(): ProfileRow | null {
    if (this.profileRow === undefined) {
      this.profileRow = hasTables(this.sql)
        ? (this.sql.exec<ProfileRow>(`SELECT * FROM profile WHERE id = 1`).toArray()[0] ?? null)
        : null;
    }
    return this.profileRow;
  }

  /** An RPC on an existing group: 10010 when there is none, 10002 for a fault. */
  onGroup<T>(method: string, work: (p: ProfileRow) => Outcome<T>): Outcome<T> {
    return this.rpc(method, () => {
      const p = this.profile();
      return p === null ? refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND) : work(p);
    });
  }

  /** An RPC on an existing group whose accepted change the joined-group index must hear: `tell` before the answer. */
  onGroupThen<T>(method: string, work: (p: ProfileRow) => Outcome<T>, tell: () => Promise<void>): Promise<Outcome<T>> {
    return this.rpc(method, async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      const outcome = work(p);
      if (outcome.refused === undefined) await tell();
      return outcome;
    });
  }

  /** An RPC on a group with topics: 10010 without the group, 11000 when it has no topics. */
  onTopics<T>(method: string, work: (p: ProfileRow) => Outcome<T>): Outcome<T> {
    return this.onGroup(method, (p) =>
      p.support_topic === 1 ? work(p) : refuse(ErrorCode.TOPICS_NOT_SUPPORTED, NO_TOPICS),
    );
  }

  /**
   * One SQLite transaction: all of `work` or, if it throws, none of it. The
   * writes queued before it run first: a send's MsgSeq is taken in the cached
   * rows ahead of its write, and the rows are read again after this (the
   * profile row always, as most such writes touch it; the topics when they changed).
   */
  transaction<T>(work: () => T): T {
    this.scheduler.flushWrites();
    try {
      return this.ctx.storage.transactionSync(work);
    } catch (error) {
      this.topics.forget();
      this.liveLog.forget();
      throw error;
    } finally {
      this.profileRow = undefined;
    }
  }

  /**
   * A transaction that also writes the schedule: if it fails, the schedule in
   * memory is read again from the tables it rolled back.
   */
  writeWithSchedule(work: () => void): void {
    try {
      this.transaction(work);
    } catch (error) {
      this.scheduler.loadSchedule();
      throw error;
    }
  }

  /** The existing group and the scope its TopicId names: 10010, 11000 or 110003 otherwise. */
  scopedGroup(topicId: string | null): Outcome<{ p: ProfileRow; scope: string; topic: TopicRow | null }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    const scoped = this.scopeOf(p, topicId);
    return scoped.refused !== undefined ? scoped : { p, ...scoped };
  }

  /**
   * The scope a call's TopicId names: the group itself (null), or one of its
   * topics. 11000 when the group has no topics, 110003 when it has no such one.
   */
  scopeOf(p: ProfileRow, topicId: string | null): Outcome<{ scope: string; topic: TopicRow | null }> {
    if (topicId === null) return { scope: GROUP_SCOPE, topic: null };
    if (p.support_topic !== 1) return refuse(ErrorCode.TOPICS_NOT_SUPPORTED, `TopicId: ${NO_TOPICS}`);
    const topic = this.topics.get(topicId);
    if (topic === null) return refuse(ErrorCode.TOPIC_NOT_FOUND, `TopicId: ${topicNotFound(topicId)}`);
    return { scope: topicId, topic };
  }

  /**
   * This group's app: from the object's name, or as the group keeps it (an
   * object woken by its alarm may not know its name); null when neither tells.
   */
  private sdkappid(): number | null {
    const named = sdkappidOfGroupObject(this.ctx.id.name);
    if (named !== null) return named;
    const kept = this.profile()?.sdkappid ?? 0;
    return kept > 0 ? kept : null;
  }

  /** The group's app; throws when unknown, so that work needing it waits for a retry rather than guess. */
  knownSdkappid(): number {
    const sdkappid = this.sdkappid();
    if (sdkappid === null) throw new Error(`group object ${this.ctx.id.name ?? "(unnamed)"} does not know its app yet`);
    return sdkappid;
  }

  /** The callback receiver of `sdkappid` (the group's app by default) now; throws when APPS is broken. */
  callbackTarget(sdkappid = this.knownSdkappid()): CallbackTarget | null {
    return appRegistry(this.env.APPS).get(sdkappid)?.callback ?? null;
  }

  /** Whether the app's receiver wants `command`: then its events are written with the changes. */
  wants(command: CallbackCommand): boolean {
    return this.callbackTarget()?.commands.has(command) ?? false;
  }

  /** How many sockets are connected to the group (the runtime's count: it knows them across hibernation). */
  socketCount(): number {
    return this.ctx.getWebSockets().length;
  }

  countMembers(delta: number): void {
    if (delta !== 0) this.sql.exec(`UPDATE profile SET member_num = member_num + ? WHERE id = 1`, delta);
  }
}
