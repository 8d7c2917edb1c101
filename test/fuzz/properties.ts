/**
 * Property-based fuzzing of every command (fast-check), shared by the small slice that
 * `npm test` runs (fuzz-slice.test.ts) and the full run of `npm run test:fuzz` (fuzz-full.fuzz.ts).
 *
 * What every property checks, for every generated request:
 * - HTTP 200, a JSON content type, a JSON object body whose first keys are exactly
 *   ActionStatus, ErrorCode, ErrorInfo ("OK"/0/"" or "FAIL"/n/non-empty text, and a failure
 *   carries nothing else);
 * - an ErrorCode of the class the request deserves (never 10002, never a code of another class);
 * - and, per test, that a sentinel group (owner, admin, members, two permanent mutes, mute-all on,
 *   two messages) reads back exactly as before: generated requests reach it only when they are
 *   read-only, broken by construction, near-misses of its GroupId, or no-op writes.
 *
 * Each case first moves the test clock one second, so the per-command rate budget
 * (200 calls/s) never answers 60007 here. Mutes of the sentinel are permanent, so moving the
 * clock changes nothing of it.
 *
 * Failures print the counterexample in full, with fast-check's seed and path. To replay one,
 * add `seed: <seed>, path: "<path>"` to the fc.assert options in runProperty for a run of that
 * test alone (the groups the earlier properties created can still differ).
 */
import fc from "fast-check";
import {
  type Answer,
  type CallOptions,
  DEMO_APP,
  rawCall,
  SECOND_APP,
  sign,
  type TestClock,
  uniqueGroupId,
  validSig,
} from "../helpers";

// ---------------------------------------------------------------------------------------------
// Codes

const OK = 0;
const INVALID = 10004;
const TOO_MANY = 10005;
const MALFORMED_ID = 10015;
const NO_GROUP = 10010;
const NOT_ALLOWED = 10007;
const MUTED = 10017;
const TAKEN = 10021;
const BODY_NOT_JSON = 60003;
const URL_INVALID = 60002;
const UNKNOWN_COMMAND = 10003;
const SDKAPPID_INVALID = 60006;
const NOT_ADMIN = 60010;
const SDKAPPID_MISSING = 60012;
const SIG_EXPIRED = 70001;
const SIG_MISSING = 70002;
const SIG_UNDECODABLE = 70003;
const SIG_BAD = 70009;
const SIG_WRONG_ID = 70013;
const SIG_WRONG_APP = 70014;

/**
 * Every code a call that passed the URL and authentication can answer, by the brief. (10018, a
 * whole group of over 6000 members to list, is left out: no group the fuzzing makes grows so big.)
 */
const BODY_CLASS: readonly number[] = [
  OK,
  INVALID,
  TOO_MANY,
  MALFORMED_ID,
  NO_GROUP,
  NOT_ALLOWED,
  MUTED,
  TAKEN,
  BODY_NOT_JSON,
];
/** Every code the URL and authentication checks can answer. */
const URL_CLASS: readonly number[] = [
  URL_INVALID,
  SDKAPPID_INVALID,
  NOT_ADMIN,
  SDKAPPID_MISSING,
  SIG_EXPIRED,
  SIG_MISSING,
  SIG_UNDECODABLE,
  SIG_BAD,
  SIG_WRONG_ID,
  SIG_WRONG_APP,
  UNKNOWN_COMMAND,
];

const UINT32_MAX = 4294967295;
const PERMANENT = UINT32_MAX;

// ---------------------------------------------------------------------------------------------
// Counting and checking

let generatedCases = 0;
/** Generated requests sent so far in this isolate (each property case is one request). */
export const caseCount = (): number => generatedCases;

/** ErrorCodes answered to generated requests, by code, since the last `takeCodeCounts`. */
let codeCounts = new Map<number, number>();
export function takeCodeCounts(): string {
  const out = [...codeCounts]
    .sort((a, b) => a[0] - b[0])
    .map(([code, n]) => `${code}×${n}`)
    .join(" ");
  codeCounts = new Map();
  return out;
}

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).byteLength;

/** A short, printable description of a body for failure messages. */
function show(value: unknown, max = 400): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

class PropertyFailure extends Error {
  override name = "PropertyFailure";
}

/** Reads one answer and checks the transport and the envelope; answers it parsed. */
async function readAnswer(response: Response, what: string): Promise<Answer> {
  const text = await response.text();
  if (response.status !== 200) throw new PropertyFailure(`${what}: HTTP ${response.status} (want 200): ${show(text)}`);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json"))
    throw new PropertyFailure(`${what}: content-type ${JSON.stringify(type)}: ${show(text)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PropertyFailure(`${what}: the answer is not JSON: ${show(text)}`);
  }
  checkEnvelope(parsed, what);
  if (!what.startsWith("setup ")) codeCounts.set(parsed.ErrorCode, (codeCounts.get(parsed.ErrorCode) ?? 0) + 1);
  return parsed;
}

function checkEnvelope(answer: unknown, what: string): asserts answer is Answer {
  const bad = (why: string) => new PropertyFailure(`${what}: ${why}: ${show(answer)}`);
  if (typeof answer !== "object" || answer === null || Array.isArray(answer))
    throw bad("the answer is not a JSON object");
  const keys = Object.keys(answer);
  if (keys[0] !== "ActionStatus" || keys[1] !== "ErrorCode" || keys[2] !== "ErrorInfo") {
    throw bad("the answer does not start with the envelope keys ActionStatus, ErrorCode, ErrorInfo");
  }
  const { ActionStatus, ErrorCode, ErrorInfo } = answer as Record<string, unknown>;
  if (typeof ErrorCode !== "number" || !Number.isInteger(ErrorCode) || ErrorCode < 0)
    throw bad("ErrorCode is not a non-negative integer");
  if (typeof ErrorInfo !== "string") throw bad("ErrorInfo is not a string");
  if (ErrorCode === 0) {
    if (ActionStatus !== "OK") throw bad('ActionStatus must be "OK" with ErrorCode 0');
    if (ErrorInfo !== "") throw bad("ErrorInfo must be empty with ErrorCode 0");
  } else {
    if (ActionStatus !== "FAIL") throw bad('ActionStatus must be "FAIL" with a non-zero ErrorCode');
    if (ErrorInfo.trim() === "") throw bad("a failure must say why in ErrorInfo");
    if (keys.length !== 3) throw bad("a failure must carry only the envelope");
  }
}

function expectCode(answer: Answer, allowed: readonly number[], what: string): void {
  if (!allowed.includes(answer.ErrorCode)) {
    throw new PropertyFailure(
      `${what}: ErrorCode ${answer.ErrorCode} is not one of [${allowed.join(", ")}]: ${show(answer)}`,
    );
  }
}

async function runProperty<T>(
  arb: fc.Arbitrary<T>,
  numRuns: number,
  check: (value: T) => Promise<void>,
  pinned: T[] = [],
): Promise<number> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      runs += 1;
      generatedCases += 1;
      await check(value);
    }),
    // Pinned cases run first, within numRuns.
    { numRuns, examples: pinned.slice(0, numRuns).map((value): [T] => [value]) },
  );
  return runs;
}

// ---------------------------------------------------------------------------------------------
// The world: a sentinel group that must never change, and playground groups that may

export interface World {
  clock: TestClock;
  sentinel: { id: string; name: string };
  /** Groups that generated requests may change freely, one per kind of type rules. */
  playground: { public: string; private: string; av: string; b: string; community: string };
  /** GroupIds that create_group and destroy_group fight over. */
  victims: string[];
  /** Well-formed GroupIds that no one ever creates. */
  absent: string[];
  sigs: Sigs;
}

interface Sigs {
  demoAdmin: string;
  demoSecondAdmin: string;
  secondAdmin: string;
  expired: string;
  wrongKey: string;
}

/** Accounts of the sentinel. */
const S = {
  owner: "s_owner",
  admin: "s_admin",
  members: ["s_m1", "s_m2"],
  muted: "s_muted",
  /** Muted permanently but never a member. */
  ghost: "s_ghost",
} as const;

/** What modify_group_member_info set on the sentinel's members. */
const SENTINEL_MEMBER_INFO: Record<string, { NameCard: string; MsgFlag: string; AppMemberDefinedData: unknown[] }> = {
  [S.admin]: { NameCard: "Boss ✓", MsgFlag: "AcceptNotNotify", AppMemberDefinedData: [{ Key: "level", Value: "9" }] },
  [S.members[0]]: {
    NameCard: "Ann 名片",
    MsgFlag: "Discard",
    AppMemberDefinedData: [
      { Key: "level", Value: "7" },
      { Key: "nick", Value: "" },
      { Key: "__proto__", Value: "p" },
    ],
  },
};

async function must(command: string, body: unknown, o: CallOptions = {}): Promise<Answer> {
  const answer = await readAnswer(await rawCall(command, body, o), `setup ${command}`);
  if (answer.ErrorCode !== 0) throw new Error(`setup ${command} ${show(body)} failed: ${show(answer)}`);
  return answer;
}

/** Members of the playgrounds with a member list that stay members. */
const PG_KEPT = ["pg_kept1", "pg_kept2"] as const;

export async function setupWorld(clock: TestClock): Promise<World> {
  const tag = crypto.randomUUID().slice(0, 8);
  const sentinel = { id: `fuzz-sentinel-${tag}`, name: "Sentinel ✓ 哨兵" };
  await must("create_group", {
    Type: "Public",
    Name: sentinel.name,
    GroupId: sentinel.id,
    Owner_Account: S.owner,
    MemberList: [
      { Member_Account: S.admin, Role: "Admin" },
      ...S.members.map((m) => ({ Member_Account: m })),
      { Member_Account: S.muted, Role: "Member" },
    ],
  });
  clock.advance(1);
  await must("send_group_msg", {
    GroupId: sentinel.id,
    From_Account: S.members[0],
    Random: 7,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "before" } }],
  });
  await must("forbid_send_msg", { GroupId: sentinel.id, Members_Account: [S.muted, S.ghost], MuteTime: PERMANENT });
  for (const [account, change] of Object.entries(SENTINEL_MEMBER_INFO)) {
    await must("modify_group_member_info", { GroupId: sentinel.id, Member_Account: account, ...change });
  }
  await must("modify_group_base_info", { GroupId: sentinel.id, MuteAllMember: "On" });
  clock.advance(1);
  await must("send_group_msg", {
    GroupId: sentinel.id,
    Random: 8,
    MsgBody: [{ MsgType: "TIMFaceElem", MsgContent: { Index: 3 } }],
  });

  const create = async (Type: string, extra: Record<string, unknown> = {}) => {
    const GroupId = uniqueGroupId(`fuzz-pg-${Type}`);
    await must("create_group", { Type, Name: `playground ${Type}`, GroupId, ...extra });
    return GroupId;
  };
  const members = [
    { Member_Account: "a" },
    { Member_Account: "pg_admin", Role: "Admin" },
    { Member_Account: "b" },
    // Members no generated request removes (delete_group_member names other accounts), for modify_group_member_info.
    ...PG_KEPT.map((Member_Account) => ({ Member_Account })),
  ];
  const playground = {
    public: await create("Public", { Owner_Account: "pg_owner", MemberList: members }),
    private: await create("Private", { Owner_Account: "pg_owner", MemberList: members }),
    av: await create("AVChatRoom", { Owner_Account: "pg_owner" }),
    b: await create("BChatRoom"),
    community: await create("Community", { MemberList: members }),
  };
  await must("forbid_send_msg", { GroupId: playground.public, Members_Account: ["a"], MuteTime: 3600 });

  const sigs: Sigs = {
    demoAdmin: await validSig(),
    demoSecondAdmin: await validSig(DEMO_APP.sdkappid, "second_admin"),
    secondAdmin: await validSig(SECOND_APP.sdkappid, SECOND_APP.admin, SECOND_APP.key),
    expired: await sign({ time: 1_000_000_000, expire: 60 }),
    wrongKey: await sign({ key: "not-the-key-of-this-app", time: 0, expire: 4_000_000_000 }),
  };
  return {
    clock,
    sentinel,
    playground,
    victims: Array.from({ length: 6 }, (_, i) => `fuzz-victim-${tag}-${i}`),
    absent: [`fuzz-absent-${tag}`, `@TGS#2FUZZ${tag.slice(0, 4).toUpperCase()}`, `fuzz-${"z".repeat(20)}-${tag}`],
    sigs,
  };
}

/** The sentinel's accounts, and others. */
const SENTINEL_ACCOUNTS = [S.owner, S.admin, ...S.members, S.muted, S.ghost, "stranger", "S_OWNER"];

/** Everything a caller can read of the sentinel. */
export async function snapshotSentinel(world: World): Promise<Record<string, Answer>> {
  const GroupId = world.sentinel.id;
  world.clock.advance(1);
  return {
    info: await must("get_group_info", { GroupIdList: [GroupId] }),
    members: await must("get_group_member_info", { GroupId }),
    membersLegacyFilter: await must("get_group_member_info", {
      GroupId,
      MemberInfoFilter: ["Role", "JoinTime", "ShutUpUntil"],
    }),
    // Every field, and the custom fields the fuzzing may set (the others read as "" too).
    membersAppData: await must("get_group_member_info", {
      GroupId,
      AppDefinedDataFilter_GroupMember: [...APP_KEYS, "unset_key"],
    }),
    membersByRole: await must("get_group_member_info", {
      GroupId,
      Limit: 2,
      Offset: 1,
      MemberRoleFilter: ["Admin", "Member"],
      MemberInfoFilter: ["NameCard", "MsgFlag", "Role"],
    }),
    specified: await must("get_specified_group_member_info", {
      GroupId,
      Member_List_Account: SENTINEL_ACCOUNTS,
      AppDefinedDataFilter_GroupMember: [...APP_KEYS],
    }),
    roles: await must("get_role_in_group", { GroupId, User_Account: SENTINEL_ACCOUNTS }),
    muted: await must("get_group_muted_account", { GroupId }),
    shutted: await must("get_group_shutted_uin", { GroupId }),
    history: await must("group_msg_get_simple", { GroupId, ReqMsgNumber: 20 }),
  };
}

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
const specialNumber = fc.constantFrom(...SPECIAL_NUMBERS);

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
const weirdString = fc.constantFrom(...WEIRD_STRINGS);

/** Up to ~100 KB, from a short unit so generation stays cheap. */
const hugeString = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 3, arbitrary: weirdString },
);

/** The names the service knows, so junk objects often look like real bodies. */
const FIELD_NAMES = [
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
];
/** Lone surrogates are refused (10004): a string a field accepts must be well-formed Unicode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);
/** Any string a string field accepts as text. */
const textString = anyString.filter(wellFormed);

const junkKey = fc.oneof(fc.constantFrom(...FIELD_NAMES), anyString);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: specialNumber },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 5, arbitrary: anyString },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
);

/** Any JSON-ish value: nested arrays and objects (with real field names as keys) of junk leaves. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(junkKey, tie("value"), { maxKeys: 4 }) },
  ),
})).value;

/** Junk in a field position: sometimes huge. */
const fieldJunk = fc.oneof({ weight: 30, arbitrary: junk }, { weight: 1, arbitrary: hugeString });

/** Values that are not strings (and stay so through JSON). */
const nonString: fc.Arbitrary<unknown> = fc.oneof(
  specialNumber,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(junk, { maxLength: 3 }),
  fc.dictionary(junkKey, junk, { maxKeys: 3 }),
);
/** Values that are not arrays. */
const nonArray: fc.Arbitrary<unknown> = fc.oneof(
  specialNumber,
  anyString,
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(junkKey, junk, { maxKeys: 3 }),
);

// ---------------------------------------------------------------------------------------------
// Field values: good ones (valid for the field) and bad ones (invalid for it, by construction)

const GOOD_ACCOUNTS = [
  "a",
  "b",
  "c",
  "pg_owner",
  "pg_admin",
  "用户",
  "x".repeat(32),
  "é".repeat(16),
  "😀".repeat(8),
  "a\u0000b",
  "a\u0000c",
  "a b",
  "UPPER",
  "upper",
];
const goodAccount = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GOOD_ACCOUNTS) },
  { weight: 1, arbitrary: textString.filter((s) => s.length > 0 && byteLength(s) <= 32) },
);
const badAccount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nonString },
  { weight: 2, arbitrary: fc.constantFrom("", "x".repeat(33), "é".repeat(17), "😀".repeat(9), "\ud800", "a\udfff") },
  { weight: 1, arbitrary: hugeString },
);

const distinctAccounts = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const goodAccountList = fc.oneof(
  { weight: 10, arbitrary: fc.array(goodAccount, { minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant(distinctAccounts(500)) },
);
/** Invalid as a list of 1..500 accounts. */
const badAccountList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc
    .tuple(fc.array(goodAccount, { maxLength: 3 }), badAccount, fc.array(goodAccount, { maxLength: 3 }))
    .map(([a, x, b]) => [...a, x, ...b]),
  fc.constant(distinctAccounts(501)),
);

const goodUint32 = fc.oneof(
  fc.constantFrom(0, 1, 60, 4294967294, UINT32_MAX),
  fc.nat(),
  fc.integer({ min: 0, max: UINT32_MAX }),
);
/** Not an integer in 0..4294967295, even after JSON (no -0, no integral doubles in range). */
const badUint32: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(-1, 1.5, 4294967296, 2 ** 53, -(2 ** 53), 0.1, -0.5, 1e308, 5e-324) },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((d) => !Number.isInteger(d) || d < 0 || d > UINT32_MAX),
  },
  { weight: 1, arbitrary: fc.integer({ max: -1 }) },
  { weight: 2, arbitrary: fc.oneof(anyString, fc.constantFrom("0", "1", "60")) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.boolean(),
      fc.constant(null),
      fc.array(junk, { maxLength: 2 }),
      fc.dictionary(junkKey, junk, { maxKeys: 2 }),
    ),
  },
);
const badBounded = (min: number, max: number) => fc.oneof(badUint32, fc.constantFrom(min - 1, max + 1, UINT32_MAX));

const GROUP_TYPES = [
  "Public",
  "Private",
  "Work",
  "ChatRoom",
  "Meeting",
  "AVChatRoom",
  "BChatRoom",
  "Community",
] as const;
const MEMBER_LIST_TYPES = ["Public", "Private", "Work", "ChatRoom", "Meeting", "Community"] as const;
const goodType = fc.constantFrom(...GROUP_TYPES);
const badType: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("public", "PUBLIC", "Chatroom", "AVChatroom", " Public", "Public ", ""),
  anyString.filter((s) => !(GROUP_TYPES as readonly string[]).includes(s)),
);

const goodName = fc.oneof(
  fc.constantFrom("n", "x".repeat(100), "é".repeat(50), "名字", "with space", "a\u0000b"),
  textString.filter((s) => s.length > 0 && byteLength(s) <= 100),
);
const badName: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("", "x".repeat(101), "é".repeat(51)),
  hugeString,
);

const goodOnOff = fc.constantFrom("On", "Off");
const badOnOff: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("on", "off", "ON", "OFF", "On ", "", "true", "1"),
  anyString.filter((s) => s !== "On" && s !== "Off"),
);

const goodRole = fc.constantFrom("Admin", "Member");
const badRole: fc.Arbitrary<unknown> = fc.oneof(nonString, fc.constantFrom("Owner", "admin", "member", ""));

const goodCreateMember = fc.record(
  { Member_Account: goodAccount, Role: goodRole },
  { requiredKeys: ["Member_Account"] },
);
const goodCreateMemberList = fc.array(goodCreateMember, { maxLength: 6 });
const badCreateMember: fc.Arbitrary<unknown> = fc.oneof(
  nonString.filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  anyString,
  fc.constant({}),
  fc.record({ Member_Account: badAccount }),
  fc.record({ Member_Account: goodAccount, Role: badRole }),
);
const badCreateMemberList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(goodCreateMember, { maxLength: 2 }), badCreateMember).map(([a, x]) => [...a, x]),
  fc.constant(distinctAccounts(501).map((Member_Account) => ({ Member_Account }))),
);

const goodAddMemberList = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.array(
      goodAccount.map((Member_Account) => ({ Member_Account })),
      { minLength: 1, maxLength: 6 },
    ),
  },
  { weight: 1, arbitrary: fc.constant(distinctAccounts(500, "m").map((Member_Account) => ({ Member_Account }))) },
);
const badAddMember: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "a", true, ["a"]),
  fc.constant({}),
  fc.record({ Member_Account: badAccount }),
  fc.record({ Account: goodAccount }),
);
const badAddMemberList: fc.Arbitrary<unknown> = fc.oneof(
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

const MEMBER_FIELDS = ["Role", "JoinTime", "MsgSeq", "MsgFlag", "LastSendMsgTime", "MuteUntil", "NameCard"] as const;
/** Unknown names are ignored, and ShutUpUntil is MuteUntil: any list of text is good. */
const goodFilter = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...MEMBER_FIELDS, "ShutUpUntil", "Member_Account", "AppMemberDefinedData"),
    },
    { weight: 1, arbitrary: textString },
  ),
  { maxLength: 5 },
);
const badFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(fc.constantFrom("Role", "JoinTime"), { maxLength: 2 }), nonString).map(([a, x]) => [...a, x]),
  fc.constant(["Role", "\ud800"]),
);

const goodRoleFilter = fc.array(fc.constantFrom("Owner", "Admin", "Member"), { maxLength: 4 });
const badRoleFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc
    .tuple(
      fc.array(fc.constantFrom("Owner", "Member"), { maxLength: 2 }),
      fc.oneof(nonString, fc.constantFrom("owner", "NotMember", "Boss", "", "Admin ")),
    )
    .map(([a, x]) => [...a, x]),
);

/**
 * The custom member keys the fuzzing sets: five, so that no member ever holds more than the five
 * a member may (a sixth key would answer 10004 to a body the schema accepts).
 */
const APP_KEYS = ["level", "nick", "__proto__", "constructor", "K_sixteen_chars_"] as const;
const setAppKey = fc.constantFrom(...APP_KEYS);
/** Keys a filter may name: any 1..16 of [A-Za-z0-9_]. */
const goodAppKey = fc.oneof(
  { weight: 3, arbitrary: setAppKey },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,16}$/) },
);
const badAppKey: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("", "bad key", "x".repeat(17), "é", "a-b", "a.b", "level ", "\ud800", "键"),
  anyString.filter((s) => !/^[A-Za-z0-9_]{1,16}$/.test(s)),
);
const goodAppKeyFilter = fc.array(goodAppKey, { maxLength: 6 });
const badAppKeyFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(goodAppKey, { maxLength: 2 }), badAppKey).map(([a, x]) => [...a, x]),
);

/** "" clears a value; else 1..64 bytes. */
const goodAppValue = fc.oneof(
  fc.constantFrom("", "7", "x".repeat(64), "é".repeat(32), "😀".repeat(16), "a\u0000b"),
  textString.filter((s) => byteLength(s) <= 64),
);
const badAppValue: fc.Arbitrary<unknown> = fc.oneof(
  // Null is absent here too: a missing Value.
  nonString,
  fc.constantFrom("x".repeat(65), "é".repeat(33), "😀".repeat(17), "\ud800", "a\udfff"),
  hugeString,
);
const goodAppData = fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { maxLength: 5 });
const badAppDatum: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "level", true, [], ["level", "7"], {}),
  fc.record({ Key: badAppKey, Value: goodAppValue }),
  fc.record({ Key: setAppKey, Value: badAppValue }),
  fc.record({ Key: setAppKey }),
  fc.record({ Value: goodAppValue }),
);
const badAppData: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc
    .tuple(fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { maxLength: 2 }), badAppDatum)
    .map(([a, x]) => [...a, x]),
  // Six at once: over the five a call may set.
  fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { minLength: 6, maxLength: 8 }),
);

const MSG_FLAGS = ["AcceptAndNotify", "AcceptNotNotify", "Discard", "AcceptNotNotifyExceptAt"] as const;
const goodMsgFlag = fc.constantFrom(...MSG_FLAGS);
const badMsgFlag: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("acceptandnotify", "Discard ", "", "Loud", "AcceptAndNotify\u0000"),
  anyString.filter((s) => !(MSG_FLAGS as readonly string[]).includes(s)),
);

/** "" clears the name card; else 1..50 bytes. */
const goodNameCard = fc.oneof(
  fc.constantFrom("", "Ann", "x".repeat(50), "é".repeat(25), "😀".repeat(12), "a\u0000b", "名片"),
  textString.filter((s) => byteLength(s) <= 50),
);
const badNameCard: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("x".repeat(51), "é".repeat(26), "😀".repeat(13), "\ud800", "a\udfff"),
  hugeString,
);

/**
 * Next pages a Community: "" or digits (the Next of an earlier page). Other groups ignore it, so
 * only those strings are good everywhere; other text is bad in a Community only.
 */
const goodNext = fc.constantFrom("", "0", "1", "2", "3", "007", "100", "9999999999");
const badNext: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("x", "-1", "1.5", " 1", "1 ", "99999999999", "１", "\ud800", "0x1"),
  anyString.filter((s) => !/^\d{0,10}$/.test(s)),
);

const goodElement = fc.oneof(
  fc.record({ MsgType: fc.constant("TIMTextElem"), MsgContent: fc.record({ Text: textString }) }),
  fc.record({
    MsgType: fc.constant("TIMCustomElem"),
    MsgContent: fc.record(
      { Data: textString, Desc: textString, Ext: textString, Sound: textString },
      { requiredKeys: ["Data"] },
    ),
  }),
  fc.record({
    MsgType: fc.constant("TIMFaceElem"),
    MsgContent: fc.record({ Index: goodUint32, Data: textString }, { requiredKeys: ["Index"] }),
  }),
);
const goodMsgBody = fc.oneof(
  { weight: 10, arbitrary: fc.array(goodElement, { minLength: 1, maxLength: 3 }) },
  // Just under the 12 KiB cap.
  {
    weight: 1,
    arbitrary: fc.constant([{ MsgType: "TIMTextElem", MsgContent: { Text: "t".repeat(12 * 1024 - 100) } }]),
  },
);
/** Small enough never to pass the 12 KiB cap. */
const smallMsgBody = fc.array(
  fc.record({ MsgType: fc.constant("TIMTextElem"), MsgContent: fc.record({ Text: textString }) }),
  { minLength: 1, maxLength: 3 },
);
const badElement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "TIMTextElem", [], {}),
  fc.record({
    MsgType: fc.constantFrom("TIMImageElem", "timtextelem", "", "TIMTextElem "),
    MsgContent: fc.record({ Text: anyString }),
  }),
  fc.record({ MsgType: fc.constant("TIMTextElem") }),
  fc.record({ MsgType: fc.constant("TIMTextElem"), MsgContent: fc.record({ Text: nonString }) }),
  fc.record({
    MsgType: fc.constant("TIMTextElem"),
    MsgContent: nonString.filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  }),
  fc.record({ MsgType: fc.constant("TIMCustomElem"), MsgContent: fc.record({ Desc: anyString }) }),
  fc.record({ MsgType: fc.constant("TIMFaceElem"), MsgContent: fc.record({ Index: badUint32 }) }),
  fc.record({ MsgType: nonString, MsgContent: fc.record({ Text: anyString }) }),
);
const badMsgBody: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc.tuple(fc.array(goodElement, { maxLength: 2 }), badElement).map(([a, x]) => [...a, x]),
  // Valid elements, but over the 12 KiB cap together.
  fc.constant([{ MsgType: "TIMTextElem", MsgContent: { Text: "x".repeat(13 * 1024) } }]),
  hugeString.map((Text) => [{ MsgType: "TIMTextElem", MsgContent: { Text: `${Text}${"x".repeat(12 * 1024)}` } }]),
);

const badGroupIdList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc.constant(Array.from({ length: 51 }, (_, i) => `g${i}`)),
  fc.tuple(fc.array(anyString, { maxLength: 3 }), nonString).map(([a, x]) => [...a, x]),
);

/** Strings that are no GroupId at all: 10015 wherever one is needed. */
const malformedGroupId = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a b",
    "x".repeat(49),
    "群",
    "\u0000",
    "a\n",
    "\ud800",
    "fuzz\u200bsentinel",
    " fuzz-absent",
  ),
  anyString.filter((s) => !/^[\x21-\x7e]{1,48}$/.test(s)),
  hugeString,
);
const badGroupId = fc.oneof(malformedGroupId, nonString);

/** GroupIds that differ from the sentinel's by little; never the sentinel's own. */
function nearMiss(id: string): fc.Arbitrary<unknown> {
  const confusable = id.replace("e", "\u0435"); // Cyrillic е
  return fc.constantFrom<unknown>(
    `${id} `,
    ` ${id}`,
    `${id}\u0000`,
    `${id}\n`,
    `\ufeff${id}`,
    `${id}\u200b`,
    confusable,
    id.toUpperCase(),
    id.slice(0, -1),
    `${id}x`,
    id.padEnd(49, "x"),
    [id],
    { GroupId: id },
    null,
  );
}

// ---------------------------------------------------------------------------------------------
// Commands

interface Field {
  name: string;
  good: fc.Arbitrary<unknown>;
  bad: fc.Arbitrary<unknown>;
  optional?: boolean;
}

interface CommandSpec {
  /** Wire name (a legacy alias is its own spec). */
  name: string;
  /** The codes a body of any shape may get for this command (the body class narrowed to it). */
  codes: readonly number[];
  /** Good GroupIds for this command (the sentinel's only where that is safe). */
  groupIds: fc.Arbitrary<unknown>;
  /** Bad GroupIds, when more than the common ones. */
  badGroupId?: fc.Arbitrary<unknown>;
  /** The non-GroupId fields. */
  fields: Field[];
  /** Fields of which a valid body has exactly one (or at most one). */
  exclusive?: { names: string[]; exactlyOne: boolean };
  /** Bodies every run tries first, before the generated ones (pinned findings). */
  pinned?: unknown[];
  /** Checks the fields an OK answer must carry (`body` is the request, a valid one then). */
  okShape(answer: Answer, body: Record<string, unknown>): string | null;
}

const isArray = (v: unknown) => Array.isArray(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !isArray(v);
/** The distinct strings of a list, in first-seen order (as the service dedupes account lists). */
const distinct = (v: unknown): unknown[] => (Array.isArray(v) ? [...new Set(v)] : []);
const shape = (answer: Answer, fields: Record<string, (v: unknown) => boolean>): string | null => {
  for (const [name, test] of Object.entries(fields)) if (!test(answer[name])) return `${name} is missing or malformed`;
  return null;
};

/**
 * What is wrong with a MemberList answered to `body` (get_group_member_info and
 * get_specified_group_member_info), or null: distinct accounts, each with exactly the fields asked
 * for in Tencent's order (MuteUntil with legacy ShutUpUntil, equal), only the roles asked for, and
 * AppMemberDefinedData with each distinct key asked for, in order.
 */
function memberListProblem(list: unknown[], body: Record<string, unknown>): string | null {
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
    const got = Object.keys(m).join(",");
    if (got !== want.join(",")) return `${who} answers the fields ${got}, not ${want.join(",")}`;
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

function commandSpecs(world: World): CommandSpec[] {
  const pg = Object.values(world.playground);
  const existing = fc.constantFrom(...pg);
  const absent = fc.constantFrom(...world.absent);
  const victims = fc.constantFrom(...world.victims);
  const readIds = fc.oneof(
    { weight: 4, arbitrary: existing },
    { weight: 3, arbitrary: fc.constant(world.sentinel.id) },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const writeIds = fc.oneof(
    { weight: 4, arbitrary: existing },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const uint32Field = (name: string, optional = false): Field => ({ name, good: goodUint32, bad: badUint32, optional });
  const readBase = [OK, INVALID, MALFORMED_ID, NO_GROUP, BODY_NOT_JSON];
  const writeBase = [...readBase, NOT_ALLOWED];
  /** Accounts of the playgrounds' member lists, mostly, and any other. */
  const memberOrNot = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PG_KEPT, "a", "b", "pg_admin", "pg_owner") },
    { weight: 1, arbitrary: goodAccount },
  );
  /** Mostly the playgrounds with a member list, where member changes can succeed. */
  const listedIds = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(world.playground.public, world.playground.private, world.playground.community),
    },
    { weight: 1, arbitrary: fc.constantFrom(world.playground.av, world.playground.b) },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const memberFilterFields: Field[] = [
    { name: "MemberInfoFilter", good: goodFilter, bad: badFilter, optional: true },
    { name: "MemberRoleFilter", good: goodRoleFilter, bad: badRoleFilter, optional: true },
    { name: "AppDefinedDataFilter_GroupMember", good: goodAppKeyFilter, bad: badAppKeyFilter, optional: true },
  ];
  const mutedListShape = (legacy: boolean) => (a: Answer) =>
    shape(a, { GroupId: (v) => typeof v === "string", [legacy ? "ShuttedUinList" : "MutedAccountList"]: isArray });

  const specs: CommandSpec[] = [
    {
      name: "create_group",
      codes: [OK, INVALID, MALFORMED_ID, NOT_ALLOWED, TAKEN, BODY_NOT_JSON],
      // Taking the sentinel's GroupId is always refused (10021): safe to aim at.
      groupIds: fc.oneof(
        victims,
        existing,
        fc.constant(world.sentinel.id),
        fc
          .string({ minLength: 1, maxLength: 8, unit: "grapheme-ascii" })
          .map((s) => `fuzz-new-${s.replace(/ /g, "_")}`),
      ),
      badGroupId: fc.oneof(badGroupId, fc.constantFrom("@TGS#2ABCDEFGH", "@TGS#")),
      fields: [
        { name: "Type", good: goodType, bad: badType },
        { name: "Name", good: goodName, bad: badName },
        { name: "Owner_Account", good: goodAccount, bad: badAccount, optional: true },
        { name: "MemberList", good: goodCreateMemberList, bad: badCreateMemberList, optional: true },
      ],
      okShape: (a) => shape(a, { GroupId: (v) => typeof v === "string" && /^[\x21-\x7e]{1,48}$/.test(v) }),
    },
    {
      name: "destroy_group",
      codes: [OK, INVALID, MALFORMED_ID, NO_GROUP, BODY_NOT_JSON],
      groupIds: fc.oneof(victims, absent),
      fields: [],
      okShape: () => null,
    },
    {
      name: "get_group_info",
      codes: [OK, INVALID, BODY_NOT_JSON],
      groupIds: fc.constant(undefined),
      fields: [
        {
          name: "GroupIdList",
          good: fc.array(
            fc.oneof(
              readIds,
              malformedGroupId.filter((v) => typeof v === "string" && wellFormed(v)),
              textString,
            ),
            { minLength: 1, maxLength: 6 },
          ),
          bad: badGroupIdList,
        },
      ],
      okShape: (a) =>
        shape(a, {
          GroupInfo: (v) =>
            Array.isArray(v) &&
            v.every(
              (e: Record<string, unknown>) =>
                typeof e.GroupId === "string" && [0, MALFORMED_ID, NO_GROUP].includes(e.ErrorCode as number),
            ),
        }),
    },
    {
      name: "modify_group_base_info",
      codes: writeBase,
      groupIds: writeIds,
      fields: [
        { name: "Name", good: goodName, bad: badName, optional: true },
        { name: "MuteAllMember", good: goodOnOff, bad: badOnOff, optional: true },
        { name: "ShutUpAllMember", good: goodOnOff, bad: badOnOff, optional: true },
      ],
      exclusive: { names: ["MuteAllMember", "ShutUpAllMember"], exactlyOne: false },
      okShape: () => null,
    },
    {
      name: "add_group_member",
      codes: writeBase,
      groupIds: writeIds,
      fields: [{ name: "MemberList", good: goodAddMemberList, bad: badAddMemberList }, uint32Field("Silence", true)],
      // Regression: an account holding a lone surrogate ("\ud800") used to be stored by SQLite as
      // WTF-8 and read back as "\ufffd\ufffd\ufffd", so adding it a second time missed it in
      // MemberStore.existing() and the INSERT hit the primary key: 10002. Now refused with 10004.
      pinned: [
        { GroupId: world.playground.community, MemberList: [{ Member_Account: "\ud800" }] },
        { GroupId: world.playground.community, MemberList: [{ Member_Account: "\ud800" }] },
      ],
      okShape: (a) =>
        shape(a, {
          MemberList: (v) =>
            Array.isArray(v) && v.every((m: Record<string, unknown>) => m.Result === 1 || m.Result === 2),
        }),
    },
    {
      name: "delete_group_member",
      codes: writeBase,
      groupIds: writeIds,
      fields: [
        { name: "MemberToDel_Account", good: goodAccountList, bad: badAccountList },
        uint32Field("Silence", true),
        { name: "Reason", good: textString, bad: nonString, optional: true },
      ],
      okShape: () => null,
    },
    {
      name: "get_group_member_info",
      // 10007: AVChatRoom and BChatRoom groups keep no member list.
      codes: [...readBase, NOT_ALLOWED],
      groupIds: readIds,
      fields: [
        {
          name: "Limit",
          good: fc.oneof(fc.constantFrom(0, 1, 2, 6000), fc.integer({ min: 0, max: 6000 })),
          bad: badBounded(0, 6000),
          optional: true,
        },
        uint32Field("Offset", true),
        { name: "Next", good: goodNext, bad: badNext, optional: true },
        ...memberFilterFields,
      ],
      okShape: (a, body) => {
        const why = shape(a, {
          MemberNum: (v) => Number.isInteger(v) && (v as number) >= 0,
          MemberList: isArray,
          Next: (v) => v === undefined || (typeof v === "string" && /^\d{0,10}$/.test(v)),
        });
        if (why !== null) return why;
        const list = a.MemberList as unknown[];
        const limit = body.Limit;
        if (typeof limit === "number" && limit > 0 && list.length > limit) return `MemberList is over Limit ${limit}`;
        if (list.length > (a.MemberNum as number)) return "MemberList is longer than MemberNum";
        return memberListProblem(list, body);
      },
    },
    {
      name: "get_specified_group_member_info",
      // 10005: over 50 accounts; 10007: AVChatRoom and BChatRoom groups keep no member list.
      codes: [...readBase, TOO_MANY, NOT_ALLOWED],
      groupIds: readIds,
      fields: [
        {
          name: "Member_List_Account",
          good: fc.oneof(
            { weight: 10, arbitrary: fc.array(memberOrNot, { minLength: 1, maxLength: 8 }) },
            { weight: 1, arbitrary: fc.constant(["a", "b", "pg_owner", ...distinctAccounts(47)]) },
          ),
          bad: fc.oneof(badAccountList, fc.constant(distinctAccounts(51))),
        },
        ...memberFilterFields,
      ],
      pinned: [{ GroupId: world.playground.public, Member_List_Account: distinctAccounts(51) }],
      okShape: (a, body) => {
        const why = shape(a, { GroupId: (v) => v === body.GroupId, MemberList: isArray });
        if (why !== null) return why;
        const list = a.MemberList as unknown[];
        const asked = new Set(distinct(body.Member_List_Account));
        if (!list.every((m) => isObject(m) && asked.has(m.Member_Account)))
          return "MemberList has an account not asked";
        return memberListProblem(list, body);
      },
    },
    {
      name: "get_role_in_group",
      // 10007: AVChatRoom and BChatRoom groups keep no member list.
      codes: [...readBase, NOT_ALLOWED],
      groupIds: readIds,
      fields: [
        {
          name: "User_Account",
          good: fc.oneof(
            { weight: 10, arbitrary: fc.array(memberOrNot, { minLength: 1, maxLength: 8 }) },
            { weight: 1, arbitrary: fc.constant(["pg_owner", ...distinctAccounts(499)]) },
          ),
          bad: badAccountList,
        },
      ],
      okShape: (a, body) => {
        const why = shape(a, { UserIdList: isArray });
        if (why !== null) return why;
        const list = a.UserIdList as unknown[];
        const asked = distinct(body.User_Account);
        const roles = ["Owner", "Admin", "Member", "NotMember"];
        const ok =
          list.length === asked.length &&
          list.every((e, i) => isObject(e) && e.Member_Account === asked[i] && roles.includes(e.Role as string));
        return ok ? null : "UserIdList is not each distinct account asked, in order, with a role";
      },
    },
    {
      name: "modify_group_member_info",
      // 10007: AVChatRoom and BChatRoom groups, a non-member, the owner's Role, a mute in Private.
      codes: writeBase,
      groupIds: listedIds,
      fields: [
        {
          name: "Member_Account",
          good: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PG_KEPT) }, { weight: 3, arbitrary: memberOrNot }),
          bad: badAccount,
        },
        { name: "Role", good: goodRole, bad: badRole, optional: true },
        { name: "MsgFlag", good: goodMsgFlag, bad: badMsgFlag, optional: true },
        { name: "NameCard", good: goodNameCard, bad: badNameCard, optional: true },
        { name: "AppMemberDefinedData", good: goodAppData, bad: badAppData, optional: true },
        ...MUTE_NAMES.map((name) => uint32Field(name, true)),
      ],
      exclusive: { names: [...MUTE_NAMES], exactlyOne: false },
      okShape: () => null,
    },
    {
      name: "forbid_send_msg",
      codes: writeBase,
      groupIds: writeIds,
      fields: [
        { name: "Members_Account", good: goodAccountList, bad: badAccountList },
        uint32Field("MuteTime", true),
        uint32Field("ShutUpTime", true),
      ],
      exclusive: { names: ["MuteTime", "ShutUpTime"], exactlyOne: true },
      okShape: () => null,
    },
    {
      name: "get_group_muted_account",
      codes: readBase,
      groupIds: readIds,
      fields: [],
      okShape: mutedListShape(false),
    },
    {
      name: "get_group_shutted_uin",
      codes: readBase,
      groupIds: readIds,
      fields: [],
      okShape: mutedListShape(true),
    },
    {
      name: "send_group_msg",
      codes: [...writeBase, MUTED],
      groupIds: writeIds,
      fields: [
        {
          name: "From_Account",
          good: fc.oneof(goodAccount, fc.constantFrom("pg_owner", "pg_admin", "a", "b")),
          bad: badAccount,
          optional: true,
        },
        uint32Field("Random"),
        { name: "MsgBody", good: goodMsgBody, bad: badMsgBody },
      ],
      okShape: (a) =>
        shape(a, { MsgTime: (v) => Number.isInteger(v), MsgSeq: (v) => Number.isInteger(v) && (v as number) >= 1 }),
    },
    {
      name: "group_msg_get_simple",
      codes: readBase,
      groupIds: readIds,
      fields: [
        { name: "ReqMsgNumber", good: fc.integer({ min: 1, max: 20 }), bad: badBounded(1, 20) },
        uint32Field("ReqMsgSeq", true),
      ],
      okShape: (a) =>
        shape(a, { GroupId: (v) => typeof v === "string", IsFinished: (v) => v === 0 || v === 1, RspMsgList: isArray }),
    },
  ];
  for (const spec of specs) {
    const outside = spec.codes.filter((c) => !BODY_CLASS.includes(c));
    if (outside.length > 0) throw new Error(`${spec.name}: codes ${outside.join(", ")} are outside the body class`);
  }
  return specs;
}

const ABSENT = Symbol("absent");

/** A value for one field: mostly good, sometimes bad, junk or absent. */
const fieldValue = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 2, arbitrary: bad },
    { weight: 1, arbitrary: fieldJunk },
    { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) },
  );

const specFields = (spec: CommandSpec): Field[] =>
  spec.name === "get_group_info"
    ? spec.fields
    : [
        {
          name: "GroupId",
          good: spec.groupIds,
          bad: spec.badGroupId ?? badGroupId,
          optional: spec.name === "create_group",
        },
        ...spec.fields,
      ];

/** Sets the generated values on a body (ABSENT deletes), after any extra keys. */
function assemble(fields: Field[], values: unknown[], extras: Record<string, unknown> | null): Record<string, unknown> {
  const body: Record<string, unknown> = extras === null ? {} : { ...extras };
  fields.forEach((f, i) => {
    const v = values[i];
    if (v !== ABSENT) body[f.name] = v;
    else delete body[f.name];
  });
  return body;
}

/** Bodies the schema accepts: every required field good, optional ones good or absent. */
function validBody(spec: CommandSpec): fc.Arbitrary<{ fields: Field[]; values: unknown[] }> {
  const fields = specFields(spec);
  return fc
    .tuple(fc.nat(), ...fields.map((f) => (f.optional === true ? fc.option(f.good, { nil: ABSENT, freq: 3 }) : f.good)))
    .map(([pick, ...values]) => {
      const ex = spec.exclusive;
      if (ex !== undefined) {
        const at = ex.names.map((n) => fields.findIndex((f) => f.name === n));
        const keep = at[pick % at.length]!;
        for (const i of at) if (i !== keep) values[i] = ABSENT;
        if (ex.exactlyOne && values[keep] === ABSENT) values[keep] = 60;
      }
      return { fields, values };
    });
}

/**
 * Bodies for `spec`: whole junk (often not an object); valid bodies; valid bodies with one
 * field made bad, junk or absent; and objects mixing good, bad, junk and absent fields.
 * Any of them may carry extra junk keys.
 */
function bodyFor(spec: CommandSpec): fc.Arbitrary<{ body: unknown; valid: boolean }> {
  const fields = specFields(spec);
  const extras = fc.option(fc.dictionary(junkKey, junk, { maxKeys: 3 }), { nil: null, freq: 2 });
  const valid = fc
    .tuple(validBody(spec), extras)
    .map(([v, x]) => ({ body: assemble(v.fields, v.values, x), valid: true }));
  const oneOff = fc.tuple(validBody(spec), fc.nat({ max: fields.length - 1 }), extras).chain(([v, at, x]) =>
    fc.oneof(fields[at]!.bad, fieldJunk, fc.constant<unknown>(ABSENT)).map((wrong) => {
      const values = [...v.values];
      values[at] = wrong;
      return { body: assemble(v.fields, values, x), valid: false };
    }),
  );
  const mixed = fc
    .tuple(extras, ...fields.map((f) => fieldValue(f.good, f.bad)))
    .map(([x, ...values]) => ({ body: assemble(fields, values, x), valid: false }));
  return fc.oneof(
    { weight: 1, arbitrary: junk.map((body) => ({ body, valid: false })) },
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: oneOff },
    { weight: 3, arbitrary: mixed },
  );
}

async function send(command: string, body: unknown, world: World, o: CallOptions = {}): Promise<Answer> {
  world.clock.advance(1);
  return readAnswer(await rawCall(command, body, o), `${command} ${show(body)}`);
}

function checkOkShape(spec: CommandSpec, answer: Answer, body: unknown): void {
  if (answer.ErrorCode !== 0) return;
  const why = spec.okShape(answer, isObject(body) ? body : {});
  if (why !== null) throw new PropertyFailure(`${spec.name} ${show(body)}: OK answer: ${why}: ${show(answer)}`);
}

/** A 10004 names what was wrong: one of the command's fields, or the body. */
function checkNamesField(spec: CommandSpec, answer: Answer, body: unknown): void {
  if (answer.ErrorCode !== INVALID) return;
  const names = ["GroupId", ...spec.fields.map((f) => f.name), "body"];
  if (!names.some((n) => answer.ErrorInfo.includes(n))) {
    throw new PropertyFailure(
      `${spec.name} ${show(body)}: the 10004 ErrorInfo names none of ${names.join(", ")}: ${show(answer)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Properties

/** What a property runs against: the world, and the sentinel as read before any property ran. */
export interface FuzzContext {
  world: World;
  snapshot: Record<string, Answer>;
}

export interface Property {
  name: string;
  /** Share of the base run count this property gets. */
  weight: number;
  /** Runs `numRuns` generated cases; answers how many ran. */
  run(ctx: FuzzContext, numRuns: number): Promise<number>;
}

/** One property per command: any body gets the envelope and a code of the command's class. */
function bodyProperty(command: string): Property {
  return {
    name: `${command}: any body answers the envelope with a code of its class`,
    weight: 1,
    run: ({ world: w }, numRuns) => {
      const spec = commandSpecs(w).find((s) => s.name === command)!;
      const pinned = (spec.pinned ?? []).map((body) => ({ body, valid: false }));
      return runProperty(
        bodyFor(spec),
        numRuns,
        async ({ body, valid }) => {
          const answer = await send(spec.name, body, w);
          const what = `${spec.name} ${show(body)}`;
          expectCode(answer, spec.codes, what);
          // A body the schema must accept is never refused as malformed.
          if (valid)
            expectCode(
              answer,
              spec.codes.filter((c) => c !== INVALID && c !== TOO_MANY && c !== MALFORMED_ID && c !== BODY_NOT_JSON),
              `${what} (valid)`,
            );
          if (typeof body !== "object" || body === null || Array.isArray(body))
            expectCode(answer, [BODY_NOT_JSON], what);
          checkOkShape(spec, answer, body);
          checkNamesField(spec, answer, body);
        },
        pinned,
      );
    },
  };
}

interface Slot {
  /** Makes the body invalid (in this slot's fields only). */
  breaks: fc.Arbitrary<(body: Record<string, unknown>) => void>;
  /** True when this slot breaks the GroupId (then 10015/10010 are fair too). */
  groupId?: boolean;
}

const setField = (
  name: string,
  value: fc.Arbitrary<unknown>,
  alsoDelete: string[] = [],
): fc.Arbitrary<(b: Record<string, unknown>) => void> =>
  // A member sent as null is absent (docs/api.md, "Body"): for an optional field that is no break.
  value
    .filter((v) => v !== null)
    .map((v) => (b: Record<string, unknown>) => {
      for (const d of alsoDelete) delete b[d];
      b[name] = v;
    });

interface SentinelWrite {
  command: string;
  /** A valid body that would change the sentinel. */
  base: fc.Arbitrary<Record<string, unknown>>;
  /** Independent ways to break it; the property breaks at least one. */
  slots: Slot[];
  fieldNames: string[];
}

/** modify_group_member_info's names for the mute; a body gives at most one. */
const MUTE_NAMES = ["MuteTime", "ShutUpTime", "ShutUpUntil"] as const;

function sentinelWrites(world: World): SentinelWrite[] {
  const id = world.sentinel.id;
  const groupSlot: Slot = { breaks: setField("GroupId", nearMiss(id)), groupId: true };
  const members = fc.constantFrom(S.owner, S.admin, ...S.members, S.muted, S.ghost, "newcomer");
  return [
    {
      command: "forbid_send_msg",
      base: fc.record({
        GroupId: fc.constant(id),
        Members_Account: fc.array(members, { minLength: 1, maxLength: 4 }),
        MuteTime: fc.constantFrom(0, 1, 60, 4294967294),
      }),
      slots: [
        { breaks: setField("Members_Account", badAccountList) },
        {
          breaks: fc.oneof(
            setField("MuteTime", badUint32, ["ShutUpTime"]),
            setField("ShutUpTime", badUint32, ["MuteTime"]),
            setField("ShutUpTime", goodUint32), // both given
            fc.constant((b: Record<string, unknown>) => {
              delete b.MuteTime;
              delete b.ShutUpTime;
            }),
          ),
        },
        groupSlot,
      ],
      fieldNames: ["GroupId", "Members_Account", "MuteTime", "ShutUpTime"],
    },
    {
      command: "modify_group_base_info",
      base: fc.record(
        { GroupId: fc.constant(id), Name: fc.constantFrom("renamed", "x"), MuteAllMember: fc.constant("Off") },
        { requiredKeys: ["GroupId"] },
      ),
      slots: [
        { breaks: setField("Name", badName) },
        {
          breaks: fc.oneof(
            setField("MuteAllMember", badOnOff, ["ShutUpAllMember"]),
            setField("ShutUpAllMember", badOnOff, ["MuteAllMember"]),
            goodOnOff.chain((a) =>
              goodOnOff.map((c) => (b: Record<string, unknown>) => {
                b.MuteAllMember = a;
                b.ShutUpAllMember = c;
              }),
            ),
          ),
        },
        groupSlot,
      ],
      fieldNames: ["GroupId", "Name", "MuteAllMember", "ShutUpAllMember"],
    },
    {
      command: "add_group_member",
      base: fc.record({
        GroupId: fc.constant(id),
        MemberList: fc.array(
          fc.constantFrom("newcomer", "other", S.ghost).map((Member_Account) => ({ Member_Account })),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      slots: [
        { breaks: setField("MemberList", badAddMemberList) },
        { breaks: setField("Silence", badUint32) },
        groupSlot,
      ],
      fieldNames: ["GroupId", "MemberList", "Silence"],
    },
    {
      command: "delete_group_member",
      base: fc.record({
        GroupId: fc.constant(id),
        MemberToDel_Account: fc.array(fc.constantFrom(S.admin, ...S.members, S.muted), { minLength: 1, maxLength: 3 }),
      }),
      slots: [
        { breaks: setField("MemberToDel_Account", badAccountList) },
        { breaks: setField("Silence", badUint32) },
        { breaks: setField("Reason", nonString) },
        groupSlot,
      ],
      fieldNames: ["GroupId", "MemberToDel_Account", "Silence", "Reason"],
    },
    {
      command: "send_group_msg",
      base: fc.record(
        {
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.owner, S.admin),
          Random: goodUint32,
          MsgBody: smallMsgBody,
        },
        { requiredKeys: ["GroupId", "Random", "MsgBody"] },
      ),
      slots: [
        { breaks: setField("From_Account", badAccount) },
        { breaks: setField("Random", badUint32) },
        {
          breaks: fc.oneof(
            setField("MsgBody", badMsgBody),
            fc.constant((b: Record<string, unknown>) => void delete b.MsgBody),
          ),
        },
        groupSlot,
      ],
      fieldNames: ["GroupId", "From_Account", "Random", "MsgBody"],
    },
    {
      command: "modify_group_member_info",
      // Each change differs from what the sentinel holds (see SENTINEL_MEMBER_INFO), mutes included.
      base: fc
        .tuple(
          fc.record(
            {
              GroupId: fc.constant(id),
              Member_Account: fc.constantFrom(S.admin, ...S.members, S.muted, S.owner),
              Role: goodRole,
              MsgFlag: fc.constantFrom("AcceptAndNotify", "AcceptNotNotifyExceptAt"),
              NameCard: fc.constantFrom("changed", "", "x".repeat(50)),
              AppMemberDefinedData: fc.array(fc.record({ Key: setAppKey, Value: fc.constantFrom("changed", "") }), {
                minLength: 1,
                maxLength: 3,
              }),
            },
            { requiredKeys: ["GroupId", "Member_Account"] },
          ),
          fc.option(fc.tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(0, 60, 4294967294)), { nil: null }),
        )
        .map(([body, mute]) => (mute === null ? body : { ...body, [mute[0]]: mute[1] })),
      slots: [
        {
          breaks: fc.oneof(
            setField("Member_Account", badAccount),
            // Required: missing, or null (which is missing).
            fc.constant((b: Record<string, unknown>) => void delete b.Member_Account),
            fc.constant((b: Record<string, unknown>) => {
              b.Member_Account = null;
            }),
          ),
        },
        { breaks: setField("Role", badRole) },
        { breaks: setField("MsgFlag", badMsgFlag) },
        { breaks: setField("NameCard", badNameCard) },
        { breaks: setField("AppMemberDefinedData", badAppData) },
        {
          breaks: fc.oneof(
            ...MUTE_NAMES.map((name) =>
              setField(
                name,
                badUint32,
                MUTE_NAMES.filter((n) => n !== name),
              ),
            ),
            // Two or three of the names at once, each good.
            fc
              .subarray([...MUTE_NAMES], { minLength: 2 })
              .chain((names) => fc.tuple(fc.constant(names), fc.array(goodUint32, { minLength: 3, maxLength: 3 })))
              .map(([names, values]) => (b: Record<string, unknown>) => {
                for (const n of MUTE_NAMES) delete b[n];
                names.forEach((n, i) => {
                  b[n] = values[i];
                });
              }),
          ),
        },
        groupSlot,
      ],
      fieldNames: ["GroupId", "Member_Account", "Role", "MsgFlag", "NameCard", "AppMemberDefinedData", ...MUTE_NAMES],
    },
    {
      command: "destroy_group",
      base: fc.constant({ GroupId: id }),
      slots: [groupSlot],
      fieldNames: ["GroupId"],
    },
  ];
}

/**
 * Write bodies aimed at the sentinel that would change it if they were valid, each broken in at
 * least one independent way: every one must fail (10004; 10015/10010 when the GroupId is the
 * broken part), and the sentinel stays as it was.
 */
function sentinelWriteProperty(command: string): Property {
  return {
    name: `${command}: broken bodies aimed at the sentinel all fail`,
    weight: 0.5,
    run: ({ world }, numRuns) => {
      const w = sentinelWrites(world).find((x) => x.command === command)!;
      const arb = fc
        .tuple(
          w.base,
          fc
            .subarray(w.slots, { minLength: 1 })
            .chain((slots) => fc.tuple(fc.constant(slots), fc.tuple(...slots.map((s) => s.breaks)))),
          fc.dictionary(
            junkKey.filter((k) => !w.fieldNames.includes(k)),
            junk,
            { maxKeys: 2 },
          ),
        )
        .map(([base, [slots, breakers], extras]) => {
          const body: Record<string, unknown> = { ...extras, ...base };
          for (const b of breakers) b(body);
          return { body, groupBroken: slots.some((s) => s.groupId === true) };
        });
      return runProperty(arb, numRuns, async ({ body, groupBroken }) => {
        const answer = await send(w.command, body, world);
        expectCode(answer, groupBroken ? [INVALID, MALFORMED_ID, NO_GROUP] : [INVALID], `${w.command} ${show(body)}`);
      });
    },
  };
}

/**
 * Requests aimed at the sentinel whose outcome the model knows: taking its GroupId (10021),
 * messages from muted senders or non-members (10017/10007), and writes that are valid but change
 * nothing (adding members already in, removing non-members, re-muting permanently muted accounts,
 * setting what is already set), which must answer OK.
 */
const sentinelModelProperty: Property = {
  name: "model: requests aimed at the sentinel answer what the model says and change nothing",
  weight: 2,
  run: ({ world }, numRuns) => {
    const id = world.sentinel.id;
    const extras = fc.dictionary(
      junkKey.filter((k) => !FIELD_NAMES.includes(k)),
      junk,
      { maxKeys: 2 },
    );
    type Case = { command: string; body: Record<string, unknown>; codes: number[] };
    const c =
      (command: string, codes: number[]) =>
      (body: Record<string, unknown>): Case => ({ command, body, codes });
    const cases: fc.Arbitrary<Case> = fc.oneof(
      goodType
        .chain((Type) =>
          fc.record(
            {
              Type: fc.constant(Type),
              Name: goodName,
              GroupId: fc.constant(id),
              Owner_Account: goodAccount,
              MemberList: (MEMBER_LIST_TYPES as readonly string[]).includes(Type)
                ? goodCreateMemberList
                : fc.constant([]),
            },
            { requiredKeys: ["Type", "Name", "GroupId"] },
          ),
        )
        .map(c("create_group", [TAKEN])),
      fc
        .record({
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.muted, ...S.members),
          Random: goodUint32,
          MsgBody: smallMsgBody,
        })
        .map(c("send_group_msg", [MUTED])),
      fc
        .record({
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.ghost, "stranger", "S_OWNER", "s_owner "),
          Random: goodUint32,
          MsgBody: smallMsgBody,
        })
        .map(c("send_group_msg", [NOT_ALLOWED, MUTED])),
      fc
        .record({
          GroupId: fc.constant(id),
          MemberList: fc.array(
            fc.constantFrom(S.owner, S.admin, ...S.members, S.muted).map((Member_Account) => ({ Member_Account })),
            { minLength: 1, maxLength: 6 },
          ),
        })
        .map(c("add_group_member", [OK])),
      fc
        .record({
          GroupId: fc.constant(id),
          MemberToDel_Account: fc.array(fc.constantFrom(S.ghost, "stranger", "S_M1"), { minLength: 1, maxLength: 3 }),
        })
        .map(c("delete_group_member", [OK])),
      fc
        .record({
          GroupId: fc.constant(id),
          Members_Account: fc.array(fc.constantFrom(S.muted, S.ghost), { minLength: 1, maxLength: 3 }),
          MuteTime: fc.constant(PERMANENT),
        })
        .map(c("forbid_send_msg", [OK])),
      fc
        .record({
          GroupId: fc.constant(id),
          Members_Account: fc.array(fc.constantFrom(S.owner, ...S.members, "stranger"), { minLength: 1, maxLength: 3 }),
          ShutUpTime: fc.constant(0),
        })
        .map(c("forbid_send_msg", [OK])),
      fc
        .record(
          { GroupId: fc.constant(id), Name: fc.constant(world.sentinel.name), MuteAllMember: fc.constant("On") },
          { requiredKeys: ["GroupId"] },
        )
        .map(c("modify_group_base_info", [OK])),
      fc
        .record({ GroupId: fc.constant(id), ShutUpAllMember: fc.constant("On") })
        .map(c("modify_group_base_info", [OK])),
      // Setting a member's info to what it is already, a role it has, a permanent mute again.
      fc
        .constantFrom(...Object.entries(SENTINEL_MEMBER_INFO))
        .chain(([account, info]) =>
          fc.record(
            {
              GroupId: fc.constant(id),
              Member_Account: fc.constant(account),
              Role: fc.constant(account === S.admin ? "Admin" : "Member"),
              NameCard: fc.constant(info.NameCard),
              MsgFlag: fc.constant(info.MsgFlag),
              AppMemberDefinedData: fc.subarray(info.AppMemberDefinedData, { minLength: 1 }),
            },
            { requiredKeys: ["GroupId", "Member_Account"] },
          ),
        )
        .map(c("modify_group_member_info", [OK])),
      fc
        .tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(S.muted, S.members[1]))
        .map(([name, account]) => ({
          GroupId: id,
          Member_Account: account,
          ...(account === S.muted
            ? { [name]: PERMANENT }
            : { Role: "Member", NameCard: "", MsgFlag: "AcceptAndNotify" }),
        }))
        .map(c("modify_group_member_info", [OK])),
      // Not a member, or the owner's role: refused.
      fc
        .record(
          {
            GroupId: fc.constant(id),
            Member_Account: fc.constantFrom(S.ghost, "stranger", "S_M1", "s_m1 "),
            Role: goodRole,
            NameCard: fc.constant("changed"),
            MuteTime: fc.constantFrom(0, 60),
          },
          { requiredKeys: ["GroupId", "Member_Account"] },
        )
        .map(c("modify_group_member_info", [NOT_ALLOWED])),
      fc
        .record(
          {
            GroupId: fc.constant(id),
            Member_Account: fc.constant(S.owner),
            Role: goodRole,
            NameCard: fc.constant("changed"),
            ShutUpTime: fc.constantFrom(0, 60),
          },
          { requiredKeys: ["GroupId", "Member_Account", "Role"] },
        )
        .map(c("modify_group_member_info", [NOT_ALLOWED])),
    );
    const arb = fc.tuple(cases, extras).map(([k, x]) => ({ ...k, body: { ...x, ...k.body } }));
    return runProperty(arb, numRuns, async ({ command, body, codes }) => {
      const answer = await send(command, body, world);
      expectCode(answer, codes, `${command} ${show(body)}`);
      if (command === "add_group_member" && answer.ErrorCode === 0) {
        const results = Array.isArray(answer.MemberList)
          ? (answer.MemberList as { Result?: unknown }[]).map((m) => m.Result)
          : [];
        if (results.length === 0 || !results.every((r) => r === 2)) {
          throw new PropertyFailure(`${command} ${show(body)}: members already in must get Result 2: ${show(answer)}`);
        }
      }
    });
  },
};

/**
 * modify_group_member_info on a playground member, read back with get_specified_group_member_info
 * before and after: the member reads as before with exactly the change applied (the last Value of
 * a Key counts; a mute is until now + seconds, 0 unmutes), or unchanged when the change is refused
 * (a mute in a Private group).
 */
const memberRoundTripProperty: Property = {
  name: "model: what modify_group_member_info sets is what get_specified_group_member_info reads",
  weight: 0.5,
  run: ({ world }, numRuns) => {
    const pg = world.playground;
    const arb = fc.record({
      GroupId: fc.constantFrom(pg.public, pg.private, pg.community),
      Member_Account: fc.constantFrom(...PG_KEPT),
      change: fc.record(
        { Role: goodRole, MsgFlag: goodMsgFlag, NameCard: goodNameCard, AppMemberDefinedData: goodAppData },
        { requiredKeys: [] },
      ),
      mute: fc.option(
        fc.tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(0, 60, 3600, UINT32_MAX - 1, PERMANENT)),
        {
          nil: null,
        },
      ),
    });
    return runProperty(arb, numRuns, async ({ GroupId, Member_Account, change, mute }) => {
      const read = { GroupId, Member_List_Account: [Member_Account], AppDefinedDataFilter_GroupMember: [...APP_KEYS] };
      const before = await send("get_specified_group_member_info", read, world);
      const prev = (before.MemberList as Record<string, unknown>[] | undefined)?.[0];
      if (before.ErrorCode !== 0 || prev === undefined)
        throw new PropertyFailure(`${Member_Account} is no longer a member of ${GroupId}: ${show(before)}`);
      const body = { GroupId, Member_Account, ...change, ...(mute === null ? {} : { [mute[0]]: mute[1] }) };
      const what = `modify_group_member_info ${show(body)}`;
      const answer = await send("modify_group_member_info", body, world);
      const refused = mute !== null && GroupId === pg.private;
      expectCode(answer, [refused ? NOT_ALLOWED : OK], what);
      const changedAt = world.clock.now;
      const after = await send("get_specified_group_member_info", read, world);

      const want: Record<string, unknown> = { ...prev };
      const until = prev.MuteUntil as number;
      want.MuteUntil = want.ShutUpUntil = until > world.clock.now ? until : 0;
      if (!refused) {
        for (const k of ["Role", "MsgFlag", "NameCard"] as const) if (change[k] !== undefined) want[k] = change[k];
        const set = new Map<string, string>((change.AppMemberDefinedData ?? []).map((d) => [d.Key, d.Value]));
        want.AppMemberDefinedData = (prev.AppMemberDefinedData as { Key: string; Value: string }[]).map((d) => ({
          Key: d.Key,
          Value: set.get(d.Key) ?? d.Value,
        }));
        if (mute !== null) {
          const s = mute[1];
          want.MuteUntil = want.ShutUpUntil =
            s === 0 ? 0 : s === PERMANENT ? PERMANENT : Math.min(changedAt + s, PERMANENT);
        }
      }
      const got = JSON.stringify(after.MemberList);
      if (after.ErrorCode !== 0 || got !== JSON.stringify([want])) {
        throw new PropertyFailure(`${what} (${show(answer)}): read ${show(after, 800)}, want ${show([want], 800)}`);
      }
    });
  },
};

/** Read-only commands at the sentinel with any extra junk: OK, and what they read is the snapshot. */
const sentinelReadProperty: Property = {
  name: "read-only commands at the sentinel, with junk around, read the snapshot",
  weight: 0.5,
  run: ({ world, snapshot }, numRuns) => {
    const id = world.sentinel.id;
    const extras = fc.dictionary(
      junkKey.filter((k) => !FIELD_NAMES.includes(k)),
      junk,
      { maxKeys: 3 },
    );
    const reads = fc.constantFrom(
      { command: "get_group_info", body: { GroupIdList: [id] }, key: "info" },
      { command: "get_group_member_info", body: { GroupId: id }, key: "members" },
      { command: "get_group_member_info", body: { GroupId: id, Limit: 0, MemberInfoFilter: null }, key: "members" },
      {
        command: "get_group_member_info",
        body: { GroupId: id, AppDefinedDataFilter_GroupMember: [...APP_KEYS, "unset_key"] },
        key: "membersAppData",
      },
      {
        command: "get_group_member_info",
        body: {
          GroupId: id,
          Limit: 2,
          Offset: 1,
          Next: "x",
          MemberRoleFilter: ["Admin", "Member"],
          MemberInfoFilter: ["NameCard", "MsgFlag", "Role"],
        },
        key: "membersByRole",
      },
      {
        command: "get_specified_group_member_info",
        body: {
          GroupId: id,
          Member_List_Account: [...SENTINEL_ACCOUNTS].reverse(),
          AppDefinedDataFilter_GroupMember: [...APP_KEYS],
          MemberRoleFilter: null,
        },
        key: "specified",
      },
      { command: "get_role_in_group", body: { GroupId: id, User_Account: SENTINEL_ACCOUNTS }, key: "roles" },
      { command: "get_group_muted_account", body: { GroupId: id }, key: "muted" },
      { command: "get_group_shutted_uin", body: { GroupId: id }, key: "shutted" },
      { command: "group_msg_get_simple", body: { GroupId: id, ReqMsgNumber: 20 }, key: "history" },
    );
    return runProperty(fc.tuple(reads, extras), numRuns, async ([read, x]) => {
      const body = { ...x, ...read.body };
      const answer = await send(read.command, body, world);
      const want = snapshot[read.key];
      if (JSON.stringify(answer) !== JSON.stringify(want)) {
        throw new PropertyFailure(`${read.command} ${show(body)}: read ${show(answer)}, the snapshot is ${show(want)}`);
      }
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Raw bodies

const ALL_COMMANDS = [
  "create_group",
  "destroy_group",
  "get_group_info",
  "modify_group_base_info",
  "add_group_member",
  "delete_group_member",
  "get_group_member_info",
  "get_specified_group_member_info",
  "get_role_in_group",
  "modify_group_member_info",
  "forbid_send_msg",
  "get_group_muted_account",
  "get_group_shutted_uin",
  "send_group_msg",
  "group_msg_get_simple",
];

/** What may answer a raw body that could parse to any object (no sentinel GroupId inside). */
const RAW_ANY = [...BODY_CLASS];

interface RawCase {
  command: string;
  body: string | Uint8Array;
  codes: number[];
  contentType: string | null;
  note: string;
}

/**
 * Raw bodies: random text and bytes, truncated JSON of valid bodies (even bodies that would
 * destroy the sentinel), a repeated key whose last value is broken, deep nesting, huge strings,
 * bodies over 1 MiB, and odd Content-Types.
 */
const rawBodyProperty: Property = {
  name: "raw bodies: text, bytes, truncated, repeated keys, deep, huge, oversized",
  weight: 3,
  run: ({ world }, numRuns) => {
    const id = world.sentinel.id;
    const dangerous = fc.constantFrom<[string, Record<string, unknown>, string, unknown]>(
      ["destroy_group", { GroupId: id }, "GroupId", 1],
      ["forbid_send_msg", { GroupId: id, Members_Account: [S.muted], MuteTime: 0 }, "MuteTime", -1],
      ["forbid_send_msg", { GroupId: id, Members_Account: [S.muted], MuteTime: 0 }, "Members_Account", []],
      ["modify_group_base_info", { GroupId: id, MuteAllMember: "Off" }, "MuteAllMember", "off"],
      ["delete_group_member", { GroupId: id, MemberToDel_Account: [S.admin] }, "MemberToDel_Account", "s_admin"],
      ["add_group_member", { GroupId: id, MemberList: [{ Member_Account: "newcomer" }] }, "MemberList", [{}]],
      [
        "modify_group_member_info",
        { GroupId: id, Member_Account: S.admin, Role: "Member", NameCard: "changed", MuteTime: 60 },
        "Member_Account",
        null,
      ],
      [
        "modify_group_member_info",
        { GroupId: id, Member_Account: S.members[0], AppMemberDefinedData: [{ Key: "level", Value: "1" }] },
        "AppMemberDefinedData",
        [{ Key: "level", Value: null }],
      ],
      [
        "send_group_msg",
        { GroupId: id, Random: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] },
        "Random",
        4294967296,
      ],
    );
    const command = fc.constantFrom(...ALL_COMMANDS);
    const contentType = fc.constantFrom<string | null>(
      null,
      null,
      "application/json",
      "text/plain",
      "",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
      "x/y",
    );
    const r =
      (codes: number[], note: string) =>
      ([command, body, ct]: [string, string | Uint8Array, string | null]): RawCase => ({
        command,
        body,
        codes,
        contentType: ct,
        note,
      });

    const cases: fc.Arbitrary<RawCase> = fc.oneof(
      // Random text: whatever it parses to, the answer is of the body class.
      fc
        .tuple(
          command,
          fc.oneof(
            fc.string({ maxLength: 60 }),
            fc.string({ unit: "binary", maxLength: 60 }),
            fc.string({ unit: "grapheme", maxLength: 60 }),
          ),
          contentType,
        )
        .map(r(RAW_ANY, "text")),
      // Random bytes (mostly not UTF-8).
      fc
        .tuple(command, fc.uint8Array({ maxLength: 200 }) as fc.Arbitrary<Uint8Array>, contentType)
        .map(r(RAW_ANY, "bytes")),
      // JSON that is not an object.
      fc
        .tuple(
          command,
          fc
            .oneof(junk, fc.constant(null))
            .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
            .map((v) => JSON.stringify(v)),
          contentType,
        )
        .map(r([BODY_NOT_JSON], "json non-object")),
      // Valid but dangerous JSON cut short: never valid JSON.
      fc
        .tuple(dangerous, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), contentType)
        .map(([[cmd, body], at, ct]): RawCase => {
          const text = JSON.stringify(body);
          return {
            command: cmd,
            body: text.slice(0, Math.floor(at * text.length)),
            codes: [BODY_NOT_JSON],
            contentType: ct,
            note: "truncated",
          };
        }),
      // Valid but dangerous JSON, then the same key again, broken: the last one counts.
      fc.tuple(dangerous, contentType).map(([[cmd, body, key, broken], ct]): RawCase => {
        const text = JSON.stringify(body);
        return {
          command: cmd,
          body: `${text.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(broken)}}`,
          codes: [INVALID],
          contentType: ct,
          note: "repeated key",
        };
      }),
      // Deep nesting: as the body, and under a field.
      fc
        .tuple(command, fc.integer({ min: 1, max: 100_000 }), fc.constantFrom("[", '{"a":'), contentType)
        .map(([cmd, depth, open, ct]): RawCase => {
          const close = open === "[" ? "]" : "}";
          return {
            command: cmd,
            body: open.repeat(depth) + close.repeat(depth),
            codes: open === "[" ? [BODY_NOT_JSON] : RAW_ANY,
            contentType: ct,
            note: `nested ${depth}`,
          };
        }),
      fc
        .tuple(
          command,
          fc.integer({ min: 1, max: 50_000 }),
          fc.constantFrom("GroupId", "GroupIdList", "MemberList", "MsgBody", "Extra"),
          fc.constantFrom(...world.absent),
          contentType,
        )
        .map(([cmd, depth, field, gid, ct]): RawCase => {
          const deep = "[".repeat(depth) + "]".repeat(depth);
          const body =
            field === "GroupId"
              ? `{"GroupId":${deep}}`
              : `{"GroupId":${JSON.stringify(gid)},${JSON.stringify(field)}:${deep}}`;
          return { command: cmd, body, codes: RAW_ANY, contentType: ct, note: `nested field ${depth}` };
        }),
      // Huge strings in fields.
      fc
        .tuple(
          command,
          fc.constantFrom("GroupId", "Name", "Members_Account", "From_Account", "Text"),
          hugeString,
          contentType,
        )
        .map(([cmd, field, huge, ct]): RawCase => {
          const body =
            field === "Members_Account"
              ? { GroupId: world.absent[0], [field]: [huge], MuteTime: 1 }
              : field === "Text"
                ? {
                    GroupId: world.playground.public,
                    Random: 1,
                    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: huge } }],
                  }
                : { GroupId: world.absent[0], [field]: huge };
          return { command: cmd, body: JSON.stringify(body), codes: RAW_ANY, contentType: ct, note: "huge string" };
        }),
      // A BOM before a valid body, and whitespace around it.
      fc.tuple(command, fc.constantFrom("\ufeff", " \n\t", "\r\n"), contentType).map(
        ([cmd, pad, ct]): RawCase => ({
          command: cmd,
          body: `${pad}{"GroupId":${JSON.stringify(world.absent[0])}}${pad === "\ufeff" ? "" : pad}`,
          codes: RAW_ANY,
          contentType: ct,
          note: "padding",
        }),
      ),
    );
    // Over 1 MiB: refused before parsing (rare, as it costs a megabyte per case).
    const oversized: fc.Arbitrary<RawCase> = fc
      .tuple(dangerous, fc.integer({ min: 1, max: 4096 }))
      .map(([[cmd, body], extra]) => {
        const text = JSON.stringify(body);
        return {
          command: cmd,
          body: `${text.slice(0, -1)},"pad":"${"x".repeat(1024 * 1024 - text.length + extra)}"}`,
          codes: [INVALID],
          contentType: null,
          note: "over 1 MiB",
        };
      });
    const arb = fc.oneof({ weight: 60, arbitrary: cases }, { weight: 1, arbitrary: oversized });

    return runProperty(arb, numRuns, async (k) => {
      world.clock.advance(1);
      const headers: Record<string, string> = k.contentType === null ? {} : { "content-type": k.contentType };
      const response = await rawCall(k.command, undefined, { rawBody: k.body as BodyInit, headers });
      const shown =
        typeof k.body === "string" ? show(k.body, 200) : `bytes [${Array.from(k.body.slice(0, 40)).join(",")}]`;
      const what = `${k.command} raw ${k.note} ${shown}`;
      const answer = await readAnswer(response, what);
      expectCode(answer, k.codes, what);
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Query strings

/** Percent-encodes every byte that is not unreserved, lone surrogates included (as U+FFFD). */
function encodeQueryPart(s: string): string {
  let out = "";
  for (const b of encoder.encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~*]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

interface Choice {
  /** The values given for the parameter: none, one, or a repeat. */
  values: string[];
  /** Codes this choice justifies (empty: the parameter is fine). */
  codes: number[];
  /** For sdkappid: the app it names; for identifier: the account; for usersig: who it was made for. */
  meaning?: { app?: number; identifier?: string; sig?: "good" | "expired" | "wrongKey" };
}

const one = (value: string, codes: number[] = [], meaning?: Choice["meaning"]): Choice => ({
  values: [value],
  codes,
  ...(meaning ? { meaning } : {}),
});
const missing = (codes: number[]): Choice => ({ values: [], codes });
/** The parameter twice (the first value of each choice, or a stand-in): ambiguous, so 60002. */
const repeated = (a: Choice, b: Choice): Choice => ({
  values: [a.values[0] ?? "1", b.values[0] ?? "2"],
  codes: [URL_INVALID],
});

/** Digit strings that are not a uint32 to Tencent, and not a number at all. */
const notUint32Text = fc.oneof(
  fc.constantFrom(
    "-1",
    "1.5",
    "4294967296",
    "99999999999",
    "1e3",
    " 7",
    "7 ",
    "0x10",
    "+1",
    "١٤",
    "１",
    "NaN",
    "",
    "01400000000",
  ),
  anyString.filter((s) => !/^\d{1,10}$/.test(s)),
);

const queryProperty: Property = {
  name: "query strings and paths: an auth/URL-class code that a fault of the request justifies",
  weight: 4,
  run: ({ world }, numRuns) => {
    const { sigs } = world;
    // Valid choices weigh most, so that most queries carry at most one or two faults.
    const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
    const sdkappid = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(8, fc.constant(one(String(DEMO_APP.sdkappid), [], { app: DEMO_APP.sdkappid }))),
      w(2, fc.constant(one(String(SECOND_APP.sdkappid), [], { app: SECOND_APP.sdkappid }))),
      w(
        1,
        fc.constantFrom("1234", "0", "4294967295", "1400000009", "0001400000").map((v) => one(v, [SDKAPPID_INVALID])),
      ),
      w(
        1,
        notUint32Text.map((v) => one(v, v === "" ? [SDKAPPID_INVALID, SDKAPPID_MISSING] : [SDKAPPID_INVALID])),
      ),
      w(1, fc.constant(missing([SDKAPPID_MISSING]))),
    );
    const identifier = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(8, fc.constant(one(DEMO_APP.admin, [], { identifier: DEMO_APP.admin }))),
      w(2, fc.constant(one("second_admin", [], { identifier: "second_admin" }))),
      w(
        1,
        fc
          .constantFrom("bob", "Administrator", "administrator ", "ops_admin")
          .map((v) => one(v, [], { identifier: v })),
      ),
      w(
        1,
        anyString
          .filter((s) => s !== DEMO_APP.admin && s !== "second_admin")
          .map((v) => one(v, [NOT_ADMIN], { identifier: v })),
      ),
      w(1, fc.constant(missing([NOT_ADMIN]))),
    );
    const sigAlphabet = fc.string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_"),
      minLength: 1,
      maxLength: 300,
    });
    const usersig = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(6, fc.constant(one(sigs.demoAdmin, [], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "good" }))),
      w(
        2,
        fc.constant(one(sigs.demoSecondAdmin, [], { app: DEMO_APP.sdkappid, identifier: "second_admin", sig: "good" })),
      ),
      w(
        2,
        fc.constant(one(sigs.secondAdmin, [], { app: SECOND_APP.sdkappid, identifier: SECOND_APP.admin, sig: "good" })),
      ),
      w(
        2,
        fc.constant(
          one(sigs.expired, [SIG_EXPIRED], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "expired" }),
        ),
      ),
      w(
        2,
        fc.constant(
          one(sigs.wrongKey, [SIG_BAD], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "wrongKey" }),
        ),
      ),
      w(
        2,
        fc
          .oneof(
            sigAlphabet,
            anyString.filter((s) => s !== ""),
            fc.constant("A".repeat(5000)),
            fc.constant(sigs.demoAdmin.slice(0, -8)),
            fc.constant(`${sigs.demoAdmin}x`),
          )
          .map((v) => one(v, [SIG_UNDECODABLE, SIG_BAD])),
      ),
      w(1, fc.constant(one("", [SIG_MISSING, SIG_UNDECODABLE]))),
      w(1, fc.constant(missing([SIG_MISSING]))),
    );
    const random = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(
        10,
        fc.constantFrom("0", "1", "99999999", "4294967295", "0000000001").map((v) => one(v)),
      ),
      w(
        1,
        notUint32Text.map((v) => one(v, [URL_INVALID])),
      ),
      w(1, fc.constant(missing([URL_INVALID]))),
    );
    const contenttype = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(5, fc.constant(one("json"))),
      w(5, fc.constant(missing([]))),
      w(
        1,
        fc
          .oneof(
            fc.constantFrom("JSON", "xml", "", "json ", "application/json"),
            anyString.filter((s) => s !== "json"),
          )
          .map((v) => one(v, [URL_INVALID])),
      ),
    );
    const withRepeats = (arb: fc.Arbitrary<Choice>) =>
      fc.oneof(
        w(20, arb),
        w(
          1,
          fc.tuple(arb, arb).map(([a, b]) => repeated(a, b)),
        ),
      );
    const extraName = anyString.filter(
      (s) => !["sdkappid", "identifier", "usersig", "random", "contenttype"].includes(s),
    );
    const extras = fc.array(fc.tuple(extraName, anyString), { maxLength: 3 });
    const commandName = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .constantFrom("get_group_muted_account", "get_group_shutted_uin")
          .map((c) => ({ path: c, codes: [] as number[] })),
      },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.constantFrom(
              "forbid_send_msgs",
              "Forbid_send_msg",
              "get_group_muted_account ",
              "shutted",
              "..",
              "%2e%2e",
              "get_group_muted_account%2F",
            ),
            anyString.map(encodeQueryPart),
          )
          .filter((c) => c !== "" && !ALL_COMMANDS.includes(c))
          .map((c) => ({ path: c, codes: [UNKNOWN_COMMAND, URL_INVALID] })),
      },
    );
    const service = fc.oneof(
      { weight: 10, arbitrary: fc.constant({ path: "group_open_http_svc", codes: [] as number[] }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom("openim", "group_open_http_svc2", "GROUP_OPEN_HTTP_SVC")
          .map((s) => ({ path: s, codes: [UNKNOWN_COMMAND] })),
      },
    );
    const method = fc.oneof(
      { weight: 12, arbitrary: fc.constant({ name: "POST", codes: [] as number[] }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH").map((m) => ({ name: m, codes: [URL_INVALID] })),
      },
    );

    const modeled = fc
      .record({
        sdkappid: withRepeats(sdkappid),
        identifier: withRepeats(identifier),
        usersig: withRepeats(usersig),
        random: withRepeats(random),
        contenttype: withRepeats(contenttype),
        extras,
        command: commandName,
        service,
        method,
        order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      })
      .map((q) => {
        const params: [string, Choice][] = [
          ["sdkappid", q.sdkappid],
          ["identifier", q.identifier],
          ["usersig", q.usersig],
          ["random", q.random],
          ["contenttype", q.contenttype],
        ];
        const codes = new Set<number>([...q.command.codes, ...q.service.codes, ...q.method.codes]);
        for (const [, choice] of params) for (const code of choice.codes) codes.add(code);
        // Who the caller claims to be, and whether the UserSig says the same.
        const app = q.sdkappid.values.length === 1 ? q.sdkappid.meaning?.app : undefined;
        const ident = q.identifier.values.length === 1 ? q.identifier.meaning?.identifier : undefined;
        const sig = q.usersig.values.length === 1 ? q.usersig.meaning : undefined;
        if (app !== undefined && ident !== undefined) {
          const admins = app === DEMO_APP.sdkappid ? [DEMO_APP.admin, "second_admin"] : [SECOND_APP.admin];
          if (!admins.includes(ident)) codes.add(NOT_ADMIN);
          if (sig?.sig !== undefined) {
            if (sig.app !== app) codes.add(SIG_WRONG_APP).add(SIG_BAD);
            if (sig.identifier !== ident) codes.add(SIG_WRONG_ID).add(SIG_BAD);
          }
        } else if (ident !== undefined && ![DEMO_APP.admin, "second_admin"].includes(ident)) {
          codes.add(NOT_ADMIN);
        }
        const pairs: string[] = [];
        for (const [name, choice] of params) for (const v of choice.values) pairs.push(`${name}=${encodeQueryPart(v)}`);
        for (const [name, value] of q.extras) pairs.push(`${encodeQueryPart(name)}=${encodeQueryPart(value)}`);
        // A stable shuffle from the generated order.
        const keyed = pairs.map((p, i) => ({ p, k: q.order[i % 5]! * 31 + i }));
        keyed.sort((a, b) => a.k - b.k);
        return {
          query: keyed.map((e) => e.p).join("&"),
          service: q.service.path,
          command: q.command.path,
          method: q.method.name,
          // No fault: the call reaches the (absent) group.
          codes: codes.size === 0 ? [NO_GROUP] : [...codes],
        };
      });

    // Unmodeled junk: random query text, or a valid query with junk spliced in.
    const valid =
      `sdkappid=${DEMO_APP.sdkappid}&identifier=${DEMO_APP.admin}` +
      `&usersig=${sigs.demoAdmin}&random=1&contenttype=json`;
    const raw = fc
      .oneof(
        fc.string({ maxLength: 80 }),
        fc.string({ unit: "binary", maxLength: 80 }),
        fc
          .tuple(
            fc.nat({ max: valid.length }),
            fc.oneof(anyString, fc.constantFrom("&", "=", "#", "%", "%%", "&&", "==", "?", "%zz", "+", ";")),
          )
          .map(([at, junkText]) => valid.slice(0, at) + junkText + valid.slice(at)),
      )
      .map((query) => ({
        query,
        service: "group_open_http_svc",
        command: "get_group_muted_account",
        method: "POST",
        codes: [...URL_CLASS, NO_GROUP],
      }));

    const arb = fc.oneof({ weight: 4, arbitrary: modeled }, { weight: 1, arbitrary: raw });
    const body = { GroupId: world.absent[0] };
    return runProperty(arb, numRuns, async (k) => {
      world.clock.advance(1);
      const response = await rawCall(k.command, body, { rawQuery: k.query, service: k.service, method: k.method });
      const what = `${k.method} /v4/${k.service}/${k.command}?${show(k.query, 600)}`;
      const answer = await readAnswer(response, what);
      expectCode(answer, k.codes, what);
    });
  },
};

// ---------------------------------------------------------------------------------------------

/** Every property. Each runs `ceil(base × weight)` cases; a base of 1 gives 28.5 cases in all. */
export const PROPERTIES: readonly Property[] = [
  ...ALL_COMMANDS.map(bodyProperty),
  ...[
    "forbid_send_msg",
    "modify_group_base_info",
    "add_group_member",
    "delete_group_member",
    "modify_group_member_info",
    "send_group_msg",
    "destroy_group",
  ].map(sentinelWriteProperty),
  sentinelModelProperty,
  memberRoundTripProperty,
  sentinelReadProperty,
  rawBodyProperty,
  queryProperty,
];

export const runsFor = (property: Property, base: number): number => Math.ceil(base * property.weight);
