/**
 * Group types, names, on/off switches, roles, member lists and member filters: good values and bad
 * ones.
 */

import fc from "fast-check";
import { byteLength } from "../harness";
import { badAccount, distinctAccounts, goodAccount } from "./accounts";
import { anyString, hugeString, nonArray, nonString, textString } from "./junk";

export const GROUP_TYPES = [
  "Public",
  "Private",
  "Work",
  "ChatRoom",
  "Meeting",
  "AVChatRoom",
  "BChatRoom",
  "Community",
] as const;
export const MEMBER_LIST_TYPES = ["Public", "Private", "Work", "ChatRoom", "Meeting", "Community"] as const;
export const goodType = fc.constantFrom(...GROUP_TYPES);
/** create_group's Type, which is required: "" is as wrong as any other. */
export const badType: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("public", "PUBLIC", "Chatroom", "AVChatroom", " Public", "Public ", ""),
  anyString.filter((s) => !(GROUP_TYPES as readonly string[]).includes(s)),
);
/**
 * An optional enum field of "" is the field left out (SPEC.md, "Third round"), so the bad values
 * of an optional enum are never ""; leniencyProperty checks what "" does.
 */
export const notBlank = (bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => bad.filter((v) => v !== "");
/** get_appid_group_list's GroupType, which is optional. */
export const badGroupType = notBlank(badType);

/** A group's name: 1..30 bytes (Tencent's; it used to be 100 here). */
export const NAME_BYTES = 30;
export const goodName = fc.oneof(
  fc.constantFrom(
    "n",
    "x".repeat(30),
    "é".repeat(15),
    "名字",
    "名".repeat(10),
    "😀".repeat(7),
    "with space",
    "a\u0000b",
  ),
  textString.filter((s) => s.length > 0 && byteLength(s) <= NAME_BYTES),
);
export const badName: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("", "x".repeat(31), "é".repeat(16), "名".repeat(11), "😀".repeat(8), "x".repeat(100), "\ud800"),
  textString.filter((s) => byteLength(s) > NAME_BYTES),
  hugeString,
);

export const goodOnOff = fc.constantFrom("On", "Off");
/** Of MuteAllMember and ShutUpAllMember, which are optional everywhere. */
export const badOnOff: fc.Arbitrary<unknown> = notBlank(
  fc.oneof(
    nonString,
    fc.constantFrom("on", "off", "ON", "OFF", "On ", "true", "1"),
    anyString.filter((s) => s !== "On" && s !== "Off"),
  ),
);

export const goodRole = fc.constantFrom("Admin", "Member");
/** Of a Role, which is optional everywhere. */
export const badRole: fc.Arbitrary<unknown> = fc.oneof(nonString, fc.constantFrom("Owner", "admin", "member", " "));

const goodCreateMember = fc.record(
  { Member_Account: goodAccount, Role: goodRole },
  { requiredKeys: ["Member_Account"] },
);
export const goodCreateMemberList = fc.array(goodCreateMember, { maxLength: 6 });
const badCreateMember: fc.Arbitrary<unknown> = fc.oneof(
  nonString.filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  anyString,
  fc.constant({}),
  fc.record({ Member_Account: badAccount }),
  fc.record({ Member_Account: goodAccount, Role: badRole }),
);
export const badCreateMemberList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(goodCreateMember, { maxLength: 2 }), badCreateMember).map(([a, x]) => [...a, x]),
  fc.constant(distinctAccounts(501).map((Member_Account) => ({ Member_Account }))),
);

export const goodAddMemberList = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.array(
      goodAccount.map((Member_Account) => ({ Member_Account })),
      { minLength: 1, maxLength: 6 },
    ),
  },
  { weight: 1, arbitrary: fc.constant(distinctAccounts(500, "m").map((Member_Account) => ({ Member_Account }))) },
);
export const badAddMember: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "a", true, ["a"]),
  fc.constant({}),
  fc.record({ Member_Account: badAccount }),
  fc.record({ Account: goodAccount }),
);
export const badAddMemberList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc
    .tuple(
      fc.array(
        goodAccount.map((Member_Account) => ({ Member_Account })),
        { maxLength: 2 },
      ),
      badAddMember,
    )
    .map(([a, x]) => [...a, x]),
  fc.constant(distinctAccounts(501).map((Member_Account) => ({ Member_Account }))),
);

export const MEMBER_FIELDS = [
  "Role",
  "JoinTime",
  "MsgSeq",
  "MsgFlag",
  "LastSendMsgTime",
  "MuteUntil",
  "NameCard",
] as const;
/** Unknown names are ignored, and ShutUpUntil is MuteUntil: any list of text is good. */
export const goodFilter = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...MEMBER_FIELDS, "ShutUpUntil", "Member_Account", "AppMemberDefinedData"),
    },
    { weight: 1, arbitrary: textString },
  ),
  { maxLength: 5 },
);
export const badFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(fc.constantFrom("Role", "JoinTime"), { maxLength: 2 }), nonString).map(([a, x]) => [...a, x]),
  fc.constant(["Role", "\ud800"]),
);

export const goodRoleFilter = fc.array(fc.constantFrom("Owner", "Admin", "Member"), { maxLength: 4 });
export const badRoleFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc
    .tuple(
      fc.array(fc.constantFrom("Owner", "Member"), { maxLength: 2 }),
      fc.oneof(nonString, fc.constantFrom("owner", "NotMember", "Boss", "", "Admin ")),
    )
    .map(([a, x]) => [...a, x]),
);
