/**
 * The frames of the live channel (SPEC, "Live channel (members' clients)"), as a client sees them:
 * one type per frame, a union discriminated on `Type` (and a Tips frame's on `TipsType`), and a
 * parser that turns a text frame into a typed frame or null. Plain TypeScript: no DOM, no server
 * code, no dependency; the console bundles it for the browser, the tests run it in workerd.
 */

/** A message element, as in `send_group_msg`'s `MsgBody`. */
export interface MsgElement {
  MsgType: string;
  MsgContent: Record<string, unknown>;
}

export type OnOff = "On" | "Off";

/** First on every connect, and after a gap that cannot be replayed (then with `Resync: true`). */
export interface StateFrame {
  Type: "State";
  /** The last frame already covered. */
  Seq: number;
  GroupId: string;
  ServerTime: number;
  Self: { Member_Account: string; Role: string; MuteUntil: number; Reason?: string };
  MuteAllMember: OnOff;
  OnlineMemberNum: number;
  Resync?: boolean;
}

interface TipsBase {
  Type: "Tips";
  Seq: number;
  GroupId: string;
  TopicId?: string;
  Time: number;
  Operator_Account: string;
}

export interface MemberChangeInfo {
  Member_Account: string;
  /** Seconds left, as Tencent's tips mean it: 0 = may speak. */
  MuteTime: number;
  MuteUntil: number;
  /** Only to the muted account itself and to admins. */
  Reason?: string;
}

/** A mute, an unmute, or a mute that ran out (`Expire`). */
export interface MemberInfoChangeTips extends TipsBase {
  TipsType: "MemberInfoChange";
  Change: "Mute" | "Unmute" | "Expire";
  MemberChangeInfoList: MemberChangeInfo[];
}

/** Mute-all switched, by a call (`Manual`) or by quiet hours (`Schedule`). */
export interface GroupInfoChangeTips extends TipsBase {
  TipsType: "GroupInfoChange";
  MuteAllMember: OnOff;
  Cause: "Manual" | "Schedule";
}

/** Members who joined, left, were removed, or became or stopped being admins. */
export interface MemberListTips extends TipsBase {
  TipsType: "Join" | "Quit" | "Kicked" | "SetAdmin" | "CancelAdmin";
  MemberList: string[];
}

/** change_group_owner: `MemberList` holds the new owner; the owner before ("" for none) is a member now. */
export interface ChangeOwnerTips extends TipsBase {
  TipsType: "ChangeOwner";
  MemberList: string[];
  OldOwner_Account: string;
}

export type TipsFrame = MemberInfoChangeTips | GroupInfoChangeTips | MemberListTips | ChangeOwnerTips;

/** Every accepted message, sent by `send_group_msg` or over a socket. */
export interface MessageFrame {
  Type: "Message";
  Seq: number;
  GroupId: string;
  TopicId?: string;
  MsgSeq: number;
  MsgTime: number;
  From_Account: string;
  Random: number;
  MsgBody: MsgElement[];
  CloudCustomData?: string;
}

/** Messages recalled together (`group_msg_recall`, `delete_group_msg_by_sender`): drop their content. */
export interface RecallFrame {
  Type: "Recall";
  Seq: number;
  GroupId: string;
  TopicId?: string;
  Time: number;
  Operator_Account: string;
  MsgSeqList: { MsgSeq: number }[];
  /** `group_msg_recall`'s Reason, when it gave one. */
  Reason?: string;
}

export interface SystemNotificationFrame {
  Type: "SystemNotification";
  Seq: number;
  GroupId: string;
  TopicId?: string;
  Content: string;
}

/** The answer to this socket's `Send`, with the codes `send_group_msg` would give. */
export interface SendAckFrame {
  Type: "SendAck";
  Random: number;
  ErrorCode: number;
  ErrorInfo: string;
  MsgSeq?: number;
  MsgTime?: number;
}

/** A frame the server could not take (the socket stays open), or a refusal before a close of 4000 or more. */
export interface ErrorFrame {
  Type: "Error";
  ErrorCode: number;
  ErrorInfo: string;
}

export type ServerFrame =
  | StateFrame
  | TipsFrame
  | MessageFrame
  | RecallFrame
  | SystemNotificationFrame
  | SendAckFrame
  | ErrorFrame;

/** Client to server: a message, through the same gate as `send_group_msg`. */
export interface SendFrame {
  Type: "Send";
  Random: number;
  MsgBody: MsgElement[];
  TopicId?: string;
  CloudCustomData?: string;
}

type Check = (value: unknown) => boolean;

/** One check per field of T, optional fields included (wrapped in `opt`), so no field goes unchecked. */
type Fields<T> = { [K in keyof T]-?: Check };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str: Check = (v) => typeof v === "string";
const int: Check = (v) => Number.isSafeInteger(v);
const nat: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const uint32: Check = (v) => nat(v) && (v as number) <= 0xffff_ffff;
const bool: Check = (v) => typeof v === "boolean";
const is =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v);
const opt =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const shape =
  <T>(fields: Fields<T>): Check =>
  (v) =>
    isRecord(v) && Object.entries<Check>(fields).every(([name, check]) => check(v[name]));

const onOff = is("On", "Off");
const msgBody = listOf(shape<MsgElement>({ MsgType: str, MsgContent: isRecord }));
const tipsBase = { Type: is("Tips"), Seq: nat, GroupId: str, TopicId: opt(str), Time: int, Operator_Account: str };
const memberList = shape<MemberListTips>({
  ...tipsBase,
  TipsType: is("Join", "Quit", "Kicked", "SetAdmin", "CancelAdmin"),
  MemberList: listOf(str),
});

const TIPS: Record<TipsFrame["TipsType"], Check> = {
  MemberInfoChange: shape<MemberInfoChangeTips>({
    ...tipsBase,
    TipsType: is("MemberInfoChange"),
    Change: is("Mute", "Unmute", "Expire"),
    MemberChangeInfoList: listOf(
      shape<MemberChangeInfo>({ Member_Account: str, MuteTime: nat, MuteUntil: nat, Reason: opt(str) }),
    ),
  }),
  GroupInfoChange: shape<GroupInfoChangeTips>({
    ...tipsBase,
    TipsType: is("GroupInfoChange"),
    MuteAllMember: onOff,
    Cause: is("Manual", "Schedule"),
  }),
  Join: memberList,
  Quit: memberList,
  Kicked: memberList,
  SetAdmin: memberList,
  CancelAdmin: memberList,
  ChangeOwner: shape<ChangeOwnerTips>({
    ...tipsBase,
    TipsType: is("ChangeOwner"),
    MemberList: listOf(str),
    OldOwner_Account: str,
  }),
};

const FRAMES: Record<Exclude<ServerFrame["Type"], "Tips">, Check> = {
  State: shape<StateFrame>({
    Type: is("State"),
    Seq: nat,
    GroupId: str,
    ServerTime: int,
    Self: shape<StateFrame["Self"]>({ Member_Account: str, Role: str, MuteUntil: nat, Reason: opt(str) }),
    MuteAllMember: onOff,
    OnlineMemberNum: nat,
    Resync: opt(bool),
  }),
  Message: shape<MessageFrame>({
    Type: is("Message"),
    Seq: nat,
    GroupId: str,
    TopicId: opt(str),
    MsgSeq: nat,
    MsgTime: int,
    From_Account: str,
    Random: uint32,
    MsgBody: msgBody,
    CloudCustomData: opt(str),
  }),
  Recall: shape<RecallFrame>({
    Type: is("Recall"),
    Seq: nat,
    GroupId: str,
    TopicId: opt(str),
    Time: int,
    Operator_Account: str,
    MsgSeqList: listOf(shape<{ MsgSeq: number }>({ MsgSeq: nat })),
    Reason: opt(str),
  }),
  SystemNotification: shape<SystemNotificationFrame>({
    Type: is("SystemNotification"),
    Seq: nat,
    GroupId: str,
    TopicId: opt(str),
    Content: str,
  }),
  SendAck: shape<SendAckFrame>({
    Type: is("SendAck"),
    Random: uint32,
    ErrorCode: int,
    ErrorInfo: str,
    MsgSeq: opt(nat),
    MsgTime: opt(int),
  }),
  Error: shape<ErrorFrame>({ Type: is("Error"), ErrorCode: int, ErrorInfo: str }),
};

/** The check of a frame's kind; `Object.hasOwn`, so that a `Type` of "toString" or "__proto__" finds none. */
function checkOf(frame: Record<string, unknown>): Check | undefined {
  const { Type, TipsType } = frame;
  if (Type === "Tips")
    return typeof TipsType === "string" && Object.hasOwn(TIPS, TipsType)
      ? TIPS[TipsType as TipsFrame["TipsType"]]
      : undefined;
  return typeof Type === "string" && Object.hasOwn(FRAMES, Type) ? FRAMES[Type as keyof typeof FRAMES] : undefined;
}

/**
 * A server's text frame as a typed frame, or null when it is not one: not JSON, an unknown `Type`
 * or `TipsType`, a missing field or one of the wrong type. Fields beyond the SPEC's are kept (a
 * newer server may add some). Never throws.
 */
export function parseFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const check = checkOf(value);
  return check?.(value) ? (value as unknown as ServerFrame) : null;
}
