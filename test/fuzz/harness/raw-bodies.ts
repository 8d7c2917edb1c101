/**
 * Raw bodies: any bytes, not JSON, not an object, too big, for every command.
 */

import fc from "fast-check";
import { type CallOptions, rawCall } from "../../helpers";
import { hugeString, junk } from "./arbitraries/junk";
import { BODY_CLASS, BODY_NOT_JSON, INVALID, NO_TOPIC, NO_TOPICS } from "./codes";
import { expectCode, readAnswer, runProperty, show } from "./harness";
import type { Property } from "./property";
import { ATTR_SERVICE } from "./specs/bans-attrs";
import { S, TOPICS } from "./world";

// ---------------------------------------------------------------------------------------------
// Raw bodies

export const ALL_COMMANDS = [
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
  "get_group_mute_history",
  "get_online_member_num",
  "send_group_system_notification",
  "group_msg_recall",
  "delete_group_msg_by_sender",
  "change_group_owner",
  "ban_group_member",
  "unban_group_member",
  "get_group_ban_member",
  "get_group_attr",
  "modify_group_attr",
  "set_group_attr",
  "clear_group_attr",
  "import_group",
  "import_group_member",
  "import_group_msg",
];
/** The commands of million_group_open_http_svc. */
export const TOPIC_COMMANDS = ["create_topic", "get_topic", "modify_topic", "destroy_topic"];
/** The options that call `command` under its service. */
export const serviceOf = (command: string): CallOptions =>
  TOPIC_COMMANDS.includes(command) ? TOPICS : command === "get_group_attr" ? { service: ATTR_SERVICE } : {};

/**
 * What may answer a raw body that could parse to any object (no sentinel GroupId inside). Raw bodies
 * name no TopicId, and no group but an absent one or the Public playground (a topic command's 11000,
 * added where it can happen): 11000 and 110003 are not among these.
 */
const RAW_ANY = BODY_CLASS.filter((c) => c !== NO_TOPICS && c !== NO_TOPIC);

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
export const rawBodyProperty: Property = {
  name: "raw bodies: text, bytes, truncated, repeated keys, deep, huge, oversized",
  weight: 3,
  run: ({ world }, numRuns) => {
    const id = world.sentinel.id;
    const dangerous = fc.constantFrom<[string, Record<string, unknown>, string, unknown]>(
      ["destroy_group", { GroupId: id }, "GroupId", 1],
      ["forbid_send_msg", { GroupId: id, Members_Account: [S.muted], MuteTime: 0 }, "MuteTime", -1],
      ["forbid_send_msg", { GroupId: id, Members_Account: [S.muted], MuteTime: 0 }, "Members_Account", []],
      [
        "forbid_send_msg",
        { GroupId: id, Members_Account: [S.ghost], MuteTime: 9, Reason: "why" },
        "Reason",
        "x".repeat(257),
      ],
      ["forbid_send_msg", { GroupId: id, Members_Account: [S.ghost], MuteTime: 9 }, "Escalate", 2],
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
      [
        "send_group_msg",
        {
          GroupId: id,
          Random: 2,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
          OnlineOnlyFlag: 0,
        },
        "OnlineOnlyFlag",
        2,
      ],
      [
        "send_group_msg",
        { GroupId: id, Random: 3, MsgBody: [{ MsgType: "TIMFaceElem", MsgContent: { Index: 1 } }], MsgPriority: "Low" },
        "MsgPriority",
        "low",
      ],
      [
        "modify_group_base_info",
        { GroupId: id, Introduction: "changed", AppDefinedData: [{ Key: "topic", Value: "changed" }] },
        "AppDefinedData",
        [{ Key: "topic" }],
      ],
      ["modify_group_base_info", { GroupId: id, MaxMemberNum: 10, Name: "renamed" }, "MaxMemberNum", 0],
      ["modify_group_base_info", { GroupId: id, ApplyJoinOption: "DisableApply" }, "ApplyJoinOption", "disable"],
    );
    const command = fc.constantFrom(...ALL_COMMANDS, ...TOPIC_COMMANDS);
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
            // [] is {}: leniencyProperty checks it.
            .filter((v) => typeof v !== "object" || v === null || (Array.isArray(v) && v.length > 0))
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
            // One level, `[]`, is `{}` (leniencyProperty): any code of a body.
            codes: open === "[" && depth > 1 ? [BODY_NOT_JSON] : RAW_ANY,
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
          // A topic command on the Public playground: no topics there (11000).
          const codes = field === "Text" && TOPIC_COMMANDS.includes(cmd) ? [...RAW_ANY, NO_TOPICS] : RAW_ANY;
          return { command: cmd, body: JSON.stringify(body), codes, contentType: ct, note: "huge string" };
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
      const response = await rawCall(k.command, undefined, {
        ...serviceOf(k.command),
        rawBody: k.body as BodyInit,
        headers,
      });
      const shown =
        typeof k.body === "string" ? show(k.body, 200) : `bytes [${Array.from(k.body.slice(0, 40)).join(",")}]`;
      const what = `${k.command} raw ${k.note} ${shown}`;
      const answer = await readAnswer(response, what);
      expectCode(answer, k.codes, what);
    });
  },
};
