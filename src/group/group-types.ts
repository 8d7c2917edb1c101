/**
 * Tencent's group types and what each allows. `Work` and `Meeting` are the
 * newer names of `Private` and `ChatRoom`; a group keeps the name it was created with.
 */
export const GROUP_TYPES = ["Public", "Private", "Work", "ChatRoom", "Meeting", "AVChatRoom", "BChatRoom", "Community"] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

interface TypeRules {
  /** Members can be muted (forbid_send_msg). */
  mutable: boolean;
  /** The group keeps a member list (initial MemberList, add/delete member). */
  hasMemberList: boolean;
  /** First character after `@TGS#` in generated IDs, as Tencent's consoles show them. */
  idTag: string;
}

const rules: Record<GroupType, TypeRules> = {
  Public: { mutable: true, hasMemberList: true, idTag: "2" },
  Private: { mutable: false, hasMemberList: true, idTag: "1" },
  Work: { mutable: false, hasMemberList: true, idTag: "1" },
  ChatRoom: { mutable: true, hasMemberList: true, idTag: "3" },
  Meeting: { mutable: true, hasMemberList: true, idTag: "3" },
  AVChatRoom: { mutable: true, hasMemberList: false, idTag: "a" },
  BChatRoom: { mutable: false, hasMemberList: false, idTag: "b" },
  Community: { mutable: true, hasMemberList: true, idTag: "_" },
};

export const typeRules = (type: GroupType): TypeRules => rules[type];

/** Why a type cannot be muted, in words a caller can act on. */
export function whyNotMutable(type: GroupType): string {
  return type === "BChatRoom"
    ? "BChatRoom groups cannot mute members: only the app admin can send in them"
    : `${type} groups cannot mute members (Tencent does not support muting in ${type} groups)`;
}
