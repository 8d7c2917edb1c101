/**
 * The command specs of create_group to forbid_send_msg.
 */

import fc from "fast-check";
import {
  badAccount,
  badAccountList,
  badBounded,
  distinctAccounts,
  goodAccount,
  goodAccountList,
} from "../arbitraries/accounts";
import {
  badAppData,
  badMsgFlag,
  badNameCard,
  badNext,
  goodAppData,
  goodMsgFlag,
  goodNameCard,
  goodNext,
} from "../arbitraries/app-data";
import { badGroupId, malformedGroupId } from "../arbitraries/ids";
import { nonString, textString, wellFormed } from "../arbitraries/junk";
import {
  badAddMemberList,
  badCreateMemberList,
  badName,
  badOnOff,
  badRole,
  badType,
  goodAddMemberList,
  goodCreateMemberList,
  goodName,
  goodOnOff,
  goodRole,
  goodType,
} from "../arbitraries/members";
import { badFlag, badGroupIdList, goodFlag } from "../arbitraries/messages";
import {
  badEscalate,
  badMaxMembers,
  badReason,
  badResponseFilter,
  badSchedule,
  customIdRefused,
  goodMaxMembers,
  goodReason,
  goodResponseFilter,
  goodSchedule,
  isGeneratedId,
  overMaxMembers,
} from "../arbitraries/profile";
import { BODY_NOT_JSON, GROUP_FULL, INVALID, MALFORMED_ID, NO_GROUP, NOT_ALLOWED, OK, TAKEN, TOO_MANY } from "../codes";
import { groupInfoProblem, memberListProblem } from "../oracles/group";
import { MUTE_NAMES } from "../sentinel/slots";
import { COMMUNITY_PREFIX, GENERATED_COMMUNITY_PREFIX, PG_KEPT, type World } from "../world";
import type { SpecShared } from "./shared";
import { type CommandSpec, distinct, isArray, isObject, shape } from "./spec";

/** The specs of create_group to forbid_send_msg (the first half of the list). */
export function groupCommandSpecs(world: World, c: SpecShared): CommandSpec[] {
  const {
    existing,
    absent,
    victims,
    readIds,
    writeIds,
    uint32Field,
    readBase,
    writeBase,
    memberOrNot,
    listedIds,
    memberFilterFields,
    profileSpecFields,
    topicIdField,
    topicCodes,
    orTopics,
  } = c;
  return [
    {
      name: "create_group",
      // 10014: more initial members than MaxMemberCount.
      codes: [OK, INVALID, MALFORMED_ID, NOT_ALLOWED, GROUP_FULL, TAKEN, BODY_NOT_JSON],
      // Taking the sentinel's GroupId is always refused (10021; a Community's 10015, without @TGS#_): safe to aim
      // at. Whether a GroupId suits the Type (a Community's starts with @TGS#_, no other's with @TGS#) is for
      // validCodes to tell.
      groupIds: fc.oneof(
        victims,
        existing,
        fc.constant(world.sentinel.id),
        fc
          .tuple(
            fc.constantFrom("", COMMUNITY_PREFIX),
            fc.string({ minLength: 1, maxLength: 8, unit: "grapheme-ascii" }),
          )
          .map(([prefix, s]) => `${prefix}fuzz-new-${s.replace(/ /g, "_")}`),
        fc.constantFrom(
          COMMUNITY_PREFIX,
          `${GENERATED_COMMUNITY_PREFIX}cFUZZ`,
          `${COMMUNITY_PREFIX}@TGS`,
          "@TGS#2FUZZ",
        ),
      ),
      badGroupId: fc.oneof(badGroupId, fc.constantFrom("@TGS#2ABCDEFGH", "@TGS#")),
      fields: [
        { name: "Type", good: goodType, bad: badType },
        { name: "Name", good: goodName, bad: badName },
        { name: "Owner_Account", good: goodAccount, bad: badAccount, optional: true },
        { name: "MemberList", good: goodCreateMemberList, bad: badCreateMemberList, optional: true },
        ...profileSpecFields,
        // Over a type's ceiling is 10004 from the group (when the GroupId is free), not from the schema.
        { name: "MaxMemberCount", good: goodMaxMembers, bad: fc.oneof(badMaxMembers, overMaxMembers), optional: true },
        { name: "MaxMemberNum", good: goodMaxMembers, bad: fc.oneof(badMaxMembers, overMaxMembers), optional: true },
        { name: "SupportTopic", good: goodFlag, bad: badFlag, optional: true },
      ],
      exclusive: { names: ["MaxMemberCount", "MaxMemberNum"], exactlyOne: false },
      // The fields together, in the schema's order: a GroupId that does not suit the Type (10015), then
      // SupportTopic 1 for another type than a Community (10004).
      validCodes: (body, codes) =>
        customIdRefused(body.Type, body.GroupId)
          ? [MALFORMED_ID]
          : body.SupportTopic === 1 && body.Type !== "Community"
            ? [INVALID]
            : codes,
      okShape: (a, body) =>
        shape(a, {
          // A GroupId of null is absent.
          GroupId: (v) => ((body.GroupId ?? null) === null ? isGeneratedId(body.Type, v) : v === body.GroupId),
        }),
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
        { name: "ResponseFilter", good: goodResponseFilter, bad: badResponseFilter, optional: true },
      ],
      // Keys the groups do not hold, named like Object.prototype's members, must still answer "".
      pinned: [
        {
          GroupIdList: [world.playground.public, world.sentinel.id],
          ResponseFilter: { AppDefinedDataFilter_Group: ["toString", "valueOf", "__proto__", "hasOwnProperty"] },
        },
      ],
      okShape: groupInfoProblem,
    },
    {
      name: "modify_group_base_info",
      codes: writeBase,
      groupIds: writeIds,
      fields: [
        { name: "Name", good: goodName, bad: badName, optional: true },
        { name: "MuteAllMember", good: goodOnOff, bad: badOnOff, optional: true },
        { name: "ShutUpAllMember", good: goodOnOff, bad: badOnOff, optional: true },
        ...profileSpecFields,
        // Over a type's ceiling is 10004 from the group (when it exists), not from the schema.
        { name: "MaxMemberNum", good: goodMaxMembers, bad: fc.oneof(badMaxMembers, overMaxMembers), optional: true },
        // The quiet-hours extension: 10007 for a non-empty schedule where the type cannot mute.
        { name: "MuteAllSchedule", good: goodSchedule, bad: badSchedule, optional: true },
      ],
      exclusive: { names: ["MuteAllMember", "ShutUpAllMember"], exactlyOne: false },
      okShape: () => null,
    },
    {
      name: "add_group_member",
      // 10014: a playground whose MaxMemberNum another property lowered.
      codes: [...writeBase, GROUP_FULL],
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
            // 0: an account banned from the group (ban_group_member).
            Array.isArray(v) && v.every((m: Record<string, unknown>) => [0, 1, 2].includes(m.Result as number)),
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
          // "" or digits, or a Community's place: "<0 owner, 1 others>.<joined>.<account>".
          Next: (v) => v === undefined || (typeof v === "string" && /^(\d{0,10}|[01]\.\d{1,10}\..+)$/s.test(v)),
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
      codes: [...writeBase, ...topicCodes],
      groupIds: orTopics(listedIds),
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
        topicIdField,
        // Kept with a mute; without one, ignored (but still checked).
        { name: "Reason", good: goodReason, bad: badReason, optional: true },
      ],
      exclusive: { names: [...MUTE_NAMES], exactlyOne: false },
      okShape: () => null,
    },
    {
      name: "forbid_send_msg",
      codes: [...writeBase, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [
        { name: "Members_Account", good: goodAccountList, bad: badAccountList },
        uint32Field("MuteTime", true),
        uint32Field("ShutUpTime", true),
        topicIdField,
        { name: "Reason", good: goodReason, bad: badReason, optional: true },
        { name: "Escalate", good: fc.constant(1), bad: badEscalate, optional: true },
      ],
      exclusive: { names: ["MuteTime", "ShutUpTime", "Escalate"], exactlyOne: true, fallback: { Escalate: 1 } },
      // Escalate alone is valid, but no demo app has a muteLadder: 10004 before the group is asked.
      validCodes: (body, codes) => (body.Escalate === undefined ? codes : [INVALID]),
      okShape: () => null,
    },
  ];
}
