/**
 * What the tool reads of a group, from either side, with Tencent's commands
 * and field names (and this service's extensions where the source has them).
 */
import type { Answer, ApiClient } from "./client";

/** A call refused for a reason that retrying will not change. */
export class Refused extends Error {
  constructor(
    readonly command: string,
    readonly answer: Answer,
  ) {
    super(`${command} answered ${answer.ErrorCode} ${answer.ErrorInfo}`);
    this.name = "Refused";
  }
}

/** `command`'s answer, or Refused. */
export async function must(api: ApiClient, command: string, body: unknown, service?: string): Promise<Answer> {
  const answer = await api.call(command, body, service);
  if (answer.ErrorCode !== 0) throw new Refused(command, answer);
  return answer;
}

export interface Profile {
  groupId: string;
  type: string;
  name: string;
  owner: string;
  createTime: number;
  introduction: string;
  notification: string;
  faceUrl: string;
  maxMemberNum: number;
  applyJoinOption: string;
  inviteJoinOption: string;
  appData: { Key: string; Value: string }[];
  muteAll: boolean;
  /** Quiet hours (this service's MuteAllSchedule), [] when none or not answered. */
  schedule: unknown[];
  /** The newest MsgSeq. */
  lastSeq: number;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The group's profile, or null when the side has no such group (10010). */
export async function readProfile(api: ApiClient, groupId: string): Promise<Profile | null> {
  const answer = await must(api, "get_group_info", { GroupIdList: [groupId] });
  const info = (answer.GroupInfo as Record<string, unknown>[] | undefined)?.[0];
  if (info === undefined) throw new Refused("get_group_info", { ...answer, ErrorInfo: "no GroupInfo entry" });
  if (info.ErrorCode === 10010) return null;
  if (info.ErrorCode !== 0) throw new Refused("get_group_info", info as Answer);
  const muteAll = str(info.MuteAllMember ?? info.ShutUpAllMember) === "On";
  const appData = Array.isArray(info.AppDefinedData) ? (info.AppDefinedData as Profile["appData"]) : [];
  return {
    groupId,
    type: str(info.Type),
    name: str(info.Name),
    owner: str(info.Owner_Account),
    createTime: num(info.CreateTime),
    introduction: str(info.Introduction),
    notification: str(info.Notification),
    faceUrl: str(info.FaceUrl),
    maxMemberNum: num(info.MaxMemberNum),
    applyJoinOption: str(info.ApplyJoinOption),
    inviteJoinOption: str(info.InviteJoinOption),
    appData: appData.map((e) => ({ Key: str(e.Key), Value: str(e.Value) })),
    muteAll,
    schedule: Array.isArray(info.MuteAllSchedule) ? info.MuteAllSchedule : [],
    lastSeq: Math.max(0, num(info.NextMsgSeq) - 1),
  };
}

/** Whether a Community has topics: its topics (get_topic), or null when it cannot have any (11000). */
export async function readTopics(api: ApiClient, groupId: string): Promise<unknown[] | null> {
  const answer = await api.call("get_topic", { GroupId: groupId }, "million_group_open_http_svc");
  if (answer.ErrorCode === 11000) return null;
  if (answer.ErrorCode !== 0) throw new Refused("get_topic", answer);
  return Array.isArray(answer.TopicAndSelfInfo) ? answer.TopicAndSelfInfo : [];
}

export interface Member {
  account: string;
  role: string;
  joinTime: number;
}

/** Members a page: Tencent's largest is 6000, a smaller one keeps each answer small. */
const MEMBER_PAGE = 1000;

/** Every member with its role and join time: by Offset, or in a Community by Next. */
export async function readMembers(api: ApiClient, groupId: string): Promise<Member[]> {
  const members: Member[] = [];
  let offset = 0;
  let next: string | undefined;
  for (;;) {
    const body = {
      GroupId: groupId,
      Limit: MEMBER_PAGE,
      MemberInfoFilter: ["Role", "JoinTime"],
      ...(next === undefined ? { Offset: offset } : { Next: next }),
    };
    const answer = await must(api, "get_group_member_info", body);
    const page = (answer.MemberList as Record<string, unknown>[] | undefined) ?? [];
    for (const m of page)
      members.push({ account: str(m.Member_Account), role: str(m.Role), joinTime: num(m.JoinTime) });
    offset += page.length;
    if (typeof answer.Next === "string") {
      if (answer.Next === "") break;
      next = answer.Next;
    } else if (page.length < MEMBER_PAGE || offset >= num(answer.MemberNum)) {
      break;
    }
  }
  return members;
}

export interface Mute {
  account: string;
  /** Until when (Unix s); 4294967295 is for ever. */
  until: number;
  reason: string;
}

/** The accounts muted now, with the reason where the side answers one (this service's extension). */
export async function readMuted(api: ApiClient, groupId: string): Promise<Mute[]> {
  const answer = await api.call("get_group_muted_account", { GroupId: groupId });
  // A type that cannot mute (Private, Work, BChatRoom) has no muted list here; Tencent's answers an empty one.
  if (answer.ErrorCode === 10007) return [];
  if (answer.ErrorCode !== 0) throw new Refused("get_group_muted_account", answer);
  const list = (answer.MutedAccountList ?? answer.ShuttedUinList ?? []) as Record<string, unknown>[];
  return list.map((e) => ({
    account: str(e.Member_Account),
    until: num(e.MutedUntil ?? e.ShuttedUntil),
    reason: str(e.Reason),
  }));
}

export interface Message {
  seq: number;
  from: string;
  time: number;
  random: number;
  body: unknown[];
  cloudCustomData: string;
}

/** group_msg_get_simple's page. */
const HISTORY_PAGE = 20;

/** The kept messages with MsgSeq in fromSeq..toSeq, oldest first (a seq the side no longer keeps is left out). */
export async function readMessages(
  api: ApiClient,
  groupId: string,
  fromSeq: number,
  toSeq: number,
): Promise<Message[]> {
  const out: Message[] = [];
  let upTo = toSeq;
  while (upTo >= fromSeq) {
    const wanted = Math.min(HISTORY_PAGE, upTo - fromSeq + 1);
    const answer = await must(api, "group_msg_get_simple", { GroupId: groupId, ReqMsgSeq: upTo, ReqMsgNumber: wanted });
    const page = (answer.RspMsgList as Record<string, unknown>[] | undefined) ?? [];
    if (page.length === 0) break;
    let lowest = upTo;
    for (const m of page) {
      const seq = num(m.MsgSeq);
      lowest = Math.min(lowest, seq);
      if (seq < fromSeq || seq > toSeq || m.IsPlaceMsg === 1) continue;
      out.push({
        seq,
        from: str(m.From_Account),
        time: num(m.MsgTimeStamp),
        random: num(m.MsgRandom),
        body: Array.isArray(m.MsgBody) ? m.MsgBody : [],
        cloudCustomData: str(m.CloudCustomData),
      });
    }
    // Nothing older is kept: the page answered only placeholders for what it asked.
    if (answer.IsFinished === 2) break;
    upTo = lowest - 1;
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The app's GroupIds, every page of get_appid_group_list. */
export async function listGroups(api: ApiClient): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  do {
    const answer = await must(api, "get_appid_group_list", { Limit: 10000, Next: next });
    for (const g of (answer.GroupIdList as { GroupId: string }[] | undefined) ?? []) ids.push(g.GroupId);
    next = num(answer.Next);
  } while (next !== 0);
  return ids;
}
