import { PERMANENT } from "../wire/mute-time";
import type { MuteChange } from "./mute-events";
import { GROUP_SCOPE, type MuteRow } from "./mute-store";

/**
 * The frames the live channel pushes (SPEC.md, "Live channel"), as the changes
 * build them, and what one socket may see of each. A frame is logged once, with
 * everything; a socket that may not see a part gets it without that part.
 */

/** Who a socket is: its account, and whether it sees every Reason (an admin, the owner, an app admin). */
export interface SocketWho {
  account: string;
  admin: boolean;
  /** An app admin: an admin whatever its role in the group. */
  appAdmin: boolean;
  /** The IP the socket connected from (the ClientIP of its sends' callbacks); absent on sockets of before. */
  ip?: string;
  /** When it connected (ms): the oldest of an account's sockets is retired first; absent on sockets of before. */
  at?: number;
}

/** The key of a logged frame's audience (send_group_system_notification's list); never sent. */
const AUDIENCE = "_To";

const scoped = (scope: string) => (scope === GROUP_SCOPE ? {} : { TopicId: scope });

/** The Tips of a mute change: MemberInfoChange for accounts, GroupInfoChange for mute-all. */
export function muteTips(
  groupId: string,
  change: MuteChange,
  scope: string,
  operator: string,
  rows: readonly MuteRow[],
  at: number,
): Record<string, unknown> {
  const head = { Type: "Tips", GroupId: groupId, ...scoped(scope), Time: at, Operator_Account: operator };
  if (change === "MuteAll" || change === "UnmuteAll") {
    // Quiet hours switch it with no operator; a call names its admin.
    const cause = operator === "" ? "Schedule" : "Manual";
    return { ...head, TipsType: "GroupInfoChange", MuteAllMember: change === "MuteAll" ? "On" : "Off", Cause: cause };
  }
  return {
    ...head,
    TipsType: "MemberInfoChange",
    Change: change,
    MemberChangeInfoList: rows.map((r) => ({
      Member_Account: r.account,
      // Tencent's tips: the seconds left (0: may speak again).
      MuteTime: r.until === PERMANENT ? PERMANENT : Math.max(0, r.until - at),
      MuteUntil: r.until,
      ...(r.reason === "" ? {} : { Reason: r.reason }),
    })),
  };
}

/** The Tips of a membership change. */
export function memberTips(
  groupId: string,
  tips: "Join" | "Quit" | "Kicked" | "SetAdmin" | "CancelAdmin" | "ChangeOwner",
  accounts: readonly string[],
  operator: string,
  at: number,
): Record<string, unknown> {
  return { Type: "Tips", GroupId: groupId, Time: at, Operator_Account: operator, TipsType: tips, MemberList: accounts };
}

/** The Tips of change_group_owner: `MemberList` the new owner, `OldOwner_Account` the one before ("" for none). */
export function ownerTips(
  groupId: string,
  newOwner: string,
  oldOwner: string,
  operator: string,
  at: number,
): Record<string, unknown> {
  return {
    ...memberTips(groupId, "ChangeOwner", [newOwner], operator, at),
    OldOwner_Account: oldOwner,
  };
}

/** The Recall frame of messages recalled together (group_msg_recall, delete_group_msg_by_sender). */
export function recallFrame(
  groupId: string,
  scope: string,
  seqs: readonly number[],
  operator: string,
  reason: string,
  at: number,
): Record<string, unknown> {
  return {
    Type: "Recall",
    GroupId: groupId,
    ...scoped(scope),
    Time: at,
    Operator_Account: operator,
    MsgSeqList: seqs.map((MsgSeq) => ({ MsgSeq })),
    ...(reason === "" ? {} : { Reason: reason }),
  };
}

/** A SystemNotification; `to` null for everyone connected. */
export function notification(
  groupId: string,
  scope: string,
  content: string,
  to: readonly string[] | null,
): Record<string, unknown> {
  return {
    Type: "SystemNotification",
    GroupId: groupId,
    ...scoped(scope),
    Content: content,
    ...(to === null ? {} : { [AUDIENCE]: to }),
  };
}

/**
 * What `who` may see of a logged frame: the text as logged, or without the
 * Reasons of other accounts (a mute's Reason goes to the muted account and
 * admins only), or null when the frame is for others only.
 */
export function frameFor(text: string, who: SocketWho): string | null {
  const private_ = text.includes(`"${AUDIENCE}"`);
  if (!private_ && (who.admin || !text.includes('"Reason"'))) return text;
  const frame = JSON.parse(text) as Record<string, unknown>;
  if (private_) {
    const to = frame[AUDIENCE] as string[];
    if (!to.includes(who.account)) return null;
    delete frame[AUDIENCE];
  }
  const list = frame.MemberChangeInfoList as Record<string, unknown>[] | undefined;
  if (!who.admin && list !== undefined) {
    frame.MemberChangeInfoList = list.map((e) => {
      if (e.Member_Account === who.account || e.Reason === undefined) return e;
      const { Reason: _, ...rest } = e;
      return rest;
    });
  }
  return JSON.stringify(frame);
}

/**
 * The admin right a frame gives (true) or takes (false), by account, or null when it changes none:
 * SetAdmin and a new owner gain it, CancelAdmin and the owner before lose it.
 */
export function rightsChange(text: string): Map<string, boolean> | null {
  const set = text.includes('"TipsType":"SetAdmin"');
  const owner = text.includes('"TipsType":"ChangeOwner"');
  if (!set && !owner && !text.includes('"TipsType":"CancelAdmin"')) return null;
  const frame = JSON.parse(text) as { MemberList: string[]; OldOwner_Account?: string };
  const rights = new Map<string, boolean>();
  if (owner && frame.OldOwner_Account) rights.set(frame.OldOwner_Account, false);
  for (const account of frame.MemberList) rights.set(account, set || owner);
  return rights;
}

/** The accounts a Kicked or Quit frame removes (their sockets close after it), or none. */
export function removedBy(text: string): string[] {
  if (!text.includes('"TipsType":"Kicked"') && !text.includes('"TipsType":"Quit"')) return [];
  return (JSON.parse(text) as { MemberList: string[] }).MemberList;
}
