import type { InfoQuery } from "../contract/group-rpc";
import { BASE_FIELDS, type BaseField, type GroupType, type JoinOption } from "../wire/vocabulary";
import { openOccurrenceOf, scheduleOf } from "./quiet-hours";

/**
 * The group profile: what create_group and modify_group_base_info write and
 * get_group_info answers, with Tencent's names, limits and defaults
 * (docs/api.md, "Group profile").
 */

/** Byte limits of the profile's texts (Tencent's group system page: fixed, not per plan). */
export const PROFILE_TEXT_BYTES = { Name: 30, Introduction: 240, Notification: 300, FaceUrl: 100 } as const;

/** Custom group fields: at most 10 per group, values up to 512 bytes (members: 5 and 64). */
export const MAX_GROUP_APP_KEYS = 10;
export const MAX_GROUP_APP_VALUE_BYTES = 512;

/**
 * The largest MaxMemberNum a group may be given, by Tencent's group system page: 6,000 for
 * Work, Public and Meeting (its largest plan), 100,000 for a Community.
 */
export function maxMembersCeiling(type: GroupType): number {
  return type === "Community" ? 100_000 : 6000;
}

/** Why `count` members are too many for a group of at most `max` (0: no ceiling), or null when they fit. */
export function whyFull(count: number, max: number): string | null {
  return max > 0 && count > max
    ? `the group is full: ${count} members would be over its MaxMemberNum of ${max}; add fewer, or raise MaxMemberNum`
    : null;
}

/** True for types whose MaxMemberNum means nothing (Tencent ignores it there). */
export const hasNoMemberCeiling = (type: GroupType): boolean => type === "AVChatRoom" || type === "BChatRoom";

/** A new group's defaults for what the caller did not give. */
export function profileDefaults(type: GroupType): {
  maxMemberNum: number;
  applyJoinOption: JoinOption;
  inviteJoinOption: JoinOption;
} {
  const open = hasNoMemberCeiling(type);
  const work = type === "Private" || type === "Work";
  return {
    // Audio-video groups have no member ceiling: Tencent answers 0 and ignores a given one.
    maxMemberNum: open ? 0 : type === "Community" ? 100_000 : 6000,
    applyJoinOption: open ? "FreeAccess" : work ? "DisableApply" : "NeedPermission",
    inviteJoinOption: work ? "FreeAccess" : "NeedPermission",
  };
}

/** The profile row of a group's SQLite table. */
export type ProfileRow = {
  group_id: string;
  type: GroupType;
  name: string;
  owner: string;
  created: number;
  mute_all: number;
  last_seq: number;
  member_num: number;
  introduction: string;
  notification: string;
  face_url: string;
  max_member_num: number;
  apply_join_option: string;
  invite_join_option: string;
  /** Custom group fields as a JSON object, Key → Value. */
  app_data: string;
  last_info_time: number;
  last_msg_time: number;
  /** The ms of the group's create_group: orders the lives of one GroupId in the app's directory. */
  incarnation: number;
  /** 1 for a Community made with SupportTopic 1: it has topics (create_topic). */
  support_topic: number;
  /** The group's app; 0 for a group made before version 6 until its next call. */
  sdkappid: number;
  /** Quiet hours (MuteAllSchedule) as JSON; "[]" for none. */
  mute_all_schedule: string;
  /** The window occurrence that MuteAllMember Off ended early ("" for none). */
  quiet_override: string;
};

/**
 * Whether the group behaves as muted for all at `now`: mute-all is on, or a
 * quiet-hours window is open (and was not ended early by MuteAllMember Off).
 */
export function muteAllOn(row: ProfileRow, now: number): boolean {
  if (row.mute_all === 1) return true;
  if (row.mute_all_schedule === "[]") return false;
  const open = openOccurrenceOf(row.mute_all_schedule, now);
  return open !== null && open !== row.quiet_override;
}

/**
 * A group's (or a topic's) custom fields, read from its row: a JSON array of [Key, Value]
 * pairs, kept in the order set (an object would put keys like "123" first).
 * `{}` (a group made before any was set) and anything unreadable read as none.
 */
export function appDataOf(row: { app_data: string }): Map<string, string> {
  try {
    const data: unknown = JSON.parse(row.app_data);
    return Array.isArray(data) ? new Map(data as [string, string][]) : new Map();
  } catch {
    return new Map();
  }
}

/** The base fields and AppDefinedData of one GroupInfo entry, in Tencent's order. */
export function infoFields(row: ProfileRow, q: InfoQuery, now: number): Record<string, unknown> {
  const values: Record<BaseField, unknown> = {
    Type: row.type,
    Name: row.name,
    Appid: q.sdkappid,
    Introduction: row.introduction,
    Notification: row.notification,
    FaceUrl: row.face_url,
    Owner_Account: row.owner,
    CreateTime: row.created,
    LastInfoTime: row.last_info_time,
    LastMsgTime: row.last_msg_time,
    NextMsgSeq: row.last_seq + 1,
    MemberNum: row.member_num,
    MaxMemberNum: row.max_member_num,
    ApplyJoinOption: row.apply_join_option,
    InviteJoinOption: row.invite_join_option,
    MuteAllMember: muteAllOn(row, now) ? "On" : "Off",
  };
  const out: Record<string, unknown> = {};
  for (const f of BASE_FIELDS) {
    if (q.baseFields !== null && !q.baseFields.includes(f)) continue;
    out[f] = values[f];
    // SDKs of both eras: the legacy name next to the current one.
    if (f === "MuteAllMember") {
      out.ShutUpAllMember = values[f];
      // The quiet-hours extension: the schedule, only where there is one.
      if (row.mute_all_schedule !== "[]") out.MuteAllSchedule = scheduleOf(row.mute_all_schedule);
    }
  }
  const data = appDataOf(row);
  const keys = q.appKeys ?? [...data.keys()];
  out.AppDefinedData = keys.map((Key) => ({ Key, Value: data.get(Key) ?? "" }));
  return out;
}

/** `data` with `changes` applied, in the order set: a key set to "" is removed. */
export function mergeAppData(
  data: ReadonlyMap<string, string>,
  changes: [string, string][] | undefined,
): Map<string, string> {
  const merged = new Map(data);
  for (const [key, value] of changes ?? []) {
    if (value === "") merged.delete(key);
    else merged.set(key, value);
  }
  return merged;
}
