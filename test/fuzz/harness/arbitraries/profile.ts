/**
 * The group profile (create_group, modify_group_base_info, get_group_info): its fields' good and bad
 * values.
 */

import fc from "fast-check";
import { UINT32_MAX } from "../codes";
import { byteLength } from "../harness";
import { COMMUNITY_PREFIX, GENERATED_COMMUNITY_PREFIX, GENERATED_PREFIX } from "../world";
import { badUint32 } from "./accounts";
import { badAppKey, badAppKeyFilter, goodAppKeyFilter, nonArrayValue, nonStringValue } from "./app-data";
import { anyString, hugeString, junk, nonString, specialNumber, textString } from "./junk";
import { badFilter, goodFilter, notBlank } from "./members";

// ---------------------------------------------------------------------------------------------
// The group profile (create_group, modify_group_base_info, get_group_info)

/**
 * Quiet hours (MuteAllSchedule): 0 to 8 windows of 1 to 7 distinct ISO weekdays, "HH:MM" Start and
 * End, an IANA zone. The fuzz's own copy of the rules, like the profile's below.
 */
const QUIET_ZONES = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"];
const goodHHMM = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
export const goodQuietWindow = fc.record({
  Days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  Start: goodHHMM,
  End: goodHHMM,
  TimeZone: fc.constantFrom(...QUIET_ZONES),
});
export const goodSchedule = fc.oneof(fc.constant([]), fc.array(goodQuietWindow, { minLength: 1, maxLength: 8 }));
/** One thing wrong with a window: its days, a time, its zone, or a key missing. */
const badQuietWindow: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue.filter((v) => typeof v !== "object"),
  fc
    .tuple(
      goodQuietWindow,
      fc.constantFrom<unknown>([], [0], [8], [1, 1], [1.5], ["1"], "1", null, [1, 2, 3, 4, 5, 6, 7, 1]),
    )
    .map(([w, Days]) => ({ ...w, Days })),
  fc
    .tuple(goodQuietWindow, fc.constantFrom<unknown>("24:00", "7:00", "07:60", "0700", "", 700, null, "07:00 "))
    .map(([w, Start]) => ({ ...w, Start })),
  fc
    .tuple(goodQuietWindow, fc.constantFrom<unknown>("Mars/Base", "", "utc+8", 8, null, "Asia/Shanghai "))
    .map(([w, TimeZone]) => ({ ...w, TimeZone })),
  fc.tuple(goodQuietWindow, fc.constantFrom("Days", "Start", "End", "TimeZone")).map(([w, key]) => {
    const { [key as keyof typeof w]: _, ...rest } = w;
    return rest;
  }),
);
export const badSchedule: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc.array(goodQuietWindow, { minLength: 9, maxLength: 10 }),
  fc
    .tuple(fc.array(goodQuietWindow, { maxLength: 3 }), badQuietWindow, fc.array(goodQuietWindow, { maxLength: 3 }))
    .map(([before, bad, after]) => [...before, bad, ...after]),
);

/**
 * The fuzz's own copy of what the group profile is, by Tencent's group system page: the limits,
 * the join options, the defaults of each type, and get_group_info's base fields in order. Kept
 * apart from src/group/profile.ts on purpose, like GROUP_TYPES below: a model that imports the
 * code under test agrees with it by construction.
 */
export const PROFILE_BYTES = { Introduction: 240, Notification: 300, FaceUrl: 100 } as const;
export const JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableApply"] as const;
/** Custom group fields: at most 10 per group, keys of 1..16 [A-Za-z0-9_], values up to 512 bytes. */
export const MAX_GROUP_APP_KEYS = 10;
const GROUP_APP_VALUE_BYTES = 512;
export const INFO_BASE_FIELDS = [
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
/** A new group's defaults for what create_group does not give. */
export function profileDefaultsOf(type: string): {
  MaxMemberNum: number;
  ApplyJoinOption: string;
  InviteJoinOption: string;
} {
  const open = type === "AVChatRoom" || type === "BChatRoom";
  const work = type === "Private" || type === "Work";
  return {
    MaxMemberNum: open ? 0 : type === "Community" ? 100_000 : 6000,
    ApplyJoinOption: open ? "FreeAccess" : work ? "DisableApply" : "NeedPermission",
    InviteJoinOption: work ? "FreeAccess" : "NeedPermission",
  };
}
/** The largest MaxMemberNum a group of `type` may have; null where it is ignored (audio-video groups). */
export const memberCeilingOf = (type: string): number | null =>
  type === "AVChatRoom" || type === "BChatRoom" ? null : type === "Community" ? 100_000 : 6000;
/** Types whose mute-all cannot be switched On (10007). */
export const NO_MUTE_TYPES = ["Private", "Work", "BChatRoom"];

/**
 * True when create_group refuses `id` as a custom GroupId of a `type` group (10015), by
 * docs/api.md: no custom ID starts with @TGS# (generated IDs do), but a Community's must start
 * with @TGS#_, must not start with @TGS#_@TGS# (generated Community IDs do) and is more than that.
 */
export function customIdRefused(type: unknown, id: unknown): boolean {
  if (typeof id !== "string") return false;
  if (type !== "Community") return id.startsWith(GENERATED_PREFIX);
  return !id.startsWith(COMMUNITY_PREFIX) || id.startsWith(GENERATED_COMMUNITY_PREFIX) || id === COMMUNITY_PREFIX;
}
/** True when import_group refuses `id` for a `type` group (10015): only a Community's starts with @TGS#_, and must. */
export function importedIdRefused(type: unknown, id: unknown): boolean {
  if (typeof id !== "string") return false;
  return type === "Community"
    ? !id.startsWith(COMMUNITY_PREFIX) || id === COMMUNITY_PREFIX
    : id.startsWith(COMMUNITY_PREFIX);
}
/** The tag after @TGS# of a generated GroupId, by type (docs/api.md, "Group types"); a Community's is below. */
const ID_TAGS: Record<string, string> = {
  Public: "2",
  Private: "1",
  Work: "1",
  ChatRoom: "3",
  Meeting: "3",
  AVChatRoom: "a",
  BChatRoom: "b",
};
/** A GroupId the service made for a `type` group: @TGS#, the tag, 8 of [A-Z0-9]; a Community's @TGS#_@TGS#c and 11. */
export const isGeneratedId = (type: unknown, id: unknown): boolean =>
  typeof id === "string" &&
  (type === "Community"
    ? /^@TGS#_@TGS#c[A-Z0-9]{11}$/.test(id)
    : typeof type === "string" && new RegExp(`^@TGS#${ID_TAGS[type]}[A-Z0-9]{8}$`).test(id));

/** Text of at most `max` bytes, "" included. */
export const goodText = (max: number) =>
  fc.oneof(
    fc.constantFrom("", "t", "x".repeat(max), "é".repeat(max / 2), "😀".repeat(max / 4), "a\u0000b", "介绍 ✓"),
    textString.filter((s) => byteLength(s) <= max),
  );
/** Not text of at most `max` bytes (never null, which is absent). */
export const badText = (max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: nonStringValue },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "x".repeat(max + 1),
        "é".repeat(max / 2 + 1),
        "😀".repeat(max / 4 + 1),
        "\ud800",
        "a\udfff",
      ),
    },
    { weight: 1, arbitrary: hugeString },
  );

/** The Reason extension's longest reason, in bytes of UTF-8. */
export const MAX_REASON_BYTES = 256;
/** A Reason: well-formed text of at most 256 bytes ("" is no reason), multibyte ones exactly at the limit. */
export const goodReason = fc.oneof(
  { weight: 3, arbitrary: goodText(MAX_REASON_BYTES) },
  { weight: 1, arbitrary: fc.constantFrom("spam links", "刷屏 ✓", `${"中".repeat(85)}a`, `${"é".repeat(127)}xx`) },
);
/** No Reason: not a string, 257 bytes and more (multibyte too), lone surrogates (never null, which is absent). */
export const badReason: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: badText(MAX_REASON_BYTES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(`${"é".repeat(128)}x`, `${"😀".repeat(64)}x`, "中".repeat(86), "ok\ud83d", "\udc00x"),
  },
);
/** The reasons the models give, absent (undefined) now and then. */
export const modelReason = fc.option(fc.constantFrom("", "spam", "刷屏 ✓ 😀", `${"中".repeat(85)}a`), {
  nil: undefined,
  freq: 2,
});
/** Escalate: 1 is the only value (and the demo apps have no muteLadder: 10004 all the same). */
export const badEscalate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 2, -1, 1.5, "1", true, [1], { Escalate: 1 }, UINT32_MAX),
  nonStringValue.filter((v) => v !== 1),
);
/** The 10004 of Escalate in an app without a muteLadder (every demo app). */
export const NO_LADDER = "Escalate: this app has no muteLadder in its configuration";

/** Good for every type: 1..6000. */
export const goodMaxMembers = fc.oneof(fc.constantFrom(1, 2, 200, 6000), fc.integer({ min: 1, max: 6000 }));
/** Refused by the schema whatever the group: 0, or not a uint32 (never null). */
export const badMaxMembers: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(0),
  badUint32.filter((v) => v !== null),
);
/** Over the ceiling of every type with one (a Community's is 100,000): 10004 from the group. */
export const overMaxMembers = fc.oneof(
  fc.constantFrom(1_000_001, UINT32_MAX),
  fc.integer({ min: 1_000_001, max: UINT32_MAX }),
);
/** A MaxMemberNum for a group of `type`: good there, or over its ceiling (ignored by audio-video groups). */
export const maxMembersFor = (type: string) => {
  const ceiling = memberCeilingOf(type) ?? UINT32_MAX;
  return fc.oneof(
    { weight: 4, arbitrary: goodMaxMembers },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: ceiling }) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom(6001, 1_000_001, UINT32_MAX), fc.integer({ min: 6001, max: UINT32_MAX })),
    },
  );
};

export const goodJoinOption = fc.constantFrom(...JOIN_OPTIONS);
/** Of ApplyJoinOption and InviteJoinOption, which are optional. */
export const badJoinOption: fc.Arbitrary<unknown> = notBlank(
  fc.oneof(
    nonStringValue,
    fc.constantFrom("freeaccess", "FREEACCESS", "FreeAccess ", "Free Access", "Disable", "NeedPermission\u0000"),
    anyString.filter((s) => !(JOIN_OPTIONS as readonly string[]).includes(s)),
  ),
);

/**
 * The custom group keys the fuzzing sets: seven, so that no group ever holds more than the ten a
 * group may (an eleventh key would answer 10004 to a body the schema accepts). "0" sorts first in
 * a JavaScript object; "__proto__", "constructor" and "toString" are names of Object.prototype.
 */
const GROUP_APP_KEYS = ["topic", "level", "0", "__proto__", "constructor", "toString", "K_sixteen_chars_"] as const;
export const groupAppKey = fc.constantFrom(...GROUP_APP_KEYS);
/** "" removes a key (and sets nothing at creation); else up to 512 bytes. */
const goodGroupAppValue = fc.oneof(
  fc.constantFrom("", "v", "x".repeat(512), "é".repeat(256), "😀".repeat(128), "a\u0000b"),
  textString.filter((s) => byteLength(s) <= GROUP_APP_VALUE_BYTES),
);
const badGroupAppValue: fc.Arbitrary<unknown> = fc.oneof(
  // Null is absent here too: a missing Value.
  nonString,
  fc.constantFrom("x".repeat(513), "é".repeat(257), "😀".repeat(129), "\ud800", "a\udfff"),
  hugeString,
);
export const goodGroupAppData = fc.array(fc.record({ Key: groupAppKey, Value: goodGroupAppValue }), { maxLength: 6 });
const badGroupAppDatum: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "topic", true, [], ["topic", "v"], {}),
  fc.record({ Key: badAppKey, Value: goodGroupAppValue }),
  fc.record({ Key: groupAppKey, Value: badGroupAppValue }),
  fc.record({ Key: groupAppKey }),
  fc.record({ Value: goodGroupAppValue }),
);
/** Refused by the schema. */
export const badGroupAppData: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc
    .tuple(goodGroupAppData, badGroupAppDatum, goodGroupAppData)
    .map(([a, x, b]) => [...a.slice(0, 2), x, ...b.slice(0, 2)]),
);
/** Eleven or more keys with values: over the ten a group may hold, 10004 from the group. */
export const tooManyGroupAppData = fc
  .tuple(fc.integer({ min: MAX_GROUP_APP_KEYS + 1, max: 14 }), goodGroupAppData)
  .map(([n, mixed]) => [...mixed, ...Array.from({ length: n }, (_, i) => ({ Key: `many_${i}`, Value: `v${i}` }))]);

/** get_group_info's filters. Unknown base field names are ignored. */
const goodBaseFilter = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INFO_BASE_FIELDS, "ShutUpAllMember", "AppDefinedData", "GroupId") },
    { weight: 1, arbitrary: textString },
  ),
  { maxLength: 6 },
);
const badBaseFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc.tuple(fc.array(fc.constantFrom("Name", "Type"), { maxLength: 2 }), nonString).map(([a, x]) => [...a, x]),
  fc.constant(["Name", "\ud800"]),
);
/** Keys a group filter may name: those set, names of Object.prototype, and any 1..16 of [A-Za-z0-9_]. */
const goodGroupAppKeyFilter = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: groupAppKey },
    { weight: 1, arbitrary: fc.constantFrom("valueOf", "hasOwnProperty", "unset_key", "many_0") },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,16}$/) },
  ),
  { maxLength: 6 },
);
const badGroupAppKeyFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc.tuple(fc.array(groupAppKey, { maxLength: 2 }), badAppKey).map(([a, x]) => [...a, x]),
  // A group holds at most ten keys, so a filter names at most ten.
  fc.array(groupAppKey, { minLength: 11, maxLength: 14 }),
);
export const goodResponseFilter = fc.record(
  {
    GroupBaseInfoFilter: goodBaseFilter,
    MemberInfoFilter: goodFilter,
    AppDefinedDataFilter_Group: goodGroupAppKeyFilter,
    AppDefinedDataFilter_GroupMember: goodAppKeyFilter,
  },
  { requiredKeys: [] },
);
export const badResponseFilter: fc.Arbitrary<unknown> = fc.oneof(
  fc.oneof(specialNumber, anyString, fc.boolean(), fc.array(junk, { maxLength: 3 })),
  fc.tuple(goodResponseFilter, fc.nat({ max: 3 })).chain(([filter, at]) => {
    const [name, bad] = (
      [
        ["GroupBaseInfoFilter", badBaseFilter],
        ["MemberInfoFilter", badFilter.filter((v) => v !== null)],
        ["AppDefinedDataFilter_Group", badGroupAppKeyFilter],
        ["AppDefinedDataFilter_GroupMember", badAppKeyFilter.filter((v) => v !== null)],
      ] as const
    )[at]!;
    return bad.map((v) => ({ ...filter, [name]: v }));
  }),
);
