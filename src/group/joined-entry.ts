import type { JoinedEntryQuery } from "../contract/group-rpc";
import type { Outcome } from "../wire/errors";
import { BASE_FIELDS } from "../wire/vocabulary";
import type { GroupCore } from "./core";
import { muteAllOn, type ProfileRow } from "./profile";

/** GroupBaseInfoFilter's names, in the order answered: get_group_info's, and mute-all's legacy name. */
const BASE_NAMES = [...BASE_FIELDS, "ShutUpAllMember"] as const;
/** SelfInfoFilter's names, in the order answered; the mute under either name, as asked. */
const SELF_NAMES = [
  "Role",
  "JoinTime",
  "MsgSeq",
  "MsgFlag",
  "LastSendMsgTime",
  "MuteUntil",
  "ShutUpUntil",
  "NameCard",
  "UnreadMsgNum",
] as const;

/**
 * One entry of get_joined_group_list's GroupIdList for `account`, as JSON
 * text: the GroupId, the asked base fields and SelfInfo, read from the group
 * itself, so never older than the call. null when the account is not a member
 * (the index has not heard of its leaving yet): the Worker leaves it out.
 */
export function joinedEntry(
  g: GroupCore,
  p: ProfileRow,
  account: string,
  q: JoinedEntryQuery,
  now: number,
): Outcome<{ entryJson: string | null }> {
  const self = g.members.selfOf(account, now);
  if (self === null) return { entryJson: null };
  const base: Record<string, unknown> = {
    Type: p.type,
    Name: p.name,
    Appid: q.sdkappid,
    Introduction: p.introduction,
    Notification: p.notification,
    FaceUrl: p.face_url,
    Owner_Account: p.owner,
    CreateTime: p.created,
    LastInfoTime: p.last_info_time,
    LastMsgTime: p.last_msg_time,
    NextMsgSeq: p.last_seq + 1,
    MemberNum: p.member_num,
    MaxMemberNum: p.max_member_num,
    ApplyJoinOption: p.apply_join_option,
    InviteJoinOption: p.invite_join_option,
    MuteAllMember: muteAllOn(p, now) ? "On" : "Off",
  };
  base.ShutUpAllMember = base.MuteAllMember;
  const mine: Record<string, unknown> = {
    Role: self.role,
    JoinTime: self.joined,
    MsgSeq: self.msg_seq,
    MsgFlag: self.msg_flag,
    LastSendMsgTime: self.last_send,
    MuteUntil: self.until,
    ShutUpUntil: self.until,
    NameCard: self.name_card,
    // Read positions are not kept (set_unread_msg_num answers 10003): nothing is counted unread.
    UnreadMsgNum: 0,
  };
  const entry: Record<string, unknown> = { GroupId: p.group_id };
  for (const name of BASE_NAMES) if (q.base.includes(name)) entry[name] = base[name];
  const info: Record<string, unknown> = {};
  for (const name of SELF_NAMES) if (q.self.includes(name)) info[name] = mine[name];
  if (q.topics) {
    // SupportTopic's entry (Tencent's example): the community's message count across its topics.
    entry.Type = p.type;
    entry.SupportTopic = p.support_topic;
    entry.GrossTopicNextMsgSeq = p.last_seq + g.topics.list().reduce((n, t) => n + t.last_seq, 0) + 1;
    // Read positions are not kept: the member's own last message stands for what it has read.
    info.GrossTopicReadSeq = self.msg_seq;
  }
  if (q.self.length > 0 || q.topics) entry.SelfInfo = info;
  return { entryJson: JSON.stringify(entry) };
}
