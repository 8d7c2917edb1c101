/**
 * Junk: special numbers, weird strings, field names and values of any shape, for any field.
 */

import fc from "fast-check";

// ---------------------------------------------------------------------------------------------
// Junk

/** The numbers the issue names, and their neighbours at the limits of each field. */
const SPECIAL_NUMBERS = [
  0,
  1,
  -1,
  1.5,
  4294967295,
  4294967296,
  2 ** 53,
  -(2 ** 53),
  2 ** 53 + 2,
  0.1,
  -0.5,
  1e308,
  5e-324,
  20,
  21,
  200,
  201,
  500,
  501,
];
export const specialNumber = fc.constantFrom(...SPECIAL_NUMBERS);

const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "a\udfff",
  "\ufeff",
  "\u200b",
  "\n",
  '"',
  "\\",
  "null",
  "true",
  "0",
  "-1",
  "1.5",
  "4294967296",
  "On",
  "Off",
  "on",
  "TIMTextElem",
  "Public",
  "Admin",
  "Owner",
  "@TGS#",
  "@TGS#2ABCDEFGH",
  "😀".repeat(9),
  "é".repeat(17),
  "x".repeat(33),
  "x".repeat(49),
  "'; DROP TABLE members; --",
  "</script><script>",
  "%00",
  "__proto__",
  "constructor",
  "toString",
  "\u202eRTL",
];
export const weirdString = fc.constantFrom(...WEIRD_STRINGS);

/** Up to ~100 KB, from a short unit so generation stays cheap. */
export const hugeString = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

export const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 3, arbitrary: weirdString },
);

/** The names the service knows, so junk objects often look like real bodies. */
export const FIELD_NAMES = [
  "GroupId",
  "GroupIdList",
  "Type",
  "Name",
  "Owner_Account",
  "MemberList",
  "Member_Account",
  "Role",
  "Members_Account",
  "MemberToDel_Account",
  "MuteTime",
  "ShutUpTime",
  "MuteAllMember",
  "ShutUpAllMember",
  "Limit",
  "Offset",
  "MemberInfoFilter",
  "MemberRoleFilter",
  "AppDefinedDataFilter_GroupMember",
  "Next",
  "Member_List_Account",
  "User_Account",
  "ShutUpUntil",
  "MsgFlag",
  "NameCard",
  "AppMemberDefinedData",
  "Key",
  "Value",
  "From_Account",
  "Random",
  "MsgBody",
  "MsgType",
  "MsgContent",
  "Text",
  "ReqMsgNumber",
  "ReqMsgSeq",
  "Silence",
  "Reason",
  "Introduction",
  "Notification",
  "FaceUrl",
  "MaxMemberCount",
  "MaxMemberNum",
  "ApplyJoinOption",
  "InviteJoinOption",
  "AppDefinedData",
  "ResponseFilter",
  "GroupBaseInfoFilter",
  "AppDefinedDataFilter_Group",
  "MsgPriority",
  "CloudCustomData",
  "OnlineOnlyFlag",
  "SendMsgControl",
  "ForbidCallbackControl",
  "WithRecalledMsg",
  "GroupType",
  "Set_Account",
  "Get_Account",
  "C2CmsgNospeakingTime",
  "GroupmsgNospeakingTime",
  "SupportTopic",
  "TopicId",
  "TopicIdList",
  "TopicName",
  "CustomString",
  "TopicDefinedData",
  "Escalate",
  "MsgSeqList",
  "MsgSeq",
  "Sender_Account",
  "NewOwner_Account",
  "UnreadMsgNum",
];
/** Lone surrogates are refused (10004): a string a field accepts must be well-formed Unicode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const wellFormed = (s: string) => !LONE_SURROGATE.test(s);
/** Unicode's Cc (C0, DEL, C1): no account may hold one (a newline re-cut UserSigs). */
export const CONTROL = /\p{Cc}/u;
/** Any string a string field accepts as text. */
export const textString = anyString.filter(wellFormed);

export const junkKey = fc.oneof(fc.constantFrom(...FIELD_NAMES), anyString);

export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: specialNumber },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 5, arbitrary: anyString },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
);

/** Any JSON-ish value: nested arrays and objects (with real field names as keys) of junk leaves. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(junkKey, tie("value"), { maxKeys: 4 }) },
  ),
})).value;

/** Junk in a field position: sometimes huge. */
export const fieldJunk = fc.oneof({ weight: 30, arbitrary: junk }, { weight: 1, arbitrary: hugeString });

/** Values that are not strings (and stay so through JSON). */
export const nonString: fc.Arbitrary<unknown> = fc.oneof(
  specialNumber,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(junk, { maxLength: 3 }),
  fc.dictionary(junkKey, junk, { maxKeys: 3 }),
);
/** Values that are not arrays. */
export const nonArray: fc.Arbitrary<unknown> = fc.oneof(
  specialNumber,
  anyString,
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(junkKey, junk, { maxKeys: 3 }),
);
