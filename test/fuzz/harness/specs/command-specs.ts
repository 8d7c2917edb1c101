/**
 * Every command's spec, in order, with the import commands.
 */

import fc from "fast-check";
import { badAccount, badUint32, distinctAccounts, goodAccount, goodUint32 } from "../arbitraries/accounts";
import { nonArrayValue } from "../arbitraries/app-data";
import { nonArray } from "../arbitraries/junk";
import { badAddMember, badRole } from "../arbitraries/members";
import {
  badCloudData,
  badFlag,
  badMsgBody,
  goodCloudData,
  goodFlag,
  goodMsgBody,
  smallMsgBody,
} from "../arbitraries/messages";
import { importedIdRefused } from "../arbitraries/profile";
import { BODY_CLASS, GROUP_FULL, INVALID, MALFORMED_ID, NOT_ALLOWED, TOO_MANY } from "../codes";
import { importMsgProblem } from "../oracles/messages-topics";
import type { World } from "../world";
import { groupCommandSpecs } from "./group-commands";
import { messageAndTopicSpecs } from "./message-topic-commands";
import { specShared } from "./shared";
import { type CommandSpec, isObject } from "./spec";

export function commandSpecs(world: World): CommandSpec[] {
  const c = specShared(world);
  const { writeIds, writeBase, memberOrNot, topicIdField, topicCodes, orTopics } = c;
  const specs: CommandSpec[] = [...groupCommandSpecs(world, c), ...messageAndTopicSpecs(world, c)];
  // The import commands. Times around now, so that some fit the group (imported) and some do not
  // (Result 0 for a member, 10004 for a message): the playgrounds were created at the setup.
  const createSpec = specs.find((s) => s.name === "create_group")!;
  const now = world.clock.now;
  const importTime = fc.oneof(fc.constantFrom(0, now), fc.integer({ min: now - 100, max: now + 100 }), goodUint32);
  const importMember = fc.record(
    { Member_Account: memberOrNot, Role: fc.constantFrom("Admin", "Member", ""), JoinTime: importTime },
    { requiredKeys: ["Member_Account"] },
  );
  const badImportMember: fc.Arbitrary<unknown> = fc.oneof(
    badAddMember,
    fc.record({ Member_Account: goodAccount, Role: badRole.filter((r) => r !== "") }),
    fc.record({ Member_Account: goodAccount, JoinTime: badUint32.filter((v) => v !== null) }),
    fc.record({ Member_Account: goodAccount, UnreadMsgNum: badUint32.filter((v) => v !== null) }),
  );
  const importMessage = fc.record(
    {
      From_Account: goodAccount,
      SendTime: importTime,
      Random: goodUint32,
      MsgBody: fc.oneof({ weight: 5, arbitrary: smallMsgBody }, { weight: 1, arbitrary: goodMsgBody }),
      CloudCustomData: goodCloudData,
    },
    { requiredKeys: ["From_Account", "SendTime", "MsgBody"] },
  );
  const badImportMessage: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom(null, 1, "m", []),
    fc.tuple(importMessage, badAccount).map(([m, x]) => ({ ...m, From_Account: x })),
    fc.tuple(importMessage, badUint32).map(([m, x]) => ({ ...m, SendTime: x })),
    fc
      .tuple(
        importMessage,
        badUint32.filter((v) => v !== null),
      )
      .map(([m, x]) => ({ ...m, Random: x })),
    fc.tuple(importMessage, badMsgBody).map(([m, x]) => ({ ...m, MsgBody: x })),
    fc.tuple(importMessage, badCloudData).map(([m, x]) => ({ ...m, CloudCustomData: x })),
  );
  specs.push(
    {
      ...createSpec,
      name: "import_group",
      fields: [
        ...createSpec.fields.filter((f) => f.name !== "MemberList"),
        { name: "CreateTime", good: fc.oneof(importTime, fc.constant(1448357837)), bad: badUint32, optional: true },
      ],
      // A GroupId of the generated shape is taken (10015 only for one that does not suit a Community, or a
      // Community's that does not suit another type); then SupportTopic, an AVChatRoom or BChatRoom (10007),
      // and a CreateTime after now (10004), in that order.
      validCodes: (body, codes) =>
        importedIdRefused(body.Type, body.GroupId)
          ? [MALFORMED_ID]
          : body.SupportTopic === 1 && body.Type !== "Community"
            ? [INVALID]
            : body.Type === "AVChatRoom" || body.Type === "BChatRoom"
              ? [NOT_ALLOWED]
              : typeof body.CreateTime === "number" && body.CreateTime > world.clock.now
                ? [INVALID]
                : codes,
    },
    {
      name: "import_group_member",
      // 10005: over 300 members; 10007: AVChatRoom and BChatRoom groups keep no member list;
      // 10014: past the group's MaxMemberNum, as add_group_member.
      codes: [...writeBase, TOO_MANY, GROUP_FULL],
      groupIds: writeIds,
      fields: [
        {
          name: "MemberList",
          good: fc.oneof(
            { weight: 10, arbitrary: fc.array(importMember, { minLength: 1, maxLength: 6 }) },
            {
              weight: 1,
              arbitrary: fc.constant(distinctAccounts(300, "im").map((Member_Account) => ({ Member_Account }))),
            },
          ),
          bad: fc.oneof(
            nonArray,
            fc.constant([]),
            fc.tuple(fc.array(importMember, { maxLength: 2 }), badImportMember).map(([a, x]) => [...a, x]),
            fc.constant(distinctAccounts(301, "im").map((Member_Account) => ({ Member_Account }))),
          ),
        },
      ],
      okShape: (a, body) => {
        const list = body.MemberList as Record<string, unknown>[];
        const first = list.filter((m, i) => list.findIndex((n) => n.Member_Account === m.Member_Account) === i);
        const results = a.MemberList as unknown;
        const ok =
          Object.keys(a).slice(3).join(",") === "MemberList" &&
          Array.isArray(results) &&
          results.length === first.length &&
          results.every(
            (r, i) =>
              isObject(r) &&
              Object.keys(r).join(",") === "Member_Account,Result" &&
              r.Member_Account === first[i]!.Member_Account &&
              // 0: a JoinTime out of range, or an account banned there (the ban properties ban
              // playground accounts, as add_group_member's shape allows too).
              (r.Result === 0 || r.Result === 1 || r.Result === 2),
          );
        return ok ? null : "MemberList is not each distinct member in order with a Result 0, 1 or 2";
      },
    },
    {
      name: "import_group_msg",
      // 10007: an AVChatRoom keeps no history; a TopicId: 11000 without topics, 110003 unknown.
      codes: [...writeBase, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [
        {
          name: "MsgList",
          good: fc.array(importMessage, { minLength: 1, maxLength: 7 }),
          bad: fc.oneof(
            nonArrayValue,
            fc.constant([]),
            fc.tuple(fc.array(importMessage, { maxLength: 2 }), badImportMessage).map(([a, x]) => [...a, x]),
            fc.array(importMessage, { minLength: 8, maxLength: 9 }),
          ),
        },
        { name: "RecentContactFlag", good: goodFlag, bad: badFlag, optional: true },
        topicIdField,
      ],
      okShape: importMsgProblem,
    },
  );
  for (const spec of specs) {
    const outside = spec.codes.filter((c) => !BODY_CLASS.includes(c));
    if (outside.length > 0) throw new Error(`${spec.name}: codes ${outside.join(", ")} are outside the body class`);
  }
  return specs;
}
