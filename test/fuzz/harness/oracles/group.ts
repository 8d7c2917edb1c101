/**
 * The shapes of OK answers: the mute history's pages, member lists, get_group_info's entries.
 */

import { type Answer, DEMO_APP } from "../../../helpers";
import { isUint32 } from "../app/calls";
import { GROUP_TYPES, MEMBER_FIELDS, MEMBER_LIST_TYPES, NAME_BYTES } from "../arbitraries/members";
import {
  INFO_BASE_FIELDS,
  JOIN_OPTIONS,
  MAX_GROUP_APP_KEYS,
  memberCeilingOf,
  PROFILE_BYTES,
} from "../arbitraries/profile";
import { MALFORMED_ID, NO_GROUP } from "../codes";
import { byteLength, show } from "../harness";
import {
  distinct,
  isArray,
  isDescription,
  isObject,
  isReason,
  MUTE_ACTIONS,
  MUTE_HISTORY_PAGE,
  shape,
} from "../specs/spec";
import { TOPIC_MARK } from "../world";

/**
 * What is wrong with an OK answer of get_group_mute_history to `body`, or null: GroupId, Next
 * ("" or where the next page starts, only on a full page) and at most Limit entries (20 by
 * default), newest first, each exactly {Time, Action, Member_Account, Operator_Account,
 * MutedUntil, Reason} and TopicId in a topic of the group: a mute-all switch names no account,
 * no end and no reason; an expiry no operator and an end past; a mute an end to come; an unmute
 * none; all of the account asked for, when one is.
 */
export function muteHistoryProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "GroupId,Next,HistoryList") return `the answer's fields are ${keys}`;
  const why = shape(a, {
    GroupId: (v) => v === body.GroupId,
    Next: (v) => typeof v === "string" && /^(|[0-9]{1,15})$/.test(v),
    HistoryList: isArray,
  });
  if (why !== null) return why;
  const list = a.HistoryList as unknown[];
  const limit = typeof body.Limit === "number" ? body.Limit : MUTE_HISTORY_PAGE;
  if (list.length > limit) return `HistoryList holds ${list.length}, over Limit ${limit}`;
  if (a.Next !== "" && list.length !== limit) return `Next ${show(a.Next)} on a page that is not full`;
  let last = Number.POSITIVE_INFINITY;
  for (const [i, e] of list.entries()) {
    const at = `HistoryList[${i}] ${show(e)}`;
    if (!isObject(e)) return `${at} is no object`;
    const fields = Object.keys(e).join(",");
    const base = "Time,Action,Member_Account,Operator_Account,MutedUntil,Reason";
    if (fields !== base && fields !== `${base},TopicId`) return `${at} has the fields ${fields}`;
    const { Time, Action, Member_Account, Operator_Account, MutedUntil, Reason, TopicId } = e;
    if (!isUint32(Time) || Time > last) return `${at}: Time is no number, or newer than the entry before`;
    last = Time;
    if (typeof Action !== "string" || !MUTE_ACTIONS.includes(Action)) return `${at}: Action`;
    const ban = Action === "Ban" || Action === "Unban";
    if (typeof Member_Account !== "string" || typeof Operator_Account !== "string")
      return `${at}: Member_Account or Operator_Account`;
    if (!(ban ? isDescription(Reason) : isReason(Reason))) return `${at}: Reason`;
    if (!isUint32(MutedUntil)) return `${at}: MutedUntil`;
    const all = Action === "MuteAll" || Action === "UnmuteAll";
    if (all !== (Member_Account === "")) return `${at}: an account for a mute-all switch, or none for another`;
    if (all && Reason !== "") return `${at}: a mute-all switch with a Reason`;
    // An expiry has no operator: a mute's Expire, and a ban's end (an Unban without one).
    const ended = Action === "Expire" || (Action === "Unban" && Operator_Account === "");
    if (Action === "Expire" ? Operator_Account !== "" : !ended && Operator_Account === "")
      return `${at}: no operator for other than an expiry`;
    const ends =
      Action === "Mute" || Action === "Ban"
        ? MutedUntil > Time
        : ended
          ? MutedUntil > 0 && MutedUntil <= Time
          : MutedUntil === 0;
    if (!ends) return `${at}: MutedUntil does not fit the Action and Time`;
    if (TopicId !== undefined && !(typeof TopicId === "string" && TopicId.startsWith(`${body.GroupId}${TOPIC_MARK}`)))
      return `${at}: TopicId is of no topic of the group`;
    if (body.Member_Account !== undefined && body.Member_Account !== null && Member_Account !== body.Member_Account)
      return `${at}: an entry of another account than Member_Account`;
  }
  return null;
}

/**
 * What is wrong with a MemberList answered to `body` (get_group_member_info and
 * get_specified_group_member_info), or null: distinct accounts, each with exactly the fields asked
 * for in Tencent's order (MuteUntil with legacy ShutUpUntil, equal), only the roles asked for, and
 * AppMemberDefinedData with each distinct key asked for, in order.
 */
export function memberListProblem(list: unknown[], body: Record<string, unknown>): string | null {
  const filter = body.MemberInfoFilter;
  const asked = new Set<unknown>(
    Array.isArray(filter) ? filter.map((f) => (f === "ShutUpUntil" ? "MuteUntil" : f)) : MEMBER_FIELDS,
  );
  const want: string[] = ["Member_Account"];
  for (const f of MEMBER_FIELDS) if (asked.has(f)) want.push(...(f === "MuteUntil" ? [f, "ShutUpUntil"] : [f]));
  const roleFilter = body.MemberRoleFilter;
  const roles = Array.isArray(roleFilter) && roleFilter.length > 0 ? roleFilter : null;
  const keys = Array.isArray(body.AppDefinedDataFilter_GroupMember)
    ? distinct(body.AppDefinedDataFilter_GroupMember)
    : null;
  if (keys !== null) want.push("AppMemberDefinedData");
  const seen = new Set<unknown>();
  for (const m of list) {
    if (!isObject(m) || typeof m.Member_Account !== "string") return "a member is no object with a Member_Account";
    const who = `member ${show(m.Member_Account, 40)}`;
    if (seen.has(m.Member_Account)) return `${who} is listed twice`;
    seen.add(m.Member_Account);
    // The Reason extension: a member muted with a reason has it last, where MuteUntil is asked.
    const reason = asked.has("MuteUntil") && "Reason" in m ? [...want, "Reason"] : want;
    const got = Object.keys(m).join(",");
    if (got !== reason.join(",")) return `${who} answers the fields ${got}, not ${want.join(",")}`;
    if (reason !== want && !((m.MuteUntil as number) > 0 && isReason(m.Reason) && m.Reason !== ""))
      return `${who} answers a Reason without a mute, or an empty or malformed one`;
    if (m.MuteUntil !== m.ShutUpUntil) return `${who}: MuteUntil and ShutUpUntil differ`;
    if (roles !== null && "Role" in m && !roles.includes(m.Role)) return `${who} has a role not asked for`;
    if (keys !== null) {
      const data = m.AppMemberDefinedData;
      const ok =
        Array.isArray(data) &&
        data.length === keys.length &&
        data.every((d, i) => isObject(d) && d.Key === keys[i] && typeof d.Value === "string");
      if (!ok) return `${who}: AppMemberDefinedData does not answer each key asked, in order`;
    }
  }
  return null;
}

export const isInt = (v: unknown): v is number => Number.isInteger(v);
export const isText = (max: number) => (v: unknown) => typeof v === "string" && byteLength(v) <= max;
/** The checks of each base field of get_group_info, Tencent's order. */
const BASE_FIELD_CHECKS: Record<(typeof INFO_BASE_FIELDS)[number], (v: unknown) => boolean> = {
  Type: (v) => (GROUP_TYPES as readonly unknown[]).includes(v),
  Name: (v) => typeof v === "string" && v.length > 0 && byteLength(v) <= NAME_BYTES,
  Appid: (v) => v === DEMO_APP.sdkappid,
  Introduction: isText(PROFILE_BYTES.Introduction),
  Notification: isText(PROFILE_BYTES.Notification),
  FaceUrl: isText(PROFILE_BYTES.FaceUrl),
  Owner_Account: isText(32),
  CreateTime: isInt,
  LastInfoTime: isInt,
  LastMsgTime: isInt,
  NextMsgSeq: (v) => isInt(v) && v >= 1,
  MemberNum: (v) => isInt(v) && v >= 0,
  MaxMemberNum: (v) => isInt(v) && v >= 0,
  ApplyJoinOption: (v) => (JOIN_OPTIONS as readonly unknown[]).includes(v),
  InviteJoinOption: (v) => (JOIN_OPTIONS as readonly unknown[]).includes(v),
  MuteAllMember: (v) => v === "On" || v === "Off",
};
export const APP_KEY = /^[A-Za-z0-9_]{1,16}$/;

/**
 * What is wrong with get_group_info's GroupInfo answered to `body`, or null: an entry per distinct
 * GroupId in request order; a malformed one 10015 and a missing one 10010 with the envelope only;
 * an existing one with exactly the base fields asked for in Tencent's order (ShutUpAllMember next
 * to MuteAllMember, equal), AppDefinedData (each key asked, in order, or every key the group holds,
 * at most ten), and a MemberList only when asked for, and only for types with a member list.
 */
export function groupInfoProblem(a: Answer, body: Record<string, unknown>): string | null {
  const entries = a.GroupInfo;
  if (!Array.isArray(entries)) return "GroupInfo is no array";
  const ids = distinct(body.GroupIdList);
  if (entries.length !== ids.length)
    return `GroupInfo has ${entries.length} entries for ${ids.length} distinct GroupIds`;
  const filter = isObject(body.ResponseFilter) ? body.ResponseFilter : {};
  const baseNames = Array.isArray(filter.GroupBaseInfoFilter)
    ? new Set(filter.GroupBaseInfoFilter.map((f) => (f === "ShutUpAllMember" ? "MuteAllMember" : f)))
    : null;
  const base = INFO_BASE_FIELDS.filter((f) => baseNames === null || baseNames.has(f));
  const appKeys = Array.isArray(filter.AppDefinedDataFilter_Group) ? distinct(filter.AppDefinedDataFilter_Group) : null;
  const asksMembers = filter.MemberInfoFilter !== undefined || filter.AppDefinedDataFilter_GroupMember !== undefined;
  for (const [i, e] of entries.entries()) {
    if (!isObject(e)) return `entry ${i} is no object`;
    const who = `entry ${i} (${show(e.GroupId, 60)})`;
    if (e.GroupId !== ids[i]) return `${who} is not the GroupId asked in that place, ${show(ids[i], 60)}`;
    const id = ids[i] as string;
    const keys = Object.keys(e).join(",");
    if (e.ErrorCode === 0 && !/^[\x21-\x7e]{1,48}$/.test(id)) return `${who}: a malformed GroupId answers ErrorCode 0`;
    if (e.ErrorCode !== 0) {
      const want = /^[\x21-\x7e]{1,48}$/.test(id) ? NO_GROUP : MALFORMED_ID;
      if (e.ErrorCode !== want) return `${who} answers ErrorCode ${show(e.ErrorCode)}, not ${want}`;
      if (keys !== "GroupId,ErrorCode,ErrorInfo" || typeof e.ErrorInfo !== "string" || e.ErrorInfo === "")
        return `${who} failed with fields ${keys} or without an ErrorInfo`;
      continue;
    }
    const want = ["GroupId", "ErrorCode", "ErrorInfo"];
    for (const f of base) want.push(...(f === "MuteAllMember" ? [f, "ShutUpAllMember"] : [f]));
    want.push("AppDefinedData");
    const hasList = "MemberList" in e;
    if (hasList) want.push("MemberList");
    if (keys !== want.join(",")) return `${who} answers the fields ${keys}, not ${want.join(",")}`;
    if (e.ErrorInfo !== "") return `${who}: ErrorInfo is not "" with ErrorCode 0`;
    for (const f of base) if (!BASE_FIELD_CHECKS[f](e[f])) return `${who}: ${f} is malformed: ${show(e[f])}`;
    if (e.MuteAllMember !== e.ShutUpAllMember) return `${who}: MuteAllMember and ShutUpAllMember differ`;
    if ("Type" in e && "MaxMemberNum" in e && (memberCeilingOf(e.Type as string) === null) !== (e.MaxMemberNum === 0))
      return `${who}: MaxMemberNum ${show(e.MaxMemberNum)} for a ${show(e.Type)} group`;
    if (isInt(e.CreateTime) && isInt(e.LastInfoTime) && e.LastInfoTime < e.CreateTime)
      return `${who}: LastInfoTime is before CreateTime`;
    const data = e.AppDefinedData;
    if (
      !Array.isArray(data) ||
      !data.every((d) => isObject(d) && typeof d.Key === "string" && typeof d.Value === "string")
    )
      return `${who}: AppDefinedData is not a list of {Key, Value} strings: ${show(data)}`;
    if (appKeys !== null) {
      if (data.length !== appKeys.length || data.some((d, k) => d.Key !== appKeys[k]))
        return `${who}: AppDefinedData does not answer each key asked, in order`;
    } else {
      const seen = new Set(data.map((d) => d.Key));
      if (seen.size !== data.length || data.length > MAX_GROUP_APP_KEYS)
        return `${who}: AppDefinedData repeats a key or holds over ${MAX_GROUP_APP_KEYS}`;
      if (data.some((d) => d.Value === "" || !APP_KEY.test(d.Key as string)))
        return `${who}: AppDefinedData holds an empty value or a malformed key`;
    }
    // The member list: when asked for, for the types that keep one (all members, so MemberNum of them).
    if (hasList && !asksMembers) return `${who} answers a MemberList not asked for`;
    if ("Type" in e && asksMembers && hasList !== (MEMBER_LIST_TYPES as readonly unknown[]).includes(e.Type))
      return `${who}: a ${show(e.Type)} group ${hasList ? "answers" : "lacks"} a MemberList`;
    if (hasList) {
      const list = e.MemberList;
      if (!Array.isArray(list)) return `${who}: MemberList is no array`;
      if ("MemberNum" in e && list.length !== e.MemberNum) return `${who}: MemberList is not MemberNum long`;
      const why = memberListProblem(list, {
        MemberInfoFilter: filter.MemberInfoFilter ?? [],
        AppDefinedDataFilter_GroupMember: filter.AppDefinedDataFilter_GroupMember,
      });
      if (why !== null) return `${who}: ${why}`;
    }
  }
  return null;
}
