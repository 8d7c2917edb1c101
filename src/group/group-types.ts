import type { GroupType, Role } from "../wire/vocabulary";

/**
 * Every rule that depends on the group's type (GROUP_TYPES, in the wire's
 * vocabulary): the one place that decides what a type allows.
 */

interface TypeRules {
  /** Members can be muted (forbid_send_msg, mute-all). */
  mutable: boolean;
  /** The group keeps a member list (initial MemberList, add/delete member). */
  hasMemberList: boolean;
  /** Who may send besides the app admin: its members, anyone (AVChatRoom), or nobody (BChatRoom). */
  senders: "members" | "anyone" | "nobody";
  /** First character after `@TGS#` in generated IDs, as Tencent's consoles show them. */
  idTag: string;
}

const rules: Record<GroupType, TypeRules> = {
  Public: { mutable: true, hasMemberList: true, senders: "members", idTag: "2" },
  Private: { mutable: false, hasMemberList: true, senders: "members", idTag: "1" },
  Work: { mutable: false, hasMemberList: true, senders: "members", idTag: "1" },
  ChatRoom: { mutable: true, hasMemberList: true, senders: "members", idTag: "3" },
  Meeting: { mutable: true, hasMemberList: true, senders: "members", idTag: "3" },
  AVChatRoom: { mutable: true, hasMemberList: false, senders: "anyone", idTag: "a" },
  BChatRoom: { mutable: false, hasMemberList: false, senders: "nobody", idTag: "b" },
  Community: { mutable: true, hasMemberList: true, senders: "members", idTag: "_" },
};

export const idTagOf = (type: GroupType): string => rules[type].idTag;

/** Why a group of `type` cannot be muted, or null when it can. */
export function whyNoMutes(type: GroupType): string | null {
  if (rules[type].mutable) return null;
  return type === "BChatRoom"
    ? "BChatRoom groups cannot mute members: only the app admin can send in them"
    : `${type} groups cannot mute members (Tencent does not support muting in ${type} groups)`;
}

/** Why a group of `type` has no member list to change, or null when it has one. */
export function whyNoMemberList(type: GroupType): string | null {
  return rules[type].hasMemberList ? null : `${type} groups keep no member list; members join and leave by themselves`;
}

/** Why a group of `type` keeps no message history, or null when it keeps one. */
export function whyNoHistory(type: GroupType): string | null {
  return type === "AVChatRoom" ? "AVChatRoom groups keep no message history (Tencent's do not either)" : null;
}

/**
 * Why `from` may not send in a group of `type` whatever its mutes, or null when
 * it may. `role` is null for a non-member; the app admin (no From_Account) is
 * not asked: it may always send.
 */
export function whyNotSender(type: GroupType, from: string, role: Role | null): string | null {
  const senders = rules[type].senders;
  if (senders === "nobody") return `only the app admin can send in a ${type} group; omit From_Account`;
  if (senders === "members" && role === null) return `From_Account ${from} is not a member of the group`;
  return null;
}

/** Why a group of `type` cannot ban accounts, or null when it can (Tencent's pages list every type but BChatRoom). */
export function whyNoBans(type: GroupType): string | null {
  return type === "BChatRoom" ? "BChatRoom groups cannot ban accounts: only the app admin takes part in them" : null;
}
