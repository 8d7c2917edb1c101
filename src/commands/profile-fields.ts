import { z } from "zod";
import type { QuietWindow } from "../contract/group-rpc";
import { MAX_GROUP_APP_VALUE_BYTES, PROFILE_TEXT_BYTES } from "../group/profile";
import { isTimeZone, MAX_WINDOWS } from "../group/quiet-hours";
import { fitsBytes, onOff, requiredString, textUpTo, uint32 } from "../wire/fields";
import { JOIN_OPTIONS } from "../wire/vocabulary";
import { appKey } from "./member-query";

/**
 * The group profile's fields as create_group and modify_group_base_info take
 * them, with Tencent's limits (src/group/profile.ts). Both commands spread
 * these into their schemas; the group object checks what depends on the group.
 */

const joinOption = () =>
  z.enum(JOIN_OPTIONS, {
    error: (i) => (i.input === undefined ? "is required" : `must be one of ${JOIN_OPTIONS.join(", ")}`),
  });

/** A group's name: 1..30 bytes. */
export const groupName = () =>
  requiredString().refine((s) => fitsBytes(s, PROFILE_TEXT_BYTES.Name), {
    error: `must be 1 to ${PROFILE_TEXT_BYTES.Name} bytes`,
  });

/**
 * Entries one AppDefinedData list may hold: a group keeps at most 10 keys, but one change may
 * also clear keys ("" values), so the list itself is bounded more loosely.
 */
const MAX_APP_DATA_ENTRIES = 64;

/** Custom group fields: [{Key, Value}], Value up to 512 bytes ("" removes the key in a change). */
export const appDefinedData = () =>
  z
    .array(
      z.object({
        Key: appKey(),
        Value: textUpTo(MAX_GROUP_APP_VALUE_BYTES),
      }),
      { error: "must be an array of {Key, Value}" },
    )
    .max(MAX_APP_DATA_ENTRIES, { error: `must hold at most ${MAX_APP_DATA_ENTRIES} entries` })
    // Pairs, not an object: an object would put keys like "0" first.
    .transform((list) => list.map((e): [string, string] => [e.Key, e.Value]));

export const profileFields = {
  Introduction: textUpTo(PROFILE_TEXT_BYTES.Introduction).optional(),
  Notification: textUpTo(PROFILE_TEXT_BYTES.Notification).optional(),
  FaceUrl: textUpTo(PROFILE_TEXT_BYTES.FaceUrl).optional(),
  ApplyJoinOption: joinOption().optional(),
  InviteJoinOption: joinOption().optional(),
  AppDefinedData: appDefinedData().optional(),
  MuteAllMember: onOff().optional(),
  /** The legacy name of MuteAllMember, which older SDKs send. */
  ShutUpAllMember: onOff().optional(),
};

const WEEKDAY = "must be an ISO weekday, 1 (Monday) to 7";
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = () => requiredString().regex(HHMM, { error: 'must be "HH:MM", 00:00 to 23:59' });

/** Quiet hours (the MuteAllSchedule extension): up to 8 windows; [] clears them. */
export const muteAllSchedule = () =>
  z
    .array(
      z.object({
        Days: z
          .array(
            z.number({ error: WEEKDAY }).int({ error: WEEKDAY }).min(1, { error: WEEKDAY }).max(7, { error: WEEKDAY }),
            { error: "must be an array of ISO weekdays, 1 (Monday) to 7" },
          )
          .min(1, { error: "must name at least one weekday" })
          .max(7, { error: "must name at most 7 weekdays" })
          .refine((days) => new Set(days).size === days.length, { error: "must not name a weekday twice" }),
        Start: hhmm(),
        End: hhmm(),
        TimeZone: requiredString().refine(isTimeZone, { error: "must be an IANA time zone, like Asia/Shanghai" }),
      }),
      { error: "must be an array of {Days, Start, End, TimeZone}" },
    )
    .max(MAX_WINDOWS, { error: `must hold at most ${MAX_WINDOWS} windows` });

/** MaxMemberCount (create_group) or MaxMemberNum (modify_group_base_info): at least 1. */
export const maxMembers = () => uint32().min(1, { error: "must be at least 1" }).optional();

type ProfileInput = {
  Introduction?: string | undefined;
  Notification?: string | undefined;
  FaceUrl?: string | undefined;
  ApplyJoinOption?: (typeof JOIN_OPTIONS)[number] | undefined;
  InviteJoinOption?: (typeof JOIN_OPTIONS)[number] | undefined;
  AppDefinedData?: [string, string][] | undefined;
  MuteAllMember?: "On" | "Off" | undefined;
  ShutUpAllMember?: "On" | "Off" | undefined;
  MuteAllSchedule?: QuietWindow[] | undefined;
};

/** Both names of mute-all at once: refused, they could disagree. */
export function bothMuteAllNames(body: ProfileInput): boolean {
  return body.MuteAllMember !== undefined && body.ShutUpAllMember !== undefined;
}

/** The profile change the group object applies, from a validated body; absent fields stay absent. */
export function profileChange(body: ProfileInput & { Name?: string | undefined }, maxMemberNum: number | undefined) {
  const muteAll = body.MuteAllMember ?? body.ShutUpAllMember;
  const change = {
    name: body.Name,
    introduction: body.Introduction,
    notification: body.Notification,
    faceUrl: body.FaceUrl,
    maxMemberNum,
    applyJoinOption: body.ApplyJoinOption,
    inviteJoinOption: body.InviteJoinOption,
    muteAll: muteAll === undefined ? undefined : muteAll === "On",
    appData: body.AppDefinedData,
    muteAllSchedule: body.MuteAllSchedule,
  };
  // Absent stays absent: an RPC argument carries no undefined-valued keys.
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as {
    [K in keyof typeof change]?: Exclude<(typeof change)[K], undefined>;
  };
}
