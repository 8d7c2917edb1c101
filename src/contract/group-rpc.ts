import type { AnswerBudget } from "../wire/answer-budget";
import type { Done, ErrorCode, Outcome } from "../wire/errors";
import type {
  BaseField,
  GroupType,
  JoinOption,
  MemberField,
  MessagePriority,
  MsgFlag,
  Role,
  TopicInfoField,
} from "../wire/vocabulary";

/**
 * What the Worker may ask of a group's object (GroupObject, src/group/), and
 * what each call answers. The commands hold a GroupStub, typed by this
 * interface, never the class; the class `implements` it, so that the compiler
 * keeps the two equal. Each method answers an Outcome (a refusal crosses as
 * data, never as a throw) now or, over the stub, as a promise.
 */
export interface GroupRpc {
  /** create_group: the group, its owner and members; the app's directory learns it before the answer. */
  create(spec: GroupSpec): MaybePromise<Outcome<{ groupId: string }>>;
  /** destroy_group: wipes the group; its GroupId can be created again at once. */
  destroy(): MaybePromise<Done>;
  /** One entry of get_group_info's GroupInfo as JSON text, within what is left of the call's `budget`. */
  info(
    q: InfoQuery,
    members: MemberQuery | null,
    budget: AnswerBudget,
  ): MaybePromise<Outcome<{ entryJson: string; listed: number }>>;
  /**
   * forbid_send_msg: mutes `accounts` for `seconds` (0 unmutes), or by the app's ladder (Escalate).
   * `operator` and `clientIp`, here and below: the calling admin and its IP, as the change's events tell.
   */
  forbid(
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    topicId: string | null,
    operator?: string,
    reason?: string,
    clientIp?: string,
  ): MaybePromise<Done>;
  /** get_group_muted_account: MutedAccountList (or the legacy ShuttedUinList) as UTF-8 JSON. */
  listMuted(legacy: boolean, topicId: string | null): MaybePromise<Outcome<{ groupId: string; mutedJson: Uint8Array }>>;
  /** add_group_member: per account, 1 added, 2 already a member, 0 banned. */
  addMembers(accounts: string[]): MaybePromise<Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }>>;
  /** delete_group_member: their mutes stay (a mute belongs to the group and the account). */
  deleteMembers(accounts: string[]): MaybePromise<Done>;
  /** get_group_member_info: one page of MemberList as UTF-8 JSON, by `offset` or (a Community) by `next`. */
  memberPage(
    q: MemberQuery,
    at: { offset: number; next: string | null },
    limit: number,
  ): MaybePromise<Outcome<{ memberNum: number; membersJson: Uint8Array; count: number; next: string | null }>>;
  /** get_specified_group_member_info: those of `accounts` that are members, as the JSON text of MemberList. */
  someMembers(q: MemberQuery, accounts: string[]): MaybePromise<Outcome<{ membersJson: string }>>;
  /** get_role_in_group: the JSON text of UserIdList ("NotMember" for outsiders). */
  roles(accounts: string[]): MaybePromise<Outcome<{ rolesJson: string }>>;
  /** modify_group_member_info: one member's fields and (`seconds` not null) its mute, in one write. */
  modifyMember(
    account: string,
    change: MemberChange,
    seconds: number | null,
    topicId: string | null,
    operator?: string,
    reason?: string,
    clientIp?: string,
  ): MaybePromise<Done>;
  /** modify_group_base_info: the profile fields given. */
  modify(change: ProfileChange, operator?: string, clientIp?: string): MaybePromise<Done>;
  /** send_group_msg: the message's MsgSeq and time, or why it was refused or dropped. */
  send(m: OutgoingMessage): MaybePromise<Outcome<{ seq: number; time: number; dropReason: string | null }>>;
  /** create_topic: the TopicId, given or generated. */
  createTopic(spec: TopicSpec): MaybePromise<Outcome<{ topicId: string }>>;
  /** get_topic: `topicIds` (null: all) as the JSON text of TopicAndSelfInfo, with SelfInfo for `from`. */
  topicsInfo(
    topicIds: string[] | null,
    from: string | null,
    fields: readonly TopicInfoField[] | null,
  ): MaybePromise<Outcome<{ entriesJson: string }>>;
  /** modify_topic: the fields given. */
  modifyTopic(topicId: string, change: TopicChange, operator?: string, clientIp?: string): MaybePromise<Done>;
  /** destroy_topic: one result per TopicId. */
  destroyTopics(
    topicIds: string[],
    operator?: string,
    clientIp?: string,
  ): MaybePromise<Outcome<{ results: TopicResult[] }>>;
  /** get_group_mute_history (extension): one page, newest first. */
  muteHistoryPage(
    account: string | null,
    next: string,
    limit: number,
  ): MaybePromise<Outcome<HistoryPage & { groupId: string }>>;
  /**
   * group_msg_get_simple: the `wanted` seqs up to `upTo` (null: the newest), newest first; a
   * recalled message is answered as such with `withRecalled`, else as a seq not kept.
   */
  history(
    upTo: number | null,
    wanted: number,
    topicId: string | null,
    withRecalled?: boolean,
  ): MaybePromise<Outcome<{ groupId: string; entries: HistoryEntry[]; finished: 0 | 1 | 2 }>>;
  /** get_online_member_num: the distinct accounts connected to the live channel. */
  onlineMembers(): MaybePromise<Outcome<{ count: number }>>;
  /** send_group_system_notification: a SystemNotification to those connected (`to` null: all). */
  notify(content: string, to: string[] | null, topicId: string | null): MaybePromise<Done>;
  /** group_msg_recall: per distinct MsgSeq asked, in order, 0 (recalled) or RECALL_NOT_FOUND. */
  recall(seqs: number[], topicId: string | null, operator: string, reason: string): MaybePromise<Recalled>;
  /** delete_group_msg_by_sender: recalls `sender`'s messages among the last 1,000 of the scope. */
  recallBySender(sender: string, topicId: string | null, operator: string): MaybePromise<Done>;
  /** change_group_owner: `newOwner`, a member, owns the group; the old owner is an ordinary member. */
  changeOwner(newOwner: string, operator: string): MaybePromise<Done>;
  /** ban_group_member: removes `accounts` and keeps them out for `seconds`; `description` kept with the ban. */
  ban(accounts: string[], seconds: number, description: string, operator?: string): MaybePromise<Done>;
  /** unban_group_member: lifts the bans of `accounts`. */
  unban(accounts: string[], operator?: string): MaybePromise<Done>;
  /** get_group_ban_member: the bans in force after position `offset`, as the JSON text of BannedAccountList. */
  bannedPage(offset: number, limit: number): MaybePromise<Outcome<{ bannedJson: string; next: number }>>;
  /** get_group_attr: GroupAttrAry as JSON text. */
  attrs(): MaybePromise<Outcome<{ attrsJson: string }>>;
  /** modify_group_attr (merge), set_group_attr (replace), clear_group_attr (`attrs` empty). */
  writeAttrs(mode: AttrWrite, attrs: [string, string][]): MaybePromise<Done>;
  /** import_group_member: per account, 1 imported, 2 already a member, 0 its JoinTime out of range. */
  importMembers(
    members: ImportedMember[],
  ): MaybePromise<Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }>>;
  /** import_group_msg: per message, its MsgSeq and time, or why it was not imported (10004, 80002). */
  importMessages(
    messages: ImportedMessage[],
    topicId: string | null,
  ): MaybePromise<Outcome<{ results: ImportResult[] }>>;
  /** get_joined_group_list: `account`'s entry as JSON text, or null when it is not a member. */
  joinedEntry(account: string, q: JoinedEntryQuery): MaybePromise<Outcome<{ entryJson: string | null }>>;
}

/** A group's object as the Worker holds it: each method of GroupRpc, answering a promise. */
export type GroupStub = Rpc.Provider<GroupRpc>;

/** An RPC method may answer at once or later: over the stub it is a promise either way. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A list of accounts as JSON text. Mutes travel this way from the Worker to
 * SQLite: one string over RPC (cheaper than an array) bound as one parameter.
 */
export type AccountsJson = string;

/** The most steps a muteLadder may have: Escalate never needs to count past the last but one. */
export const MAX_LADDER_STEPS = 20;
/** The days of mute history always kept: the longest `decayDays` a muteLadder may have. */
export const HISTORY_DAYS = 90;

/** The app's escalation ladder (its `muteLadder`): seconds by step, and how long a mute counts. */
export interface MuteLadder {
  steps: number[];
  decayDays: number;
}

export interface GroupSpec {
  groupId: string;
  type: GroupType;
  name: string;
  /** "" when the group has no owner (created by the app admin for nobody). */
  owner: string;
  members: { account: string; role: Exclude<Role, "Owner"> }[];
  /** The rest of the profile: what create_group gives, the type's defaults for the rest. */
  profile: ProfileChange;
  /** A Community with topics (SupportTopic 1). */
  supportTopic: boolean;
  /** import_group's CreateTime (Unix s, not after now); absent: the call's time. */
  createTime?: number;
}

/** One member of import_group_member: its role and when it joined (absent: the call's time). */
export interface ImportedMember {
  account: string;
  role: Exclude<Role, "Owner">;
  joinTime?: number;
}

/** One message of import_group_msg, with the time it was sent in the system it comes from. */
export interface ImportedMessage {
  sender: string;
  sendTime: number;
  random: number;
  /** MsgBody as JSON text. */
  body: string;
  cloudCustomData: string;
}

/** One entry of import_group_msg's ImportMsgResult: Result 0 with its MsgSeq, or 10004 / 80002 and MsgSeq 0. */
export interface ImportResult {
  seq: number;
  time: number;
  result: 0 | typeof ErrorCode.INVALID_PARAMETER | typeof ErrorCode.MSG_TOO_LONG;
}

/** A change of the profile (modify_group_base_info); absent fields stay as they are. */
export interface ProfileChange {
  name?: string;
  introduction?: string;
  notification?: string;
  faceUrl?: string;
  maxMemberNum?: number;
  applyJoinOption?: JoinOption;
  inviteJoinOption?: JoinOption;
  muteAll?: boolean;
  /** Custom group fields to set, as [Key, Value] in the order given; "" removes the key. */
  appData?: [string, string][];
  /** Quiet hours (the MuteAllSchedule extension); [] clears them. */
  muteAllSchedule?: QuietWindow[];
}

/** One window: ISO weekdays (Monday 1), and local "HH:MM" times; End not after Start runs past midnight. */
export interface QuietWindow {
  Days: number[];
  Start: string;
  End: string;
  TimeZone: string;
}

/** What get_group_info asks of one group. */
export interface InfoQuery {
  sdkappid: number;
  /** The base fields to answer; null for all. */
  baseFields: readonly BaseField[] | null;
  /** The custom group keys to answer; null for all the group has. */
  appKeys: readonly string[] | null;
}

/** What one entry of get_joined_group_list answers: the fields asked, by the names asked. */
export interface JoinedEntryQuery {
  sdkappid: number;
  /** GroupBaseInfoFilter's names (unknown ones answer nothing). */
  base: readonly string[];
  /** SelfInfoFilter's names (unknown ones answer nothing); none: no SelfInfo. */
  self: readonly string[];
  /** SupportTopic 1: Type, SupportTopic, GrossTopicNextMsgSeq and SelfInfo's GrossTopicReadSeq. */
  topics: boolean;
}

/** What a member query answers: which fields, which roles, which custom keys. */
export interface MemberQuery {
  /** The fields to answer; `MuteUntil` answers legacy `ShutUpUntil` too. */
  fields: readonly MemberField[];
  /** Only these roles; null for all. */
  roles: readonly Role[] | null;
  /** The AppMemberDefinedData keys to answer ("" for one unset); null answers none. */
  appKeys: readonly string[] | null;
}

/** A change of one member's own fields (modify_group_member_info); absent fields stay as they are. */
export interface MemberChange {
  role?: Exclude<Role, "Owner">;
  msgFlag?: MsgFlag;
  nameCard?: string;
  /** Custom fields to set, as Key → Value. */
  appData?: Record<string, string>;
}

/** One send_group_msg, as the group object takes it. */
export interface OutgoingMessage {
  /** The sending account; null for the app admin. */
  from: string | null;
  /** Who the history and the repeat check know as the sender: `from`, or the admin's identifier. */
  sender: string;
  random: number;
  /** MsgBody as JSON text. */
  body: string;
  priority: MessagePriority;
  cloudCustomData: string;
  onlineOnly: boolean;
  /** Until when the sender is muted in every group of the app (Unix s, read at admission); 0 when not. */
  appMutedUntil: number;
  /** Why, when it is (the Reason extension). */
  appMuteReason?: string;
  /** The topic it is sent in (TopicId); null for the group itself. */
  topicId: string | null;
  /** The app admin who calls (Operator_Account of the callbacks); `sender` when not given. */
  operator?: string;
  /** ForbidCallbackControl: no Group.CallbackBeforeSendMsg / Group.CallbackAfterSendMsg for this message. */
  skipBeforeCallback?: boolean;
  skipAfterCallback?: boolean;
  /** The sender's IP (the ClientIP of the send callbacks); "" when not known. */
  clientIp?: string;
}

/** A kept message, as the history answers it. */
export interface StoredMessage {
  seq: number;
  sender: string;
  random: number;
  time: number;
  /** MsgBody as sent, as JSON text (parsed only where it is answered). */
  body: string;
  /** 1 High .. 4 Lowest. */
  priority: number;
  cloudCustomData: string;
  /** Recalled (group_msg_recall, delete_group_msg_by_sender): its body and custom data are gone. */
  recalled: boolean;
}

/** group_msg_recall's RecallRetList: per MsgSeq, its RetCode. */
export type Recalled = Outcome<{ results: { seq: number; code: number }[] }>;

/** One entry of a history page: a kept message, or the place of one not kept (null). */
export type HistoryEntry = { seq: number; message: StoredMessage | null };

/** How a write changes the group attributes: modify merges, set replaces them all, clear removes them all. */
export type AttrWrite = "modify" | "set" | "clear";

/** One page of get_group_mute_history. */
export interface HistoryPage {
  /** HistoryList's JSON text. */
  entriesJson: string;
  /** The Next of the following page, "" at the end. */
  next: string;
}

/** A topic's fields as create_topic and modify_topic give them; absent ones stay as they are. */
export interface TopicChange {
  name?: string;
  faceUrl?: string;
  notification?: string;
  introduction?: string;
  customString?: string;
  muteAll?: boolean;
  /** TopicDefinedData to set, as [Key, Value] in the order given; "" removes the key. */
  appData?: [string, string][];
}

/** What create_topic asks: a custom TopicId, or null for a generated one. */
export interface TopicSpec {
  topicId: string | null;
  /** The member creating it (From_Account), or null. */
  from: string | null;
  change: TopicChange & { name: string };
}

/** One entry of destroy_topic's DestroyResultItem. */
export interface TopicResult {
  topicId: string;
  code: 0 | typeof ErrorCode.TOPIC_NOT_FOUND;
  info: string;
}
