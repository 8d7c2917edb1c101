import { DurableObject } from "cloudflare:workers";
import { clock } from "../clock";
import type {
  AccountsJson,
  AttrWrite,
  GroupRpc,
  GroupSpec,
  HistoryEntry,
  HistoryPage,
  ImportedMember,
  ImportedMessage,
  ImportResult,
  InfoQuery,
  JoinedEntryQuery,
  MemberChange,
  MemberQuery,
  MuteLadder,
  OutgoingMessage,
  ProfileChange,
  Recalled,
  TopicChange,
  TopicResult,
  TopicSpec,
} from "../contract/group-rpc";
import { LIVE_HEADERS } from "../contract/live";
import { log } from "../log";
import { callbackDelivery } from "../scheduler/outbox";
import type { AnswerBudget } from "../wire/answer-budget";
import type { Done, Outcome } from "../wire/errors";
import { ErrorCode, internalFault } from "../wire/errors";
import { refusedSocket } from "../wire/live";
import type { TopicInfoField } from "../wire/vocabulary";
import { banExpiry } from "./ban-expiry";
import { Banning } from "./banning";
import { GroupCore } from "./core";
import { directorySync } from "./directory-sync";
import { GroupAttrs } from "./group-attrs";
import { Importing } from "./importing";
import { JoinedTelling, joinedIndexPeer } from "./joined";
import { joinedEntry } from "./joined-entry";
import { Lifecycle } from "./lifecycle";
import { Live } from "./live";
import { livePrune } from "./live-log";
import { Membership } from "./membership";
import { muteExpiry } from "./mute-expiry";
import { historyPrune } from "./mute-history";
import { Muting } from "./muting";

import type { ProfileRow } from "./profile";
import { ProfileOps } from "./profile-ops";
import { Recalling } from "./recalling";
import { Sending } from "./sending";
import { TopicOps } from "./topic-ops";

/**
 * One group of one app, the shell the runtime calls: its lifecycle (start,
 * migrations, the failed-start retry), the RPC boundary (every public method is
 * an RPC of the Worker and answers an Outcome, a fault becoming 10002), and the
 * one alarm. Each RPC hands the call to the capability that owns it; the rules
 * live there, the tables in the stores (docs/design.md, "The group object").
 */
export class GroupObject extends DurableObject<Env> implements GroupRpc {
  private readonly g: GroupCore;
  private readonly lifecycle: Lifecycle;
  private readonly muting: Muting;
  private readonly membership: Membership;
  private readonly sending: Sending;
  private readonly topicOps: TopicOps;
  private readonly profileOps: ProfileOps;
  private readonly live: Live;
  private readonly recalling: Recalling;
  private readonly banning: Banning;
  private readonly groupAttrs: GroupAttrs;
  private readonly importing: Importing;
  private readonly joined: JoinedTelling;
  private readonly tellJoined = () => this.joined.tell();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const g = new GroupCore(ctx, env);
    this.g = g;
    this.joined = new JoinedTelling(g, joinedIndexPeer(env));
    this.lifecycle = new Lifecycle(g, this.joined);
    this.muting = new Muting(g);
    this.membership = new Membership(g, this.muting);
    this.sending = new Sending(g);
    this.topicOps = new TopicOps(g);
    this.profileOps = new ProfileOps(g);
    this.live = new Live(g, this.sending);
    this.recalling = new Recalling(g);
    this.banning = new Banning(g);
    this.groupAttrs = new GroupAttrs(g);
    this.importing = new Importing(g);
    g.committed = () => this.live.pushAfterAnswer();
    // The runtime answers a client's ping without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    g.scheduler.register(
      livePrune(
        g.liveLog,
        () => g.profile() !== null,
        () => clock.nowMs(),
      ),
    );
    const groupId = () => g.groupId();
    g.scheduler.register(muteExpiry(g.mutes, g.muteEvents, groupId));
    g.scheduler.register(historyPrune(g.muteHistory));
    g.scheduler.register(this.profileOps.quietEdges());
    g.scheduler.register(banExpiry(g));
    // Registered last: the asynchronous kinds (a call to the app object, callbacks) run after the others.
    g.scheduler.register(directorySync(g.directory, { tell: (change) => this.lifecycle.tellApp(change) }));
    g.scheduler.register(this.joined.dueWork());
    g.scheduler.register(
      callbackDelivery(g.outbox, { source: () => ({ group: groupId() }), target: (app) => g.callbackTarget(app) }),
    );
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await g.scheduler.readAlarm();
      } catch (error) {
        // Unknown, the alarm counts as unset: the schedule then sets it again at start.
        log.fault("group_alarm_unreadable", error);
      }
      g.start();
      this.live.started();
    });
  }

  /** create_group; the app's directory is told before the answer (Lifecycle). */
  async create(spec: GroupSpec): Promise<Outcome<{ groupId: string }>> {
    return this.g.rpc("create", () => this.lifecycle.create(spec));
  }

  /** destroy_group: every row but what the directory and the receiver must still learn; sockets are closed. */
  async destroy(): Promise<Done> {
    return this.g.rpc("destroy", async () => {
      const done = await this.lifecycle.destroy();
      if (done.refused === undefined) this.live.destroyed();
      return done;
    });
  }

  /**
   * The live channel's connect, the one call that is not RPC: the WebSocket
   * upgrade the Worker hands over once it has checked the UserSig and the rate.
   */
  override async fetch(request: Request): Promise<Response> {
    let response: Response;
    try {
      if (!this.g.started()) response = refusedSocket(ErrorCode.INTERNAL, "the group's storage could not be opened");
      else response = this.live.connect(request);
    } catch (error) {
      const refusal = internalFault("live_connect_failed", error);
      response = refusedSocket(refusal.refused, refusal.info);
    }
    const rows = this.g.settleRows();
    response.headers.set(LIVE_HEADERS.rows, `${rows.read},${rows.written}`);
    return response;
  }

  /** A client's frame on its socket. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.live.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.live.closed(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.live.closed(ws, 1011);
  }

  /** get_online_member_num: the distinct accounts connected. */
  onlineMembers(): Outcome<{ count: number }> {
    return this.g.onGroup("onlineMembers", () => ({ count: this.live.onlineCount() }));
  }

  /** send_group_system_notification: to those connected (`to` null: all). */
  notify(content: string, to: string[] | null, topicId: string | null): Done {
    return this.g.onGroup("notify", (p) => this.live.notify(p, content, to, topicId));
  }

  /** One entry of get_group_info, within what is left of the call's `budget`. */
  info(
    q: InfoQuery,
    members: MemberQuery | null,
    budget: AnswerBudget,
  ): Outcome<{ entryJson: string; listed: number }> {
    return this.g.onGroup("info", (p) => this.profileOps.info(p, q, members, budget));
  }

  /** modify_group_base_info. */
  modify(change: ProfileChange, operator = "", clientIp = ""): Done {
    return this.g.onGroup("modify", (p) => this.profileOps.modify(p, change, { account: operator, clientIp }));
  }

  /** forbid_send_msg: mutes (or unmutes) `accounts`, a JSON array, in the group or a topic. */
  async forbid(
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    topicId: string | null,
    operator = "",
    reason = "",
    clientIp = "",
  ): Promise<Done> {
    const by = { account: operator, clientIp };
    return this.g.rpc("forbid", () => this.muting.forbid(accounts, seconds, topicId, by, reason));
  }

  /** get_group_muted_account (legacy: get_group_shutted_uin). */
  listMuted(legacy: boolean, topicId: string | null): Outcome<{ groupId: string; mutedJson: Uint8Array }> {
    return this.g.onGroup("listMuted", (p) => this.muting.listMuted(p, legacy, topicId));
  }

  /** get_group_mute_history (extension). */
  muteHistoryPage(account: string | null, next: string, limit: number): Outcome<HistoryPage & { groupId: string }> {
    return this.g.onGroup("muteHistoryPage", (p) => this.muting.historyPage(p, account, next, limit));
  }

  /** add_group_member: per account 1 added, 2 already a member, 0 banned; the joined index hears before the answer. */
  async addMembers(accounts: string[]): Promise<Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }>> {
    return this.g.onGroupThen("addMembers", (p) => this.membership.add(p, accounts), this.tellJoined);
  }

  /** delete_group_member; the joined-group index hears before the answer. */
  async deleteMembers(accounts: string[]): Promise<Done> {
    return this.g.onGroupThen("deleteMembers", (p) => this.membership.remove(p, accounts), this.tellJoined);
  }

  /** get_joined_group_list: `account`'s entry, from the group itself. */
  joinedEntry(account: string, q: JoinedEntryQuery): Outcome<{ entryJson: string | null }> {
    return this.g.onGroup("joinedEntry", (p) => joinedEntry(this.g, p, account, q, clock.nowSeconds()));
  }

  /** get_group_member_info: one page. */
  memberPage(
    q: MemberQuery,
    at: { offset: number; next: string | null },
    limit: number,
  ): Outcome<{ memberNum: number; membersJson: Uint8Array; count: number; next: string | null }> {
    return this.g.onGroup("memberPage", (p) => this.membership.page(p, q, at, limit));
  }

  /** get_specified_group_member_info. */
  someMembers(q: MemberQuery, accounts: string[]): Outcome<{ membersJson: string }> {
    return this.g.onGroup("someMembers", (p) => this.membership.some(p, q, accounts));
  }

  /** get_role_in_group. */
  roles(accounts: string[]): Outcome<{ rolesJson: string }> {
    return this.g.onGroup("roles", (p) => this.membership.roles(p, accounts));
  }

  /** modify_group_member_info: one member's fields and (`seconds` not null) its mute. */
  async modifyMember(
    account: string,
    change: MemberChange,
    seconds: number | null,
    topicId: string | null,
    operator = "",
    reason = "",
    clientIp = "",
  ): Promise<Done> {
    const by = { account: operator, clientIp };
    return this.g.rpc("modifyMember", () => this.membership.modify(account, change, seconds, topicId, by, reason));
  }

  /** send_group_msg: the send gate, where mutes are enforced. */
  async send(m: OutgoingMessage): Promise<Outcome<{ seq: number; time: number; dropReason: string | null }>> {
    return this.g.rpc("send", () => this.sending.send(m));
  }

  /** group_msg_get_simple. */
  history(
    upTo: number | null,
    wanted: number,
    topicId: string | null,
    withRecalled = false,
  ): Outcome<{ groupId: string; entries: HistoryEntry[]; finished: 0 | 1 | 2 }> {
    return this.g.onGroup("history", (p) => this.sending.history(p, upTo, wanted, topicId, withRecalled));
  }

  /** group_msg_recall. */
  recall(seqs: number[], topicId: string | null, operator: string, reason: string): Recalled {
    return this.g.rpc("recall", () => this.recalling.recall(seqs, topicId, operator, reason));
  }

  /** delete_group_msg_by_sender. */
  recallBySender(sender: string, topicId: string | null, operator: string): Done {
    return this.g.rpc("recallBySender", () => this.recalling.recallBySender(sender, topicId, operator));
  }

  /** change_group_owner. */
  changeOwner(newOwner: string, operator: string): Done {
    return this.g.onGroup("changeOwner", (p) => this.membership.changeOwner(p, newOwner, operator));
  }

  /** create_topic. */
  createTopic(spec: TopicSpec): Outcome<{ topicId: string }> {
    return this.g.onTopics("createTopic", (p) => this.topicOps.create(p, spec));
  }

  /** get_topic. */
  topicsInfo(
    topicIds: string[] | null,
    from: string | null,
    fields: readonly TopicInfoField[] | null,
  ): Outcome<{ entriesJson: string }> {
    return this.g.onTopics("topicsInfo", (p) => this.topicOps.info(p, topicIds, from, fields));
  }

  /** modify_topic. */
  modifyTopic(topicId: string, change: TopicChange, operator = "", clientIp = ""): Done {
    return this.g.onTopics("modifyTopic", () => this.topicOps.modify(topicId, change, { account: operator, clientIp }));
  }

  /** destroy_topic. */
  destroyTopics(topicIds: string[], operator = "", clientIp = ""): Outcome<{ results: TopicResult[] }> {
    return this.g.onTopics("destroyTopics", () => this.topicOps.destroy(topicIds, { account: operator, clientIp }));
  }

  /** ban_group_member, unban_group_member, get_group_ban_member (Banning). */
  async ban(accounts: string[], seconds: number, description: string, operator = ""): Promise<Done> {
    const work = (p: ProfileRow) => this.banning.ban(p, accounts, seconds, description, operator);
    return this.g.onGroupThen("ban", work, this.tellJoined);
  }
  unban(accounts: string[], operator = ""): Done {
    return this.g.onGroup("unban", (p) => this.banning.unban(p, accounts, operator));
  }
  bannedPage(offset: number, limit: number): Outcome<{ bannedJson: string; next: number }> {
    return this.g.onGroup("bannedPage", (p) => this.banning.page(p, offset, limit));
  }

  /** get_group_attr and the writes of the group attributes (GroupAttrs). */
  attrs(): Outcome<{ attrsJson: string }> {
    return this.g.onGroup("attrs", () => this.groupAttrs.get());
  }
  writeAttrs(mode: AttrWrite, attrs: [string, string][]): Done {
    return this.g.onGroup("writeAttrs", () => this.groupAttrs.write(mode, attrs));
  }

  /** import_group_member: per account 1 imported, 2 already a member, 0 a JoinTime out of range. */
  async importMembers(
    members: ImportedMember[],
  ): Promise<Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }>> {
    return this.g.onGroupThen("importMembers", (p) => this.importing.members(p, members), this.tellJoined);
  }

  /** import_group_msg: the messages in order, each with its SendTime, or its Result. */
  importMessages(messages: ImportedMessage[], topicId: string | null): Outcome<{ results: ImportResult[] }> {
    return this.g.onGroup("importMessages", (p) => this.importing.messages(p, messages, topicId));
  }

  /** The one alarm: the scheduler runs whatever is due (mute expiry, directory sync) and re-arms for the next. */
  override async alarm(): Promise<void> {
    // A group that cannot start has nothing safe to run: the alarm is spent, and the schedule it keeps
    // re-arms it once the group starts.
    if (!this.g.started()) {
      this.g.scheduler.alarmSpent();
      return;
    }
    await this.g.scheduler.runDue();
    this.g.outbox.report();
    // Expiries and quiet-hours edges reach the sockets at the second they are due.
    this.live.push();
    // What the alarm's work cost, as a call's access line says it (docs/benchmarks.md prices both).
    const rows = this.g.settleRows();
    log.event("group_alarm", { rowsRead: rows.read, rowsWritten: rows.written });
  }
}
