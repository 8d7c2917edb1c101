/**
 * Leniency: a body of [] is {}, an optional enum of "" is the field left out.
 */

import fc from "fast-check";
import { callRaw } from "./app/calls";
import { MSG_FLAGS } from "./arbitraries/app-data";
import { GROUP_TYPES, goodName, MEMBER_LIST_TYPES } from "./arbitraries/members";
import { MSG_PRIORITIES } from "./arbitraries/messages";
import { JOIN_OPTIONS } from "./arbitraries/profile";
import { OK, TAKEN } from "./codes";
import { expectCode, PropertyFailure, runProperty, show } from "./harness";
import { sendNow } from "./models/burst";
import type { Property } from "./property";
import { ALL_COMMANDS, serviceOf, TOPIC_COMMANDS } from "./raw-bodies";
import { COMMUNITY_PREFIX } from "./world";

// ---------------------------------------------------------------------------------------------
// Leniency (SPEC.md, "Third round"): a body of [] is {}, an optional enum of "" is the field left out

/** The optional enum fields of the bodies the leniency property sends, and their values. */
const LENIENT_ENUMS = {
  ApplyJoinOption: JOIN_OPTIONS,
  InviteJoinOption: JOIN_OPTIONS,
  MuteAllMember: ["On", "Off"],
  ShutUpAllMember: ["On", "Off"],
  Role: ["Admin", "Member"],
  MsgFlag: MSG_FLAGS,
  MsgPriority: MSG_PRIORITIES,
  GroupType: GROUP_TYPES,
} as const;
type LenientEnum = keyof typeof LENIENT_ENUMS;

/** Some of `names`, each a value of its enum or "": the fields, and the same without the blanks. */
const enumFields = (names: readonly LenientEnum[]) =>
  fc
    .tuple(
      ...names.map((name) =>
        fc.option(fc.oneof(fc.constant(""), fc.constantFrom(...LENIENT_ENUMS[name])), { nil: undefined }),
      ),
    )
    .map((values) => {
      const withBlanks: Record<string, unknown> = {};
      names.forEach((name, i) => {
        if (values[i] !== undefined) withBlanks[name] = values[i];
      });
      const without = Object.fromEntries(Object.entries(withBlanks).filter(([, v]) => v !== ""));
      return { withBlanks, without };
    });

/** `text` with every `a` read as `b`: twin groups differ by their GroupId only. */
const asTwin = (text: string, a: string, b: string): string => text.split(a).join(b);

type Twinned = { body: Record<string, unknown>; without: Record<string, unknown> };
type LenientCase =
  | { kind: "array"; command: string }
  | ({ kind: "list" | "create" | "member" | "send" } & Twinned)
  | ({ kind: "modify"; type: string } & Twinned);

/** Numbers the create pairs and the sends' Random. */
let lenientTwins = 0;
/** The twin pairs made so far, by type. */
const lenientPairs = new Set<string>();

/**
 * The two leniencies, each against what it stands for. A body of [] answers exactly what {}
 * answers, for every command. An optional enum field of "" (at the top, or in create_group's
 * MemberList) answers and changes exactly what the body without it does: get_appid_group_list
 * reads the same page; create_group, modify_group_base_info, modify_group_member_info and
 * send_group_msg, each sent to one of two twin groups made alike (the other gets the body without
 * its blanks), answer alike and leave the twins reading alike, case after case. Blanks are mixed with real values
 * of the same fields, so "" beside a value of the other mute-all name is not "both names given".
 */
export const leniencyProperty: Property = {
  name: 'leniency: a body of [] is {}, and an optional enum of "" is the field left out',
  weight: 0.5,
  run: ({ world }, numRuns) => {
    const twinBody = (fields: Record<string, fc.Arbitrary<unknown>>, enums: readonly LenientEnum[]) =>
      fc.tuple(fc.record(fields, { requiredKeys: [] }), enumFields(enums)).map(([base, e]) => ({
        body: { ...base, ...e.withBlanks },
        without: { ...base, ...e.without },
      }));
    const member = fc.tuple(fc.constantFrom("m1", "m2", "m3"), enumFields(["Role"])).map(([Member_Account, e]) => ({
      with: { Member_Account, ...e.withBlanks },
      without: { Member_Account, ...e.without },
    }));
    const arb: fc.Arbitrary<LenientCase> = fc.oneof(
      fc
        .constantFrom(...ALL_COMMANDS, ...TOPIC_COMMANDS, "setnospeaking", "getnospeaking", "get_appid_group_list")
        .map((command) => ({ kind: "array" as const, command })),
      twinBody({ Limit: fc.constantFrom(0, 1, 5), Next: fc.constantFrom(0, 1) }, ["GroupType"]).map((c) => ({
        kind: "list" as const,
        ...c,
      })),
      fc
        .tuple(
          fc.constantFrom(...MEMBER_LIST_TYPES),
          twinBody({ Name: goodName, Owner_Account: fc.constantFrom("own", "m1") }, [
            "ApplyJoinOption",
            "InviteJoinOption",
          ]),
          fc.array(member, { maxLength: 3 }),
        )
        .map(([Type, c, members]) => ({
          kind: "create" as const,
          body: { Type, ...c.body, MemberList: members.map((m) => m.with) },
          without: { Type, ...c.without, MemberList: members.map((m) => m.without) },
        })),
      fc
        .tuple(
          fc.constantFrom("Public", "Community", "Private", "AVChatRoom"),
          twinBody({ Name: goodName, Introduction: fc.constantFrom("i", "") }, [
            "ApplyJoinOption",
            "InviteJoinOption",
            "MuteAllMember",
            "ShutUpAllMember",
          ]),
        )
        .map(([type, c]) => ({ kind: "modify" as const, type, ...c })),
      twinBody({ NameCard: fc.constantFrom("card", "") }, ["Role", "MsgFlag"]).map((c) => ({
        kind: "member" as const,
        ...c,
      })),
      twinBody({ CloudCustomData: fc.constantFrom("x", "") }, ["MsgPriority"]).map((c) => ({
        kind: "send" as const,
        ...c,
      })),
    );
    return runProperty(arb, numRuns, async (c) => {
      world.clock.advance(1);
      if (c.kind === "array") {
        const o = c.command.endsWith("nospeaking") ? { service: "openconfigsvr" } : serviceOf(c.command);
        const array = await callRaw(c.command, "[]", o);
        const object = await callRaw(c.command, "{}", o);
        if (JSON.stringify(array) !== JSON.stringify(object))
          throw new PropertyFailure(`${c.command}: [] answered ${show(array)}, {} answered ${show(object)}`);
        return;
      }
      if (c.kind === "list") {
        const blank = await sendNow("get_appid_group_list", c.body);
        const plain = await sendNow("get_appid_group_list", c.without);
        if (JSON.stringify(blank) !== JSON.stringify(plain))
          throw new PropertyFailure(`get_appid_group_list ${show(c.body)}: ${show(blank)}; without: ${show(plain)}`);
        return;
      }
      const type = c.kind === "modify" ? c.type : c.kind === "create" ? String(c.body.Type) : "Public";
      const prefix = type === "Community" ? COMMUNITY_PREFIX : "";
      const commands = {
        create: "create_group",
        modify: "modify_group_base_info",
        member: "modify_group_member_info",
        send: "send_group_msg",
      } as const;
      const command = commands[c.kind];
      // A create makes a pair of its own; the other changes go to a pair per type, kept from case to
      // case: each change reaches both alike, so they stay twins (making a pair per case took seconds).
      if (c.kind === "create") lenientTwins += 1;
      const pair = c.kind === "create" ? `${lenientTwins}` : type;
      const [ga, gb] = [`${prefix}lenient-a-${pair}`, `${prefix}lenient-b-${pair}`];
      if (c.kind !== "create" && !lenientPairs.has(pair)) {
        const members = type === "AVChatRoom" ? {} : { Owner_Account: "own", MemberList: [{ Member_Account: "bob" }] };
        for (const GroupId of [ga, gb]) {
          const made = await sendNow("create_group", { Type: type, Name: "twin", GroupId, ...members });
          expectCode(made, [OK, TAKEN], `create_group twin ${GroupId}`);
        }
        lenientPairs.add(pair);
      }
      const extra =
        c.kind === "member"
          ? { Member_Account: "bob" }
          : c.kind === "send"
            ? {
                From_Account: "bob",
                Random: lenientTwins++,
                MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
              }
            : {};
      const answers = [
        await sendNow(command, { GroupId: ga, ...extra, ...c.body }),
        await sendNow(command, { GroupId: gb, ...extra, ...c.without }),
      ];
      const what = `${command} ${show(c.body)} (without the blanks: ${show(c.without)})`;
      if (asTwin(JSON.stringify(answers[0]), ga, gb) !== JSON.stringify(answers[1]))
        throw new PropertyFailure(`${what}: answered ${show(answers[0])}, its twin ${show(answers[1])}`);
      const reads = async (GroupId: string) =>
        JSON.stringify([
          await sendNow("get_group_info", { GroupIdList: [GroupId] }),
          await sendNow("get_group_member_info", { GroupId }),
          await sendNow("group_msg_get_simple", { GroupId, ReqMsgNumber: 5 }),
        ]);
      const [ra, rb] = [await reads(ga), await reads(gb)];
      if (asTwin(ra, ga, gb) !== rb) throw new PropertyFailure(`${what}: the twins read ${ra} and ${rb}`);
      if (c.kind === "create") for (const GroupId of [ga, gb]) await sendNow("destroy_group", { GroupId });
    });
  },
};
