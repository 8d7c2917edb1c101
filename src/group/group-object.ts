import { DurableObject } from "cloudflare:workers";
import { appRegistry } from "../auth/apps";
import { postCallback } from "../callbacks/request";
import { clock } from "../clock";
import type {
  AccountsJson,
  GroupRpc,
  GroupSpec,
  HistoryEntry,
  HistoryPage,
  InfoQuery,
  MemberChange,
  MemberQuery,
  MuteLadder,
  OutgoingMessage,
  ProfileChange,
  TopicChange,
  TopicResult,
  TopicSpec,
} from "../contract/group-rpc";
import { appObjectName, sdkappidOfGroupObject } from "../contract/object-names";
import { log } from "../log";
import { type DueWork, Scheduler } from "../scheduler/scheduler";
import { type AnswerBudget, MAX_ANSWER_BYTES, MAX_ANSWER_MEMBERS, tooLarge } from "../wire/answer-budget";
import type { CallbackCommand, CallbackTarget } from "../wire/callbacks";
import { answerOf, type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { PERMANENT, untilAfter } from "../wire/mute-time";
import type { GroupType, Role, TopicInfoField } from "../wire/vocabulary";
import { AnswerCache } from "./answer-cache";
import {
  DIRECTORY_RETRY_MS,
  DIRECTORY_SYNC,
  type DirectoryChange,
  DirectorySync,
  directorySync,
} from "./directory-sync";
import { whyNoHistory, whyNoMemberList, whyNoMutes, whyNotSender } from "./group-types";
import { MemberStore } from "./member-store";
import { MessageLog, priorityNumber } from "./message-log";
import { MuteEvents } from "./mute-events";
import { expiryOf, MUTE_EXPIRY, muteExpiry } from "./mute-expiry";
import { HISTORY_PRUNE, historyPrune, MuteHistory, PRUNE_EVERY_MS } from "./mute-history";
import { GROUP_SCOPE, MuteStore } from "./mute-store";
import { CALLBACK_DELIVERY, callbackDelivery, Outbox } from "./outbox";
import {
  appDataOf,
  hasNoMemberCeiling,
  infoFields,
  MAX_GROUP_APP_KEYS,
  maxMembersCeiling,
  mergeAppData,
  muteAllOn,
  type ProfileRow,
  profileDefaults,
} from "./profile";
import { edgesBetween, nextEdge, openOccurrence, scheduleOf } from "./quiet-hours";
import { hasTables, migrate } from "./schema";
import { meteredSql } from "./sql-meter";
import { GENERATED_TOPIC_PART, MAX_TOPICS, TOPIC_MARK, type TopicRow, TopicStore, topicInfo } from "./topic-store";

const NOT_FOUND = "the group does not exist or was dismissed";
/** The kind under which the schedule keeps quiet-hours edges. */
const QUIET_EDGE = "quiet-edge";
const NO_TOPICS = "the group does not support topics: only a Community created with SupportTopic 1 has them";
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** Messages a group accepts in one second before it drops Low and Lowest ones (Tencent's frequency control). */
const MESSAGES_PER_SECOND = 40;
/** group_msg_get_simple's largest page. */
const MAX_HISTORY_PAGE = 20;
const utf8Text = new TextDecoder();
/** Custom member fields one member may hold (Tencent allows five per app). */
const MAX_APP_KEYS = 5;
/** How long a group whose start failed answers 10002 before it tries again. */
const START_RETRY_MS = 5000;

/** What a call that changed something and has nothing to tell answers. */
const DONE: Done = {};

/**
 * One group of one app: its profile, members, mutes and recent messages in
 * SQLite, and its deferred work (group commit, mute expiry) in one Scheduler.
 * Every public method is an RPC called by the Worker; it answers an Outcome
 * (never throws: a fault becomes 10002), and each change happens in one
 * transaction, so a refused or failed call leaves nothing behind.
 */
export class GroupObject extends DurableObject<Env> implements GroupRpc {
  private readonly sql: SqlStorage;
  /** Counts the rows the RPC's statements read and wrote (sql-meter.ts). */
  private readonly settleRows: () => void;
  private readonly scheduler: Scheduler;
  private readonly mutes: MuteStore;
  private readonly members: MemberStore;
  private readonly messages: MessageLog;
  private readonly directory: DirectorySync;
  private readonly topics: TopicStore;
  private readonly outbox: Outbox;
  private readonly muteEvents: MuteEvents;
  private readonly muteHistory: MuteHistory;
  /** The profile row, cached: this object is its only writer. undefined = not read yet. */
  private profileRow: ProfileRow | null | undefined;
  /** True while the send gate reads: queued messages need not be written for it (GroupCommit.flushForGate). */
  private gateReading = false;
  /** Sends accepted but not written yet, by sender and Random: a repeat in the same batch is the same message. */
  private readonly unwrittenSends = new Map<string, { seq: number; time: number }>();
  /** Messages accepted in the current second, for the frequency control of send. */
  private rate = { second: 0, sent: 0 };
  /** When the last start failed (Unix ms), null once started. */
  private startFailedAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const metered = meteredSql(ctx.storage.sql);
    this.sql = metered.sql;
    this.settleRows = metered.settle;
    this.scheduler = new Scheduler(ctx.storage);
    const memberPages = new AnswerCache();
    const writeQueued = () => (this.gateReading ? this.scheduler.flushWritesForGate() : this.scheduler.flushWrites());
    this.mutes = new MuteStore(this.sql, writeQueued, [memberPages]);
    this.members = new MemberStore(this.sql, writeQueued, memberPages);
    this.messages = new MessageLog(this.sql);
    this.directory = new DirectorySync(this.sql);
    this.topics = new TopicStore(this.sql);
    this.outbox = new Outbox(
      this.sql,
      () => this.knownSdkappid(),
      () => this.scheduler.dueBy(CALLBACK_DELIVERY, clock.nowMs()),
    );
    this.muteEvents = new MuteEvents(this.sql, this.outbox, {
      groupId: () => this.profile()?.group_id ?? "",
      type: () => this.profile()?.type ?? "",
      wants: (command) => this.wants(command),
      // Only a history long enough to prune gets a pruning: most groups never need one, nor its alarm.
      recorded: () => {
        if (this.muteHistory.prunable()) this.scheduler.dueBy(HISTORY_PRUNE, clock.nowMs() + PRUNE_EVERY_MS);
      },
    });
    this.muteHistory = new MuteHistory(this.sql);
    const groupId = () => this.profile()?.group_id ?? this.ctx.id.name ?? "";
    this.scheduler.register(muteExpiry(this.mutes, this.muteEvents, groupId));
    this.scheduler.register(historyPrune(this.muteHistory));
    this.scheduler.register(this.quietEdges());
    // Registered last: the asynchronous kinds (a call to the app object, callbacks) run after the others.
    this.scheduler.register(directorySync(this.directory, { tell: (change) => this.tellApp(change) }));
    this.scheduler.register(
      callbackDelivery(this.outbox, { group: groupId, target: (app) => this.callbackTarget(app) }),
    );
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await this.scheduler.readAlarm();
      } catch (error) {
        // Unknown, the alarm counts as unset: the schedule then sets it again at start.
        log.fault("group_alarm_unreadable", error);
      }
      this.start();
    });
  }

  /**
   * Brings an existing group's tables to the current schema (the first start
   * after a deploy) and loads its schedule. If that fails, every call answers
   * 10002 and, at most every START_RETRY_MS, tries again: a deploy that fixes
   * the migration heals the group without losing a row.
   */
  private start(): boolean {
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

  /** One RPC: its Outcome once the object has started, 10002 when it cannot, or for any fault. */
  private rpc<R extends object>(method: string, work: () => R): R {
    if (this.startFailedAt !== null && (clock.nowMs() - this.startFailedAt < START_RETRY_MS || !this.start())) {
      return refuse(ErrorCode.INTERNAL, "the group's storage could not be opened; safe to retry") as R;
    }
    try {
      return answerOf(method, work);
    } finally {
      this.settleRows();
    }
  }

  /** The group's profile, or null when it does not exist (no tables: never created, or destroyed). */
  private profile(): ProfileRow | null {
    if (this.profileRow === undefined) {
      this.profileRow = hasTables(this.sql)
        ? (this.sql.exec<ProfileRow>(`SELECT * FROM profile WHERE id = 1`).toArray()[0] ?? null)
        : null;
    }
    return this.profileRow;
  }

  /** An RPC on an existing group: 10010 when there is none, 10002 for a fault. */
  private onGroup<T>(method: string, work: (p: ProfileRow) => Outcome<T>): Outcome<T> {
    return this.rpc(method, () => {
      const p = this.profile();
      return p === null ? refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND) : work(p);
    });
  }

  /**
   * One SQLite transaction: all of `work` or, if it throws, none of it. The
   * writes queued before it run first: a send's MsgSeq is taken in the cached
   * rows ahead of its write, and the rows are read again after this (the
   * profile row always, as most such writes touch it; the topics when they changed).
   */
  private transaction<T>(work: () => T): T {
    this.scheduler.flushWrites();
    try {
      return this.ctx.storage.transactionSync(work);
    } catch (error) {
      this.topics.forget();
      throw error;
    } finally {
      this.profileRow = undefined;
    }
  }

  /**
   * The scope a call's TopicId names: the group itself (null), or one of its
   * topics. 11000 when the group has no topics, 110003 when it has no such one.
   */
  private scopeOf(p: ProfileRow, topicId: string | null): Outcome<{ scope: string; topic: TopicRow | null }> {
    if (topicId === null) return { scope: GROUP_SCOPE, topic: null };
    if (p.support_topic !== 1) return refuse(ErrorCode.TOPICS_NOT_SUPPORTED, `TopicId: ${NO_TOPICS}`);
    const topic = this.topics.get(topicId);
    if (topic === null) return refuse(ErrorCode.TOPIC_NOT_FOUND, `TopicId: ${topicNotFound(topicId)}`);
    return { scope: topicId, topic };
  }

  /**
   * The alarm's share of quiet hours: at a window's edge, a MuteAll or
   * UnmuteAll record (history, and event) when the edge changed whether the
   * group is muted for all; then due at the next edge. The send gate does not
   * wait for it: it computes the windows itself. A run that comes late (the
   * object was down, or a run failed) records every edge it missed, each at
   * its own time: those after the last switch recorded and the last profile
   * change (which may have set the schedule), up to two days back.
   */
  private quietEdges(): DueWork {
    const windows = () => scheduleOf(this.profile()?.mute_all_schedule ?? "[]");
    return {
      kind: QUIET_EDGE,
      run: (nowMs) => {
        const p = this.profile();
        if (p === null) return null;
        const from = Math.max(this.muteHistory.lastMuteAllSwitch(), p.last_info_time);
        for (const edge of edgesBetween(windows(), from, Math.floor(nowMs / 1000))) {
          if (muteAllOn(p, edge - 1) === muteAllOn(p, edge)) continue;
          this.muteEvents.add(muteAllOn(p, edge) ? "MuteAll" : "UnmuteAll", GROUP_SCOPE, "", [], edge);
        }
        return null;
      },
      nextDue: () => {
        const edge = nextEdge(windows(), clock.nowSeconds());
        return edge === null ? null : edge * 1000;
      },
    };
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
  private knownSdkappid(): number {
    const sdkappid = this.sdkappid();
    if (sdkappid === null) throw new Error(`group object ${this.ctx.id.name ?? "(unnamed)"} does not know its app yet`);
    return sdkappid;
  }

  /** The callback receiver of `sdkappid` (the group's app by default) now; throws when APPS is broken. */
  private callbackTarget(sdkappid = this.knownSdkappid()): CallbackTarget | null {
    return appRegistry(this.env.APPS).get(sdkappid)?.callback ?? null;
  }

  /** Whether the app's receiver wants `command`: then its events are written with the changes. */
  private wants(command: CallbackCommand): boolean {
    return this.callbackTarget()?.commands.has(command) ?? false;
  }

  /** An RPC on a group with topics: 10010 without the group, 11000 when it has no topics. */
  private onTopics<T>(method: string, work: (p: ProfileRow) => Outcome<T>): Outcome<T> {
    return this.onGroup(method, (p) =>
      p.support_topic === 1 ? work(p) : refuse(ErrorCode.TOPICS_NOT_SUPPORTED, NO_TOPICS),
    );
  }

  private countMembers(delta: number): void {
    if (delta !== 0) this.sql.exec(`UPDATE profile SET member_num = member_num + ? WHERE id = 1`, delta);
  }

  /**
   * Creates the group, and tells the app's directory before answering; what
   * the directory must learn is written with the group, so a crash or a
   * failure in between is repaired by the alarm (see DirectorySync).
   */
  async create(spec: GroupSpec): Promise<Outcome<{ groupId: string }>> {
    return this.rpc("create", async () => {
      if (this.profile() !== null) return refuse(ErrorCode.GROUP_ID_TAKEN, `GroupId ${spec.groupId} is already taken`);
      const why = whyNotProfile(spec.type, spec.profile, new Map());
      if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
      const now = clock.nowSeconds();
      const d = profileDefaults(spec.type);
      const c = spec.profile;
      const change: DirectoryChange = {
        action: "register",
        groupId: spec.groupId,
        type: spec.type,
        incarnation: clock.nowMs(),
      };
      this.writeWithSchedule(() => {
        migrate(this.ctx.storage);
        this.sql.exec(
          `INSERT INTO profile (id, group_id, type, name, owner, created, introduction, notification, face_url,
             max_member_num, apply_join_option, invite_join_option, mute_all, app_data, last_info_time, incarnation,
             support_topic, sdkappid)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          spec.groupId,
          spec.type,
          spec.name,
          spec.owner,
          now,
          c.introduction ?? "",
          c.notification ?? "",
          c.faceUrl ?? "",
          hasNoMemberCeiling(spec.type) ? 0 : (c.maxMemberNum ?? d.maxMemberNum),
          c.applyJoinOption ?? d.applyJoinOption,
          c.inviteJoinOption ?? d.inviteJoinOption,
          c.muteAll === true ? 1 : 0,
          JSON.stringify([...mergeAppData(new Map(), c.appData)]),
          now,
          change.incarnation,
          spec.supportTopic ? 1 : 0,
          this.knownSdkappid(),
        );
        const initial: { account: string; role: Role }[] = [];
        if (spec.owner !== "") initial.push({ account: spec.owner, role: "Owner" });
        for (const m of spec.members) if (m.account !== spec.owner) initial.push(m);
        this.countMembers(this.members.add(initial, now).size);
        this.directory.write(change);
        this.scheduler.dueBy(DIRECTORY_SYNC, clock.nowMs() + DIRECTORY_RETRY_MS);
      });
      await this.syncDirectory(change);
      return { groupId: spec.groupId };
    });
  }

  /**
   * Wipes the group: its rows and alarm, all but the change the directory must
   * learn (written in the same transaction); once the directory took it, the
   * storage goes too. Its GroupId can be created again at once.
   */
  async destroy(): Promise<Done> {
    return this.rpc("destroy", async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      // Mutes accepted before the destroy happen before it and get their answer; then the schedule goes.
      this.scheduler.clear();
      this.mutes.forgetLists();
      const change: DirectoryChange = {
        action: "unregister",
        groupId: p.group_id,
        type: p.type,
        incarnation: p.incarnation,
      };
      this.writeWithSchedule(() => {
        for (const table of groupTables(this.sql)) this.sql.exec(`DROP TABLE "${table}"`);
        this.sql.exec(`DELETE FROM schedule`);
        this.directory.write(change);
        this.scheduler.dueBy(DIRECTORY_SYNC, clock.nowMs() + DIRECTORY_RETRY_MS);
        // Events written before the destroy are still delivered.
        const undelivered = this.outbox.nextDue();
        if (undelivered !== null) this.scheduler.dueBy(CALLBACK_DELIVERY, undelivered);
      });
      this.profileRow = null;
      this.topics.forget();
      const synced = await this.syncDirectory(change);
      if (synced && this.profile() === null && this.directory.pending() === null && this.outbox.count() === 0) {
        // Nothing is left to tell or to keep. On SQLite storage deleteAll() completes synchronously.
        this.scheduler.clear();
        await this.ctx.storage.deleteAll();
      }
      return DONE;
    });
  }

  /**
   * A transaction that also writes the schedule: if it fails, the schedule in
   * memory is read again from the tables it rolled back.
   */
  private writeWithSchedule(work: () => void): void {
    try {
      this.transaction(work);
    } catch (error) {
      this.scheduler.loadSchedule();
      throw error;
    }
  }

  /**
   * Tells the directory `change` now. Answers whether it took it; if not, the
   * change stays pending and the alarm retries it (the caller's answer does
   * not depend on it: the group's own write is done).
   */
  private async syncDirectory(change: DirectoryChange): Promise<boolean> {
    try {
      await this.tellApp(change);
    } catch (error) {
      log.fault("directory_sync_failed", error, { group: change.groupId, action: change.action });
      return false;
    }
    this.directory.settle(change);
    if (this.directory.pending() === null) this.scheduler.cancel(DIRECTORY_SYNC);
    return true;
  }

  /** One call to the app object's directory; throws when it did not take the change. */
  private async tellApp(change: DirectoryChange): Promise<void> {
    const sdkappid = this.knownSdkappid();
    const app = this.env.APP_OBJECTS.get(this.env.APP_OBJECTS.idFromName(appObjectName(sdkappid)));
    const done =
      change.action === "register"
        ? await app.register(change.groupId, change.type, change.incarnation)
        : await app.unregister(change.groupId, change.incarnation);
    if (done.refused !== undefined) throw new Error(`the app object refused: ${done.info}`);
  }

  /**
   * One entry of get_group_info's GroupInfo as JSON text: the asked base
   * fields and custom fields, and (`members` not null) the member list with
   * the asked member fields. A list over what is left of the call's `budget`
   * answers 10018 in its entry: page it with get_group_member_info.
   */
  info(
    q: InfoQuery,
    members: MemberQuery | null,
    budget: AnswerBudget,
  ): Outcome<{ entryJson: string; listed: number }> {
    return this.onGroup("info", (p) => {
      const head: Record<string, unknown> = {
        GroupId: p.group_id,
        ErrorCode: 0,
        ErrorInfo: "",
        ...infoFields(p, q, clock.nowSeconds()),
      };
      // An extension, for apps with a callback receiver: events not yet taken by it.
      if (this.callbackTarget() !== null) head.UndeliveredCallbacks = this.outbox.count();
      if (members === null || whyNoMemberList(p.type) !== null) return { entryJson: JSON.stringify(head), listed: 0 };
      if (p.member_num > budget.members) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooManyMembers(budget.members));
      const page = this.members.pageJson(members, clock.nowSeconds(), 0, budget.members + 1);
      if (page.count > budget.members) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooManyMembers(budget.members));
      const text = JSON.stringify(head);
      if (text.length + page.json.byteLength > budget.bytes) {
        return refuse(ErrorCode.ANSWER_TOO_LARGE, tooLarge("the group's member list"));
      }
      return { entryJson: `${text.slice(0, -1)},"MemberList":${utf8Text.decode(page.json)}}`, listed: page.count };
    });
  }

  /**
   * Mutes `accounts` (a JSON array) for `seconds` from now (0 unmutes,
   * 4294967295 is permanent). The hottest call: one statement, written with the
   * mutes of the calls that arrive meanwhile under one commit (group commit),
   * and no query for the next expiry (the schedule only ever moves earlier).
   */
  async forbid(
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    topicId: string | null,
    operator = "",
    reason = "",
  ): Promise<Done> {
    return this.rpc("forbid", async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      const scoped = this.scopeOf(p, topicId);
      if (scoped.refused !== undefined) return scoped;
      const why = whyNoMutes(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      // The mute counts from the call's arrival, not from its batch's write.
      const arrived = clock.nowSeconds();
      await this.scheduler.queueWrite(
        () => this.writeMute(scoped.scope, accounts, seconds, arrived, operator, reason),
        accounts.length,
      );
      return DONE;
    });
  }

  /**
   * One call's mute (`seconds` 0 unmutes; a ladder mutes each account for its
   * step) with its history rows and events and, when it moves the sweep
   * earlier, its schedule row: in one transaction (a savepoint of the batch's
   * commit), so that a call that fails leaves none of it. Any of its accounts
   * whose mute ran out unswept is recorded as expired first: no expiry goes
   * unreported because a later call replaced its row.
   */
  private writeMute(
    scope: string,
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    arrived: number,
    operator: string,
    reason: string,
  ): void {
    this.ctx.storage.transactionSync(() => {
      const now = clock.nowSeconds();
      // The sweep is due no later than the earliest finite expiry: before it, nothing ran out unswept.
      // (A sweep waiting for its retry may be due later than that: then look.)
      const sweep = this.scheduler.entry(MUTE_EXPIRY);
      if (sweep !== undefined && (sweep.failures > 0 || sweep.dueAt <= now * 1000)) {
        const expired = this.mutes.expiredAmong(scope, accounts, now);
        if (expired.length > 0) this.muteEvents.add("Expire", scope, "", expired);
      }
      if (seconds === 0) {
        const removed = this.mutes.unmute(scope, accounts);
        const active = removed.filter((r) => r.until > now).map((r) => ({ ...r, until: 0 }));
        if (active.length > 0) this.muteEvents.add("Unmute", scope, operator, active);
        return;
      }
      const plan =
        typeof seconds === "number"
          ? new Map([[untilAfter(arrived, seconds), accounts]])
          : this.escalated(accounts, seconds, arrived);
      for (const [until, list] of plan) {
        this.mutes.muteUntil(scope, list, until, reason);
        const sweepAt = expiryOf(until);
        if (sweepAt !== null) this.scheduler.dueBy(MUTE_EXPIRY, sweepAt);
        this.muteEvents.muted(scope, operator, list, until, reason);
      }
    });
  }

  /**
   * Escalate: each account's mute is the ladder's step after the mutes it
   * received in this group (any scope) within the last decayDays days, the last
   * step repeating. Answers the accounts (as JSON) by until-time.
   */
  private escalated(accounts: AccountsJson, ladder: MuteLadder, arrived: number): Map<number, AccountsJson> {
    const since = arrived - ladder.decayDays * 86_400;
    const counts = this.muteHistory.muteCounts(accounts, since);
    const byUntil = new Map<number, string[]>();
    for (const account of JSON.parse(accounts) as string[]) {
      const step = ladder.steps[Math.min(counts.get(account) ?? 0, ladder.steps.length - 1)]!;
      const until = untilAfter(arrived, step);
      byUntil.set(until, [...(byUntil.get(until) ?? []), account]);
    }
    return new Map([...byUntil].map(([until, list]) => [until, JSON.stringify(list)]));
  }

  /**
   * The accounts muted now in the group or in one topic (each list its own
   * scope), as the JSON text of the wire's list (legacy: ShuttedUinList's entry names).
   */
  listMuted(legacy: boolean, topicId: string | null): Outcome<{ groupId: string; mutedJson: Uint8Array }> {
    return this.onGroup("listMuted", (p) => {
      const scoped = this.scopeOf(p, topicId);
      if (scoped.refused !== undefined) return scoped;
      const untilKey = legacy ? "ShuttedUntil" : "MutedUntil";
      return {
        groupId: p.group_id,
        mutedJson: this.mutes.mutedJson(clock.nowSeconds(), scoped.scope, "Member_Account", untilKey),
      };
    });
  }

  /** Adds members; per account: 1 added, 2 already a member. */
  addMembers(accounts: string[]): Outcome<{ results: { account: string; result: 1 | 2 }[] }> {
    return this.onGroup("addMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const added = this.transaction(() => {
        const fresh = this.members.add(
          accounts.map((account) => ({ account, role: "Member" as const })),
          clock.nowSeconds(),
        );
        this.countMembers(fresh.size);
        return fresh;
      });
      return { results: accounts.map((account) => ({ account, result: added.has(account) ? 1 : 2 })) };
    });
  }

  /** Removes members. Their mutes stay: a mute belongs to the (group, account) pair. */
  deleteMembers(accounts: string[]): Done {
    return this.onGroup("deleteMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      if (p.owner !== "" && accounts.includes(p.owner)) {
        return refuse(
          ErrorCode.NOT_ALLOWED,
          `MemberToDel_Account: ${p.owner} is the group owner and cannot be removed`,
        );
      }
      this.transaction(() => this.countMembers(-this.members.remove(accounts)));
      return DONE;
    });
  }

  /**
   * One page of the member listing, as the JSON text of MemberList. A
   * Community pages by `next` (the position a page answered, "" first), any
   * other group by `offset`; `next` is answered for a Community only ("" at the end).
   */
  memberPage(
    q: MemberQuery,
    at: { offset: number; next: string | null },
    limit: number,
  ): Outcome<{ memberNum: number; membersJson: Uint8Array; count: number; next: string | null }> {
    return this.onGroup("memberPage", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const community = p.type === "Community";
      if (community && at.next !== null && at.next !== "" && !/^\d{1,10}$/.test(at.next)) {
        return refuse(ErrorCode.INVALID_PARAMETER, 'Next: must be "" or the Next of the previous page');
      }
      // A Community pages by Next; a caller that sends none (the Go SDK) pages by Offset there too.
      const offset = community && at.next !== null ? Number(at.next) : at.offset;
      const page = this.members.pageJson(q, clock.nowSeconds(), offset, limit);
      if (page.json.byteLength > MAX_ANSWER_BYTES) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooLarge("this page"));
      let next: string | null = null;
      if (community) {
        const more = offset + page.count < this.members.countWithRoles(q.roles, p.member_num);
        next = more ? String(offset + page.count) : "";
      }
      return { memberNum: p.member_num, membersJson: page.json, count: page.count, next };
    });
  }

  /** Those of `accounts` that are members, as the JSON text of MemberList. */
  someMembers(q: MemberQuery, accounts: string[]): Outcome<{ membersJson: string }> {
    return this.onGroup("someMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      return { membersJson: this.members.someJson(q, clock.nowSeconds(), accounts) };
    });
  }

  /** The role of each of `accounts` ("NotMember" for outsiders), as the JSON text of UserIdList. */
  roles(accounts: string[]): Outcome<{ rolesJson: string }> {
    return this.onGroup("roles", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      return { rolesJson: this.members.rolesJson(accounts) };
    });
  }

  /**
   * modify_group_member_info: one member's role, message flag, name card and
   * custom fields, and (`seconds` not null) its mute exactly as forbid_send_msg
   * mutes. All of it is one write of the group commit, in one transaction.
   */
  async modifyMember(
    account: string,
    change: MemberChange,
    seconds: number | null,
    topicId: string | null,
    operator = "",
    reason = "",
  ): Promise<Done> {
    return this.rpc("modifyMember", async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      const scoped = this.scopeOf(p, topicId);
      if (scoped.refused !== undefined) return scoped;
      const why = whyNoMemberList(p.type) ?? (seconds === null ? null : whyNoMutes(p.type));
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const role = this.members.roleOf(account);
      if (role === null) {
        return refuse(ErrorCode.NOT_ALLOWED, `Member_Account: ${account} is not a member of the group`);
      }
      if (role === "Owner" && change.role !== undefined) {
        return refuse(ErrorCode.NOT_ALLOWED, `Role: ${account} is the group owner, whose role cannot be changed`);
      }
      if (change.appData !== undefined) {
        const keys = new Set([...this.members.appKeysOf(account), ...Object.keys(change.appData)]);
        if (keys.size > MAX_APP_KEYS) {
          return refuse(
            ErrorCode.INVALID_PARAMETER,
            `AppMemberDefinedData: a member holds at most ${MAX_APP_KEYS} custom fields; ` +
              `${account} would hold ${keys.size}`,
          );
        }
      }
      const arrived = clock.nowSeconds();
      await this.scheduler.queueWrite(() => {
        this.ctx.storage.transactionSync(() => {
          this.members.change(account, change);
          if (seconds !== null) {
            this.writeMute(scoped.scope, JSON.stringify([account]), seconds, arrived, operator, reason);
          }
        });
      }, account.length);
      return DONE;
    });
  }

  /**
   * Changes the profile: the fields given, all in one transaction, and
   * LastInfoTime; a mute-all switch that changes something writes its event.
   */
  modify(change: ProfileChange, operator = ""): Done {
    return this.onGroup("modify", (p) => {
      const mutesAll = change.muteAll === true || (change.muteAllSchedule?.length ?? 0) > 0;
      const muteWhy = mutesAll ? whyNoMutes(p.type) : null;
      if (muteWhy !== null) return refuse(ErrorCode.NOT_ALLOWED, muteWhy);
      const data = appDataOf(p);
      const why = whyNotProfile(p.type, change, data);
      if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
      const c = change;
      const ceiling = hasNoMemberCeiling(p.type) ? undefined : c.maxMemberNum;
      const now = clock.nowSeconds();
      const schedule = c.muteAllSchedule === undefined ? p.mute_all_schedule : JSON.stringify(c.muteAllSchedule);
      // MuteAllMember Off during an open window ends that occurrence; On (or a new schedule) forgets it.
      const current = openOccurrence(c.muteAllSchedule ?? scheduleOf(p.mute_all_schedule), now);
      const override =
        c.muteAll === false && current !== null
          ? current
          : c.muteAll === true || c.muteAllSchedule !== undefined
            ? ""
            : p.quiet_override;
      const before = muteAllOn(p, now);
      this.transaction(() => {
        this.sql.exec(
          `UPDATE profile SET name = coalesce(?, name), introduction = coalesce(?, introduction),
             notification = coalesce(?, notification), face_url = coalesce(?, face_url),
             max_member_num = coalesce(?, max_member_num), apply_join_option = coalesce(?, apply_join_option),
             invite_join_option = coalesce(?, invite_join_option), mute_all = coalesce(?, mute_all),
             app_data = coalesce(?, app_data), last_info_time = ?
           WHERE id = 1`,
          c.name ?? null,
          c.introduction ?? null,
          c.notification ?? null,
          c.faceUrl ?? null,
          ceiling ?? null,
          c.applyJoinOption ?? null,
          c.inviteJoinOption ?? null,
          c.muteAll === undefined ? null : c.muteAll ? 1 : 0,
          c.appData === undefined ? null : JSON.stringify([...mergeAppData(data, c.appData)]),
          now,
        );
        this.sql.exec(`UPDATE profile SET mute_all_schedule = ?, quiet_override = ? WHERE id = 1`, schedule, override);
        const mutedAll = c.muteAll ?? p.mute_all === 1;
        const after = muteAllOn(
          { ...p, mute_all: mutedAll ? 1 : 0, mute_all_schedule: schedule, quiet_override: override },
          now,
        );
        if (after !== before) this.muteEvents.add(after ? "MuteAll" : "UnmuteAll", GROUP_SCOPE, operator, []);
        if (c.muteAllSchedule !== undefined) {
          const edge = nextEdge(c.muteAllSchedule, now);
          if (edge === null) this.scheduler.cancel(QUIET_EDGE);
          else this.scheduler.dueBy(QUIET_EDGE, edge * 1000);
        }
      });
      return DONE;
    });
  }

  /**
   * The send gate. `m.from` is null for the app admin, who may always send.
   * Anyone else must be allowed by the group's type (see whyNotSender), must
   * not be muted (in the group, in the topic sent to, or app-wide), and must be
   * owner or admin while mute-all is on (the group's, or the topic's). A topic
   * has its own MsgSeq and history. A repeat of
   * the sender's Random within five minutes answers the first send. Past
   * MESSAGES_PER_SECOND in one second, Low and Lowest messages are dropped
   * (MsgFreqCtrl), as Tencent drops them; High and Normal never are.
   */
  async send(m: OutgoingMessage): Promise<Outcome<{ seq: number; time: number; dropReason: string | null }>> {
    return this.rpc("send", async () => {
      let gate = this.sendGate(m);
      if (gate.refused !== undefined) return gate;
      const repeat = this.repeatOf(m, gate);
      if (repeat !== null) return { ...repeat, dropReason: null };
      if (!m.skipBeforeCallback && this.wants(BEFORE_SEND)) {
        const refusal = await this.beforeSend(m, gate);
        if (refusal !== null) return refusal;
        // The group went on meanwhile: the gate and the repeat check again, on what it is now.
        gate = this.sendGate(m);
        if (gate.refused !== undefined) return gate;
        const again = this.repeatOf(m, gate);
        if (again !== null) return { ...again, dropReason: null };
      }
      return this.acceptSend(m, gate);
    });
  }

  /**
   * The checks of a send that depend on the group: it exists, the TopicId, and
   * the sender (see whyNotSending). A refused sender's exception event is
   * written here, when the app wants it.
   */
  private sendGate(m: OutgoingMessage): Outcome<SendGate> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    const scoped = this.scopeOf(p, m.topicId);
    if (scoped.refused !== undefined) return scoped;
    const now = clock.nowSeconds();
    let role: Role | null = null;
    this.gateReading = true;
    try {
      if (m.from !== null) {
        role = this.members.roleOf(m.from);
        const refusal = this.whyNotSending(p, scoped.topic, m, role, now);
        if (refusal !== null) {
          if (this.wants(SEND_EXCEPTION)) {
            this.transaction(() =>
              this.outbox.add(SEND_EXCEPTION, {
                ...this.messageFields(p, scoped.scope, m),
                ErrorCode: refusal.refused,
                ErrorInfo: refusal.info,
              }),
            );
          }
          return refusal;
        }
      }
    } finally {
      this.gateReading = false;
    }
    return { p, scope: scoped.scope, topic: scoped.topic, role, now };
  }

  /** The first send of `m`'s sender and Random within the repeat window, or null. */
  private repeatOf(m: OutgoingMessage, g: SendGate): { seq: number; time: number } | null {
    return this.unwrittenSends.get(sendKey(g.scope, m)) ?? this.messages.repeatOf(g.scope, m.sender, m.random, g.now);
  }

  /** The fields of a message as the send callbacks carry them. */
  private messageFields(p: ProfileRow, scope: string, m: OutgoingMessage): Record<string, unknown> {
    return {
      GroupId: p.group_id,
      Type: p.type,
      ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
      From_Account: m.sender,
      Operator_Account: m.operator ?? m.sender,
      Random: m.random,
      OnlineOnlyFlag: m.onlineOnly ? 1 : 0,
      MsgBody: JSON.parse(m.body) as unknown,
      ...(m.cloudCustomData === "" ? {} : { CloudCustomData: m.cloudCustomData }),
    };
  }

  /**
   * Group.CallbackBeforeSendMsg: asks the app's receiver, within 2 s. An answer
   * with ErrorCode 1 refuses the message (10016); any other answer, or none, lets it through.
   */
  private async beforeSend(m: OutgoingMessage, g: SendGate): Promise<Outcome<never> | null> {
    const target = this.callbackTarget();
    if (target === null) return null;
    const body = JSON.stringify({
      CallbackCommand: BEFORE_SEND,
      EventTime: clock.nowMs(),
      ...this.messageFields(g.p, g.scope, m),
    });
    const attempt = await postCallback(target, this.knownSdkappid(), BEFORE_SEND, body);
    log.event("callback_before_send", {
      group: g.p.group_id,
      status: attempt.status,
      ms: attempt.ms,
      errorCode: typeof attempt.answer?.ErrorCode === "number" ? attempt.answer.ErrorCode : null,
      ...(attempt.fault === null ? {} : { fault: attempt.fault }),
    });
    if (attempt.status === 200 && attempt.answer?.ErrorCode === 1) {
      return refuse(ErrorCode.CALLBACK_REFUSED, "the app's callback (Group.CallbackBeforeSendMsg) refused the message");
    }
    return null;
  }

  /** The accepted send: its MsgSeq now, in arrival order; its rows (and AfterSendMsg event) with the batch. */
  private async acceptSend(
    m: OutgoingMessage,
    g: SendGate,
  ): Promise<{ seq: number; time: number; dropReason: string | null }> {
    const { p, scope, topic, role, now } = g;
    if (this.rate.second !== now) this.rate = { second: now, sent: 0 };
    if (this.rate.sent >= MESSAGES_PER_SECOND && (m.priority === "Low" || m.priority === "Lowest")) {
      return { seq: 0, time: now, dropReason: "MsgFreqCtrl" };
    }
    this.rate.sent += 1;
    let seq: number;
    if (topic === null) {
      seq = p.last_seq + 1;
      this.profileRow = { ...p, last_seq: seq, last_msg_time: now };
    } else {
      seq = this.topics.takeSeq(topic, now);
    }
    const key = sendKey(scope, m);
    this.unwrittenSends.set(key, { seq, time: now });
    // An AVChatRoom keeps no history (Tencent's), like any online-only message; both still take a MsgSeq.
    const kept = !m.onlineOnly && whyNoHistory(p.type) === null;
    const after = !m.skipAfterCallback && this.wants(AFTER_SEND) ? this.messageFields(p, scope, m) : null;
    // If the write fails, its seq stays unused (a gap): the cached rows stay ahead of the disk, since
    // a send after it may have taken the next seq already (its write still queued); reading the rows
    // again here would hand that seq out twice.
    await this.scheduler.queueWrite(
      () => {
        this.unwrittenSends.delete(key);
        this.ctx.storage.transactionSync(() => {
          if (topic === null) {
            this.sql.exec(`UPDATE profile SET last_seq = ?, last_msg_time = ? WHERE id = 1`, seq, now);
          } else {
            this.topics.writeSeq(scope, seq, now);
          }
          if (kept) {
            this.messages.append(scope, {
              seq,
              sender: m.sender,
              random: m.random,
              time: now,
              body: m.body,
              priority: priorityNumber(m.priority),
              cloudCustomData: m.cloudCustomData,
            });
          }
          this.messages.remember(scope, m.sender, m.random, seq, now);
          if (m.from !== null && role !== null) this.members.sent(m.from, topic === null ? seq : null, now);
          if (after !== null) this.outbox.add(AFTER_SEND, { ...after, MsgSeq: seq, MsgTime: now });
        });
      },
      m.body.length,
      false,
    );
    return { seq, time: now, dropReason: null };
  }

  /**
   * Why `m.from` (a `role` or no member) may not send now, as the refusal;
   * null when it may. A Community's mutes and mute-all apply in all its
   * topics; a topic's apply in that topic only.
   */
  private whyNotSending(
    p: ProfileRow,
    topic: TopicRow | null,
    m: OutgoingMessage,
    role: Role | null,
    now: number,
  ): Outcome<never> | null {
    const from = m.from!;
    const why = whyNotSender(p.type, from, role);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const mute = this.mutes.muteOf(GROUP_SCOPE, from, now);
    if (mute !== null) return mutedRefusal(`From_Account ${from} is muted in this group`, mute, now);
    if (topic !== null) {
      const inTopic = this.mutes.muteOf(topic.topic_id, from, now);
      if (inTopic !== null) return mutedRefusal(`From_Account ${from} is muted in this topic`, inTopic, now);
    }
    if (m.appMutedUntil > now) {
      const appMute = { until: m.appMutedUntil, reason: m.appMuteReason ?? "" };
      return mutedRefusal(`From_Account ${from} is muted in every group of the app`, appMute, now);
    }
    if (role !== "Owner" && role !== "Admin") {
      if (muteAllOn(p, now)) {
        return refuse(
          ErrorCode.SENDER_MUTED,
          "the group is muted (MuteAllMember is On); only its owner and admins can send",
        );
      }
      if (topic !== null && topic.mute_all === 1) {
        return refuse(
          ErrorCode.SENDER_MUTED,
          "the topic is muted (its MuteAllMember is On); only the group's owner and admins can send",
        );
      }
    }
    return null;
  }

  /**
   * create_topic: a topic with a custom TopicId (the GroupId, TOPIC_MARK and
   * a custom part) or a generated one; MAX_TOPICS per community.
   */
  createTopic(spec: TopicSpec): Outcome<{ topicId: string }> {
    return this.onTopics("createTopic", (p) => {
      if (spec.topicId !== null && !spec.topicId.startsWith(p.group_id + TOPIC_MARK)) {
        return refuse(
          ErrorCode.INVALID_PARAMETER,
          `TopicId: must be the GroupId followed by ${TOPIC_MARK} and a custom part`,
        );
      }
      if (spec.from !== null && this.members.roleOf(spec.from) === null) {
        return refuse(ErrorCode.NOT_ALLOWED, `From_Account: ${spec.from} is not a member of the group`);
      }
      if (this.topics.count() >= MAX_TOPICS) {
        return refuse(ErrorCode.INVALID_PARAMETER, `the group has ${MAX_TOPICS} topics, the most a community may have`);
      }
      const why = whyNotTopicData(new Map(), spec.change.appData);
      if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
      let topicId = spec.topicId;
      if (topicId !== null && this.topics.get(topicId) !== null) {
        return refuse(ErrorCode.GROUP_ID_TAKEN, `TopicId: ${topicId} is already taken`);
      }
      while (topicId === null || this.topics.get(topicId) !== null) topicId = generatedTopicId(p.group_id);
      const id = topicId;
      const appData = JSON.stringify([...mergeAppData(new Map(), spec.change.appData)]);
      this.transaction(() => this.topics.create(id, spec.change, appData, clock.nowSeconds()));
      return { topicId: id };
    });
  }

  /**
   * get_topic: `topicIds` (null: all, in creation order), each as the JSON
   * text of one TopicAndSelfInfo entry; with SelfInfo for `from` when given.
   */
  topicsInfo(
    topicIds: string[] | null,
    from: string | null,
    fields: readonly TopicInfoField[] | null,
  ): Outcome<{ entriesJson: string }> {
    return this.onTopics("topicsInfo", (p) => {
      const now = clock.nowSeconds();
      const msgFlag = from === null ? null : this.members.msgFlagOf(from);
      if (from !== null && msgFlag === null) {
        return refuse(ErrorCode.NOT_ALLOWED, `From_Account: ${from} is not a member of the group`);
      }
      const ids = topicIds ?? this.topics.list().map((t) => t.topic_id);
      const entries = ids.map((id) => {
        const t = this.topics.get(id);
        if (t === null)
          return { ErrorCode: ErrorCode.TOPIC_NOT_FOUND, ErrorInfo: topicNotFound(id), TopicInfo: { TopicId: id } };
        const entry: Record<string, unknown> = {
          ErrorCode: 0,
          ErrorInfo: "",
          TopicInfo: topicInfo(t, p.group_id, fields),
        };
        if (from !== null)
          entry.SelfInfo = { ShutUpTime: this.mutes.untilOf(id, from, now), MsgSeq: 0, MsgFlag: msgFlag };
        return entry;
      });
      return { entriesJson: JSON.stringify(entries) };
    });
  }

  /** modify_topic: the fields given, in one transaction. */
  modifyTopic(topicId: string, change: TopicChange, operator = ""): Done {
    return this.onTopics("modifyTopic", () => {
      const t = this.topics.get(topicId);
      if (t === null) return refuse(ErrorCode.TOPIC_NOT_FOUND, `TopicId: ${topicNotFound(topicId)}`);
      const data = appDataOf(t);
      const why = whyNotTopicData(data, change.appData);
      if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
      const appData = change.appData === undefined ? null : JSON.stringify([...mergeAppData(data, change.appData)]);
      this.transaction(() => {
        this.topics.modify(topicId, change, appData);
        if (change.muteAll !== undefined && change.muteAll !== (t.mute_all === 1)) {
          this.muteEvents.add(change.muteAll ? "MuteAll" : "UnmuteAll", topicId, operator, []);
        }
      });
      return DONE;
    });
  }

  /** destroy_topic: each topic with its mutes, messages and Random values, in one transaction. */
  destroyTopics(topicIds: string[], operator = ""): Outcome<{ results: TopicResult[] }> {
    return this.onTopics("destroyTopics", () => {
      const results: TopicResult[] = [];
      this.transaction(() => {
        for (const topicId of topicIds) {
          if (this.topics.get(topicId) === null) {
            results.push({ topicId, code: ErrorCode.TOPIC_NOT_FOUND, info: topicNotFound(topicId) });
            continue;
          }
          this.topics.remove(topicId);
          // Its mutes end with it: those that ran out unswept as an Expire, those in force as an Unmute.
          const now = clock.nowSeconds();
          const ended = this.mutes.endedIn(topicId, now);
          if (ended.length > 0) this.muteEvents.add("Expire", topicId, "", ended);
          const active = this.mutes.activeIn(topicId, now).map((m) => ({ ...m, until: 0 }));
          if (active.length > 0) this.muteEvents.add("Unmute", topicId, operator, active);
          this.mutes.removeScope(topicId);
          this.messages.removeScope(topicId);
          results.push({ topicId, code: 0, info: "" });
        }
      });
      return { results };
    });
  }

  /** get_group_mute_history (extension): one page, newest first; `next` is a Next this answered, or "". */
  muteHistoryPage(account: string | null, next: string, limit: number): Outcome<HistoryPage & { groupId: string }> {
    return this.onGroup("muteHistoryPage", (p) => {
      if (next !== "" && !/^\d{1,15}$/.test(next)) {
        return refuse(ErrorCode.INVALID_PARAMETER, 'Next: must be "" or the Next of the previous page');
      }
      this.scheduler.flushWrites();
      return { groupId: p.group_id, ...this.muteHistory.page(account, next === "" ? null : Number(next), limit) };
    });
  }

  /**
   * group_msg_get_simple: the `wanted` seqs up to `upTo` (null: the newest),
   * at most MAX_HISTORY_PAGE of them, newest first; a seq whose message is not
   * kept answers as a placeholder. `finished` as Tencent's IsFinished: 1 when
   * the whole asked range is answered, 0 when it was cut at the page size, 2
   * when none of it is kept any more.
   */
  history(
    upTo: number | null,
    wanted: number,
    topicId: string | null,
  ): Outcome<{ groupId: string; entries: HistoryEntry[]; finished: 0 | 1 | 2 }> {
    return this.onGroup("history", (p) => {
      const scoped = this.scopeOf(p, topicId);
      if (scoped.refused !== undefined) return scoped;
      const why = whyNoHistory(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      this.scheduler.flushWrites();
      const last = scoped.topic?.last_seq ?? p.last_seq;
      const top = upTo === null ? last : Math.min(upTo, last);
      const count = Math.min(wanted, MAX_HISTORY_PAGE);
      const from = Math.max(1, top - count + 1);
      const entries = top < 1 ? [] : this.messages.range(scoped.scope, from, top);
      const cut = wanted > count && from > 1;
      const gone = entries.length > 0 && entries.every((e) => e.message === null);
      return { groupId: p.group_id, entries, finished: cut ? 0 : gone ? 2 : 1 };
    });
  }

  /** The one alarm: the scheduler runs whatever is due (mute expiry, directory sync) and re-arms for the next. */
  override async alarm(): Promise<void> {
    // A group that cannot start has nothing safe to run: the alarm is spent, and the schedule it keeps
    // re-arms it once the group starts.
    if (this.startFailedAt !== null && !this.start()) {
      this.scheduler.alarmSpent();
      return;
    }
    await this.scheduler.runDue();
  }
}

/** What a send's checks found: the group, the scope sent to, the sender's role, the time. */
interface SendGate {
  p: ProfileRow;
  scope: string;
  topic: TopicRow | null;
  role: Role | null;
  now: number;
}

/** A send's key for the repeat check: its scope, sender and Random. */
const sendKey = (scope: string, m: OutgoingMessage): string => `${scope}\n${m.sender}\n${m.random}`;

const BEFORE_SEND: CallbackCommand = "Group.CallbackBeforeSendMsg";
const AFTER_SEND: CallbackCommand = "Group.CallbackAfterSendMsg";
const SEND_EXCEPTION: CallbackCommand = "Group.CallbackSendMsgException";

/** What a TopicId that names no topic of the group is told. */
const topicNotFound = (topicId: string): string => `${topicId} does not exist in the group, or was destroyed`;

/** GroupId + `@TOPIC#_@TOPIC#c` + 11 random characters, like Tencent's `...@TOPIC#_@TOPIC#cRTE3HIM62C5`. */
function generatedTopicId(groupId: string): string {
  let id = `${groupId}${TOPIC_MARK}${GENERATED_TOPIC_PART}c`;
  for (const b of crypto.getRandomValues(new Uint8Array(11))) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** Why TopicDefinedData `changes` cannot apply to a topic holding `data`, or null when they can. */
function whyNotTopicData(data: ReadonlyMap<string, string>, changes: [string, string][] | undefined): string | null {
  const keys = mergeAppData(data, changes).size;
  return keys > MAX_GROUP_APP_KEYS
    ? `TopicDefinedData: a topic holds at most ${MAX_GROUP_APP_KEYS} custom fields; this one would hold ${keys}`
    : null;
}

/**
 * A muted sender's 10017: where, until when, and with a reason (the Reason
 * extension) the seconds left and the reason, as SPEC.md words it.
 */
function mutedRefusal(where: string, mute: { until: number; reason: string }, now: number): Outcome<never> {
  const why =
    mute.reason === ""
      ? ""
      : mute.until === PERMANENT
        ? `; muted permanently: ${mute.reason}`
        : `; muted for ${mute.until - now} more seconds: ${mute.reason}`;
  return refuse(ErrorCode.SENDER_MUTED, `${where} ${untilText(mute.until)}${why}`);
}

const tooManyMembers = (left: number) =>
  `the group has over ${left} members to answer within this call's ${MAX_ANSWER_MEMBERS}; ` +
  "list them with get_group_member_info";

/** When a mute ends, as an ErrorInfo says it. */
const untilText = (until: number): string => (until === PERMANENT ? "permanently" : `until ${until} (Unix seconds)`);

/**
 * The group's tables: all but the schedule and the directory's pending change
 * (which outlive a destroy until the directory took it), and the runtime's own.
 */
function groupTables(sql: SqlStorage): string[] {
  return sql
    .exec<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT IN ('schedule', 'directory_sync', 'outbox') AND substr(name, 1, 4) <> '_cf_'
         AND name NOT LIKE 'sqlite%'`,
    )
    .toArray()
    .map((row) => row.name);
}

/** Why `change` cannot apply to a group of `type` holding custom fields `data`, or null when it can. */
function whyNotProfile(type: GroupType, change: ProfileChange, data: ReadonlyMap<string, string>): string | null {
  const max = change.maxMemberNum;
  if (max !== undefined && !hasNoMemberCeiling(type) && max > maxMembersCeiling(type)) {
    return `MaxMemberNum: must be at most ${maxMembersCeiling(type)} for a ${type} group`;
  }
  if (change.appData !== undefined) {
    const keys = mergeAppData(data, change.appData).size;
    if (keys > MAX_GROUP_APP_KEYS) {
      return `AppDefinedData: a group holds at most ${MAX_GROUP_APP_KEYS} custom fields; this one would hold ${keys}`;
    }
  }
  return null;
}
