/**
 * Tencent's names that the group API's fields take: group types, roles,
 * member and base info fields, message flags, join options, topic info fields
 * and message priorities. The commands' schemas accept them, the RPC contract
 * (src/contract/) types its arguments with them and the group object stores
 * them: plain lists, below all three.
 */

/**
 * Tencent's group types. `Work` and `Meeting` are the newer names of `Private`
 * and `ChatRoom`; a group keeps the name it was created with. What each type
 * allows is decided in one place: src/group/group-types.ts.
 */
export const GROUP_TYPES = [
  "Public",
  "Private",
  "Work",
  "ChatRoom",
  "Meeting",
  "AVChatRoom",
  "BChatRoom",
  "Community",
] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

/**
 * The GroupType filter value a type is listed under (get_appid_group_list, get_joined_group_list):
 * Work is Private, Meeting is ChatRoom.
 */
export function listedKind(type: GroupType): string {
  return type === "Work" ? "Private" : type === "Meeting" ? "ChatRoom" : type;
}

export type Role = "Owner" | "Admin" | "Member";

/** Tencent's member fields that a member query may ask for, besides Member_Account (always answered). */
export const MEMBER_FIELDS = [
  "Role",
  "JoinTime",
  "MsgSeq",
  "MsgFlag",
  "LastSendMsgTime",
  "MuteUntil",
  "NameCard",
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export const MSG_FLAGS = ["AcceptAndNotify", "AcceptNotNotify", "Discard", "AcceptNotNotifyExceptAt"] as const;
export type MsgFlag = (typeof MSG_FLAGS)[number];

export const JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableApply"] as const;
export type JoinOption = (typeof JOIN_OPTIONS)[number];

/** get_group_info's base fields, in Tencent's order; GroupBaseInfoFilter picks among them. */
export const BASE_FIELDS = [
  "Type",
  "Name",
  "Appid",
  "Introduction",
  "Notification",
  "FaceUrl",
  "Owner_Account",
  "CreateTime",
  "LastInfoTime",
  "LastMsgTime",
  "NextMsgSeq",
  "MemberNum",
  "MaxMemberNum",
  "ApplyJoinOption",
  "InviteJoinOption",
  "MuteAllMember",
] as const;
export type BaseField = (typeof BASE_FIELDS)[number];

/** get_topic's TopicInfo fields, in the order answered; ResponseFilter picks among them (TopicId always). */
export const TOPIC_INFO_FIELDS = [
  "TopicName",
  "GroupID",
  "FaceUrl",
  "Notification",
  "Introduction",
  "CustomString",
  "CreateTime",
  "LastMsgTime",
  "NextMsgSeq",
  "ShutUpAllFlag",
  "TopicDefinedData",
] as const;
export type TopicInfoField = (typeof TOPIC_INFO_FIELDS)[number];

/** send_group_msg's MsgPriority names; history answers them as 1..4 (their place here). */
export const MESSAGE_PRIORITIES = ["High", "Normal", "Low", "Lowest"] as const;
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];
