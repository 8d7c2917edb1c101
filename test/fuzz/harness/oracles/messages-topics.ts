/**
 * The shapes of OK answers: the history's pages, recalls, get_topic's entries, destroy_topic's items,
 * imports.
 */

import type { Answer } from "../../../helpers";
import { MSG_FLAGS } from "../arbitraries/app-data";
import { NAME_BYTES } from "../arbitraries/members";
import { MAX_GROUP_APP_KEYS } from "../arbitraries/profile";
import { TOPIC_INFO_FIELDS, TOPIC_TEXT_BYTES } from "../arbitraries/topics";
import { INVALID, MSG_TOO_LONG, NO_TOPIC, RECALL_NOT_FOUND, UINT32_MAX } from "../codes";
import { byteLength, show } from "../harness";
import { distinct, isArray, isObject, shape } from "../specs/spec";
import { TOPIC_MARK } from "../world";
import { APP_KEY, isInt, isText } from "./group";

/** A placeholder of group_msg_get_simple, for a seq whose message is not kept. */
export const placeholder = (MsgSeq: number) => ({
  From_Account: "",
  IsPlaceMsg: 1,
  IsSystemMsg: 0,
  MsgBody: [],
  MsgPriority: 2,
  MsgRandom: 0,
  MsgSeq,
  MsgTimeStamp: 0,
});
/** The largest page of group_msg_get_simple. */
export const HISTORY_PAGE = 20;

/**
 * What is wrong with group_msg_get_simple's answer to `body`, or null: consecutive seqs newest
 * first from at most ReqMsgSeq, min(ReqMsgNumber, 20, newest) of them, each a kept message (with
 * MsgKey, and CloudCustomData when it has one) or a placeholder; IsFinished 0 when the page cut
 * what was asked, 2 when none of it is kept, else 1.
 */
export function historyProblem(a: Answer, body: Record<string, unknown>): string | null {
  const why = shape(a, {
    GroupId: (v) => v === body.GroupId,
    IsFinished: (v) => v === 0 || v === 1 || v === 2,
    RspMsgList: isArray,
  });
  if (why !== null) return why;
  const list = a.RspMsgList as unknown[];
  const wanted = body.ReqMsgNumber as number;
  const page = Math.min(wanted, HISTORY_PAGE);
  if (list.length === 0) return a.IsFinished === 1 ? null : "IsFinished is not 1 for an empty history";
  for (const [i, m] of list.entries()) {
    if (!isObject(m)) return `RspMsgList[${i}] is no object`;
    const seq = m.MsgSeq;
    const top = (list[0] as Record<string, unknown>).MsgSeq as number;
    if (!isInt(seq) || seq !== top - i) return `RspMsgList[${i}]: MsgSeq ${show(seq)} is not ${top - i}`;
    if (m.IsPlaceMsg === 1) {
      if (JSON.stringify(m) !== JSON.stringify(placeholder(seq))) return `RspMsgList[${i}] is no placeholder`;
      continue;
    }
    // A recalled message (IsPlaceMsg 2) is answered only to WithRecalledMsg 1, without its body.
    const recalled = m.IsPlaceMsg === 2;
    if (recalled && body.WithRecalledMsg !== 1) return `RspMsgList[${i}] is recalled, not asked for`;
    const keys = Object.keys(m).join(",");
    const want = "From_Account,IsPlaceMsg,IsSystemMsg,MsgBody,MsgPriority,MsgRandom,MsgSeq,MsgTimeStamp,MsgKey";
    if (keys !== want && (recalled || keys !== `${want},CloudCustomData`))
      return `RspMsgList[${i}] has the fields ${keys}`;
    const ok =
      typeof m.From_Account === "string" &&
      (m.IsPlaceMsg === 0 || recalled) &&
      m.IsSystemMsg === 0 &&
      Array.isArray(m.MsgBody) &&
      (recalled ? m.MsgBody.length === 0 : m.MsgBody.length > 0) &&
      [1, 2, 3, 4].includes(m.MsgPriority as number) &&
      isInt(m.MsgRandom) &&
      isInt(m.MsgTimeStamp) &&
      m.MsgKey === `${seq}_${m.MsgRandom}_${m.MsgTimeStamp}` &&
      (m.CloudCustomData === undefined || (typeof m.CloudCustomData === "string" && m.CloudCustomData !== ""));
    if (!ok) return `RspMsgList[${i}] is malformed: ${show(m)}`;
  }
  const top = (list[0] as Record<string, unknown>).MsgSeq as number;
  const asked = body.ReqMsgSeq;
  if (typeof asked === "number" && asked > 0 && top > asked) return `the newest MsgSeq ${top} is past ReqMsgSeq`;
  if (list.length !== Math.min(page, top)) return `RspMsgList holds ${list.length}, not min(${page}, ${top})`;
  const oldest = top - list.length + 1;
  const finished =
    wanted > page && oldest > 1 ? 0 : list.every((m) => (m as Record<string, unknown>).IsPlaceMsg === 1) ? 2 : 1;
  return a.IsFinished === finished ? null : `IsFinished is ${a.IsFinished}, not ${finished}`;
}

/** What is wrong with group_msg_recall's RecallRetList, or null: per distinct MsgSeq asked, in order, 0 or 10030. */
export function recalledProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "RecallRetList") return `the answer's fields are ${keys}`;
  const asked = distinct((body.MsgSeqList as { MsgSeq: number }[]).map((m) => m.MsgSeq));
  const list = a.RecallRetList as unknown;
  if (!Array.isArray(list) || list.length !== asked.length)
    return `RecallRetList is no array of one entry per distinct MsgSeq (${asked.length})`;
  for (const [i, e] of list.entries()) {
    const ok =
      isObject(e) &&
      Object.keys(e).join(",") === "MsgSeq,RetCode" &&
      e.MsgSeq === asked[i] &&
      (e.RetCode === 0 || e.RetCode === RECALL_NOT_FOUND);
    if (!ok) return `RecallRetList[${i}] is malformed or not for MsgSeq ${show(asked[i])}: ${show(e)}`;
  }
  return null;
}

/** The checks of each TopicInfo field of get_topic (GroupID is the GroupId asked, checked apart). */
const TOPIC_FIELD_CHECKS: Record<(typeof TOPIC_INFO_FIELDS)[number], (v: unknown) => boolean> = {
  TopicName: (v) => typeof v === "string" && v.length > 0 && byteLength(v) <= NAME_BYTES,
  GroupID: (v) => typeof v === "string",
  FaceUrl: isText(TOPIC_TEXT_BYTES.FaceUrl),
  Notification: isText(TOPIC_TEXT_BYTES.Notification),
  Introduction: isText(TOPIC_TEXT_BYTES.Introduction),
  CustomString: isText(TOPIC_TEXT_BYTES.CustomString),
  CreateTime: isInt,
  LastMsgTime: isInt,
  NextMsgSeq: (v) => isInt(v) && v >= 1,
  ShutUpAllFlag: (v) => v === 0 || v === 1,
  TopicDefinedData: (v) =>
    Array.isArray(v) &&
    v.length <= MAX_GROUP_APP_KEYS &&
    v.every((d) => isObject(d) && APP_KEY.test(d.Key as string) && typeof d.Value === "string" && d.Value !== ""),
};

/**
 * What is wrong with get_topic's TopicAndSelfInfo answered to `body`, or null: an entry per TopicId
 * asked, in order (none asked, or []: the group's topics, each once); a topic of the group with
 * ErrorCode 0, TopicInfo with TopicId and exactly the fields ResponseFilter asks for in the documented
 * order, and SelfInfo (ShutUpTime, MsgSeq 0, MsgFlag) exactly when From_Account is given; one the
 * group does not have with 110003, a reason, and TopicInfo of its TopicId alone.
 */
export function topicInfoProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "TopicAndSelfInfo") return `the answer's fields are ${keys}`;
  const entries = a.TopicAndSelfInfo as unknown;
  if (!Array.isArray(entries)) return "TopicAndSelfInfo is no array";
  const asked = Array.isArray(body.TopicIdList) && body.TopicIdList.length > 0 ? body.TopicIdList : null;
  if (asked !== null && entries.length !== asked.length)
    return `TopicAndSelfInfo has ${entries.length} entries for ${asked.length} TopicIds asked`;
  const filter = Array.isArray(body.ResponseFilter) ? new Set<unknown>(body.ResponseFilter) : null;
  const fields = TOPIC_INFO_FIELDS.filter((f) => filter === null || filter.has(f));
  const infoKeys = ["TopicId", ...fields].join(",");
  const self = (body.From_Account ?? null) !== null;
  const head = `${String(body.GroupId)}${TOPIC_MARK}`;
  const seen = new Set<unknown>();
  for (const [i, e] of entries.entries()) {
    if (!isObject(e) || !isObject(e.TopicInfo)) return `entry ${i} is no object with a TopicInfo`;
    const info = e.TopicInfo;
    const who = `entry ${i} (${show(info.TopicId, 80)})`;
    if (asked !== null && info.TopicId !== asked[i]) return `${who} is not the TopicId asked in that place`;
    if (e.ErrorCode === NO_TOPIC) {
      if (asked === null) return `${who}: a topic of the group answers 110003`;
      const k = `${Object.keys(e).join(",")}/${Object.keys(info).join(",")}`;
      if (k !== "ErrorCode,ErrorInfo,TopicInfo/TopicId" || typeof e.ErrorInfo !== "string" || e.ErrorInfo === "")
        return `${who}: a 110003 entry has the fields ${k}, or no ErrorInfo`;
      continue;
    }
    if (e.ErrorCode !== 0) return `${who} answers ErrorCode ${show(e.ErrorCode)}`;
    if (typeof info.TopicId !== "string" || !info.TopicId.startsWith(head)) return `${who} is no topic of the group`;
    if (asked === null && seen.has(info.TopicId)) return `${who} is listed twice`;
    seen.add(info.TopicId);
    const k = Object.keys(e).join(",");
    if (k !== `ErrorCode,ErrorInfo,TopicInfo${self ? ",SelfInfo" : ""}` || e.ErrorInfo !== "")
      return `${who} has the fields ${k}, or an ErrorInfo with ErrorCode 0`;
    if (Object.keys(info).join(",") !== infoKeys)
      return `${who}: TopicInfo has the fields ${Object.keys(info).join(",")}, not ${infoKeys}`;
    for (const f of fields) if (!TOPIC_FIELD_CHECKS[f](info[f])) return `${who}: ${f} is malformed: ${show(info[f])}`;
    if ("GroupID" in info && info.GroupID !== body.GroupId) return `${who}: GroupID is not the GroupId asked`;
    if (self) {
      const mine = e.SelfInfo;
      const ok =
        isObject(mine) &&
        Object.keys(mine).join(",") === "ShutUpTime,MsgSeq,MsgFlag" &&
        isInt(mine.ShutUpTime) &&
        mine.ShutUpTime >= 0 &&
        mine.ShutUpTime <= UINT32_MAX &&
        mine.MsgSeq === 0 &&
        (MSG_FLAGS as readonly unknown[]).includes(mine.MsgFlag);
      if (!ok) return `${who}: SelfInfo is malformed: ${show(mine)}`;
    }
  }
  return null;
}

/** What is wrong with destroy_topic's DestroyResultItem, or null: per distinct TopicId asked, in order, 0 or 110003. */
export function destroyedProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "DestroyResultItem") return `the answer's fields are ${keys}`;
  const items = a.DestroyResultItem as unknown;
  const ids = distinct(body.TopicIdList);
  if (!Array.isArray(items) || items.length !== ids.length)
    return `DestroyResultItem is no array of one item per distinct TopicId (${ids.length})`;
  for (const [i, item] of items.entries()) {
    const ok =
      isObject(item) &&
      Object.keys(item).join(",") === "ErrorCode,ErrorInfo,TopicId" &&
      item.TopicId === ids[i] &&
      ((item.ErrorCode === 0 && item.ErrorInfo === "") ||
        (item.ErrorCode === NO_TOPIC && typeof item.ErrorInfo === "string" && item.ErrorInfo !== ""));
    if (!ok) return `DestroyResultItem[${i}] is malformed or not for ${show(ids[i])}: ${show(item)}`;
  }
  return null;
}

/**
 * What is wrong with an OK answer of import_group_msg to `body`, or null: one result per message,
 * {MsgSeq, MsgTime, Result}, MsgTime its SendTime; an imported one (Result 0) the next MsgSeq and a
 * time not before the one imported before it; any other Result 10004 or 80002, with MsgSeq 0.
 */
export function importMsgProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "ImportMsgResult") return `the answer's fields are ${keys}`;
  const sent = body.MsgList as Record<string, unknown>[];
  const list = a.ImportMsgResult as unknown;
  if (!Array.isArray(list) || list.length !== sent.length) return "ImportMsgResult is not one result per message";
  let last: { seq: number; time: number } | null = null;
  for (const [i, r] of list.entries()) {
    const at = `ImportMsgResult[${i}] ${show(r)}`;
    if (!isObject(r) || Object.keys(r).join(",") !== "MsgSeq,MsgTime,Result") return `${at} is malformed`;
    if (r.MsgTime !== sent[i]!.SendTime) return `${at}: MsgTime is not the message's SendTime`;
    if (r.Result !== 0) {
      if ((r.Result !== INVALID && r.Result !== MSG_TOO_LONG) || r.MsgSeq !== 0) return `${at}: a refusal`;
      continue;
    }
    if (!isInt(r.MsgSeq) || r.MsgSeq < 1 || (last !== null && r.MsgSeq !== last.seq + 1))
      return `${at}: MsgSeq does not follow the one imported before`;
    if (last !== null && (r.MsgTime as number) < last.time) return `${at}: imported before the one before it`;
    last = { seq: r.MsgSeq, time: r.MsgTime as number };
  }
  return null;
}
