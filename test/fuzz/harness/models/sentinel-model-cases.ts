/**
 * The sentinel model's cases: requests aimed at the sentinel, each with the codes the model allows it.
 */

import fc from "fast-check";
import { goodAccount, goodUint32 } from "../arbitraries/accounts";
import { FIELD_NAMES, junk, junkKey } from "../arbitraries/junk";
import {
  goodCreateMemberList,
  goodName,
  goodOnOff,
  goodRole,
  goodType,
  MEMBER_LIST_TYPES,
} from "../arbitraries/members";
import {
  bodyBytes,
  CALLBACK_CONTROLS,
  goodCloudData,
  goodControls,
  goodFlag,
  goodPriority,
  goodReqMsgNumber,
  SEND_MSG_CONTROLS,
  smallMsgBody,
  tooLongMsgBody,
} from "../arbitraries/messages";
import {
  goodGroupAppData,
  goodJoinOption,
  goodMaxMembers,
  goodReason,
  goodText,
  PROFILE_BYTES,
} from "../arbitraries/profile";
import { customTopicIdRefused } from "../arbitraries/topics";
import {
  INVALID,
  MALFORMED_ID,
  MAX_BODY_BYTES,
  MAX_MSG_BYTES,
  MSG_TOO_LONG,
  MUTED,
  NO_TOPICS,
  NOT_ALLOWED,
  OK,
  PERMANENT,
  TAKEN,
  UINT32_MAX,
  UNKNOWN_COMMAND,
} from "../codes";
import { MUTE_NAMES } from "../sentinel/slots";
import type { World } from "../world";
import { S, SENTINEL_MEMBER_INFO, SENTINEL_PROFILE, TOPIC_MARK } from "../world";

/** The sentinel model's cases (each a command, its body, its codes), and junk fields to add beside them. */
export function sentinelModelCases(world: World) {
  const id = world.sentinel.id;
  /** The new fields of a message, valid together (a muted sender is refused whatever they say). */
  const messageExtras = fc
    .record(
      {
        MsgPriority: goodPriority,
        CloudCustomData: goodCloudData,
        OnlineOnlyFlag: goodFlag,
        SendMsgControl: goodControls(SEND_MSG_CONTROLS),
        ForbidCallbackControl: goodControls(CALLBACK_CONTROLS),
      },
      { requiredKeys: [] },
    )
    .map((x) => {
      if (x.OnlineOnlyFlag === 1) delete x.SendMsgControl;
      return x;
    });
  /** The sentinel's profile as it is, in modify_group_base_info's names. */
  const { MaxMemberCount, ...sameProfile } = SENTINEL_PROFILE;
  const extras = fc.dictionary(
    junkKey.filter((k) => !FIELD_NAMES.includes(k)),
    junk,
    { maxKeys: 2 },
  );
  type Case = { command: string; body: Record<string, unknown>; codes: number[] };
  const c =
    (command: string, codes: number[]) =>
    (body: Record<string, unknown>): Case => ({ command, body, codes });
  /** TopicIds a topic of the sentinel would have: it has none (a Public group), so each is 11000. */
  const sentinelTopic = fc.constantFrom(`${id}${TOPIC_MARK}x`, `${id}${TOPIC_MARK}@TOPIC#cFUZZ`, `x${TOPIC_MARK}y`);
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
            Introduction: goodText(PROFILE_BYTES.Introduction),
            Notification: goodText(PROFILE_BYTES.Notification),
            FaceUrl: goodText(PROFILE_BYTES.FaceUrl),
            MaxMemberCount: goodMaxMembers,
            ApplyJoinOption: goodJoinOption,
            InviteJoinOption: goodJoinOption,
            AppDefinedData: goodGroupAppData,
            SupportTopic: goodFlag,
          },
          { requiredKeys: ["Type", "Name", "GroupId"] },
        ),
      )
      // Taken (10021); but the sentinel's GroupId is none of a Community's (10015), and SupportTopic 1 is a
      // Community's only (10004): the schema's refusals, in its order, come before the group's.
      .map((body) =>
        c("create_group", [body.Type === "Community" ? MALFORMED_ID : body.SupportTopic === 1 ? INVALID : TAKEN])(body),
      ),
    // The topic commands, and a TopicId in the others: the sentinel has no topics (11000).
    fc
      .record(
        {
          GroupId: fc.constant(id),
          TopicId: sentinelTopic.filter((t) => !customTopicIdRefused(id, t)),
          TopicName: goodName,
          From_Account: fc.constantFrom(S.owner, S.members[0]),
        },
        { requiredKeys: ["GroupId", "TopicName"] },
      )
      .map(c("create_topic", [NO_TOPICS])),
    fc
      .record(
        { GroupId: fc.constant(id), TopicIdList: fc.array(sentinelTopic, { maxLength: 2 }) },
        { requiredKeys: ["GroupId"] },
      )
      .map(c("get_topic", [NO_TOPICS])),
    fc
      .record(
        { GroupId: fc.constant(id), TopicId: sentinelTopic, MuteAllMember: goodOnOff, TopicName: goodName },
        { requiredKeys: ["GroupId", "TopicId"] },
      )
      .map(c("modify_topic", [NO_TOPICS])),
    fc
      .record({ GroupId: fc.constant(id), TopicIdList: fc.array(sentinelTopic, { minLength: 1, maxLength: 3 }) })
      .map(c("destroy_topic", [NO_TOPICS])),
    fc
      .record({
        GroupId: fc.constant(id),
        TopicId: sentinelTopic,
        Members_Account: fc.array(fc.constantFrom(S.owner, S.muted, S.ghost, "stranger"), {
          minLength: 1,
          maxLength: 3,
        }),
        MuteTime: fc.constantFrom(0, 60, PERMANENT),
      })
      .map(c("forbid_send_msg", [NO_TOPICS])),
    fc
      .record({
        GroupId: fc.constant(id),
        TopicId: sentinelTopic,
        // The owner's role, or a non-member: 10007 were it not for the TopicId, which the group checks first.
        Member_Account: fc.constantFrom(S.owner, S.admin, S.muted, "stranger"),
        Role: goodRole,
        ShutUpTime: fc.constantFrom(0, 60),
      })
      .map(c("modify_group_member_info", [NO_TOPICS])),
    fc
      .record({
        GroupId: fc.constant(id),
        TopicId: sentinelTopic,
        From_Account: fc.constantFrom(S.owner, S.admin, S.muted, "stranger", ""),
        Random: goodUint32,
        MsgBody: smallMsgBody,
      })
      .map(c("send_group_msg", [NO_TOPICS])),
    fc
      .tuple(fc.constantFrom("get_group_muted_account", "get_group_shutted_uin"), sentinelTopic)
      .map(([command, TopicId]) => c(command, [NO_TOPICS])({ GroupId: id, TopicId })),
    fc
      .record({ GroupId: fc.constant(id), TopicId: sentinelTopic, ReqMsgNumber: goodReqMsgNumber })
      .map(c("group_msg_get_simple", [NO_TOPICS])),
    fc
      .tuple(
        fc.record({
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.muted, ...S.members),
          Random: goodUint32,
          MsgBody: smallMsgBody,
        }),
        messageExtras,
      )
      .map(([b, x]) => ({ ...b, ...x }))
      .map(c("send_group_msg", [MUTED])),
    fc
      .tuple(
        fc.record({
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.ghost, "stranger", "S_OWNER", "s_owner "),
          Random: goodUint32,
          MsgBody: smallMsgBody,
        }),
        messageExtras,
      )
      .map(([b, x]) => ({ ...b, ...x }))
      .map(c("send_group_msg", [NOT_ALLOWED, MUTED])),
    // Over 12 KiB from a sender who may send: 80002 before the group is asked (10004 past 1 MiB).
    fc
      .record(
        {
          GroupId: fc.constant(id),
          From_Account: fc.constantFrom(S.owner, S.admin, ""),
          Random: goodUint32,
          MsgBody: tooLongMsgBody,
          CloudCustomData: goodCloudData,
        },
        { requiredKeys: ["GroupId", "Random", "MsgBody"] },
      )
      .map((body) => ({
        command: "send_group_msg",
        body,
        codes: bodyBytes(body) > MAX_BODY_BYTES ? [INVALID] : [MSG_TOO_LONG],
      })),
    fc
      .record(
        { GroupId: fc.constant(id), From_Account: fc.constantFrom(S.owner, ""), Random: goodUint32 },
        { requiredKeys: ["GroupId", "Random"] },
      )
      .chain((b) =>
        fc.constantFrom(
          ...["x", "é"].map((ch) => ({
            ...b,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: ch } }],
            CloudCustomData: ch.repeat(MAX_MSG_BYTES),
          })),
        ),
      )
      .map(c("send_group_msg", [MSG_TOO_LONG])),
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
    // A permanent mute again, with no Reason ("" is none): the lists answer none, as before.
    fc
      .record(
        {
          GroupId: fc.constant(id),
          Members_Account: fc.array(fc.constantFrom(S.muted, S.ghost), { minLength: 1, maxLength: 3 }),
          MuteTime: fc.constant(PERMANENT),
          Reason: fc.constant(""),
        },
        { requiredKeys: ["GroupId", "Members_Account", "MuteTime"] },
      )
      .map(c("forbid_send_msg", [OK])),
    // Escalate: no demo app has a muteLadder (10004, and nothing changes).
    fc
      .record(
        {
          GroupId: fc.constant(id),
          Members_Account: fc.array(fc.constantFrom(S.owner, S.muted, "stranger"), { minLength: 1, maxLength: 3 }),
          Escalate: fc.constant(1),
          Reason: goodReason,
        },
        { requiredKeys: ["GroupId", "Members_Account", "Escalate"] },
      )
      .map(c("forbid_send_msg", [INVALID])),
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
    fc.record({ GroupId: fc.constant(id), ShutUpAllMember: fc.constant("On") }).map(c("modify_group_base_info", [OK])),
    // The whole profile set to what it is (custom fields: some of them, each to its value).
    fc
      .record(
        {
          GroupId: fc.constant(id),
          ...Object.fromEntries(Object.entries(sameProfile).map(([k, v]) => [k, fc.constant(v)])),
          MaxMemberNum: fc.constant(MaxMemberCount),
          AppDefinedData: fc.subarray([...SENTINEL_PROFILE.AppDefinedData], { minLength: 1 }),
          MuteAllMember: fc.constant("On"),
        },
        { requiredKeys: ["GroupId"] },
      )
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
      .tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(S.muted, S.members[1]), fc.boolean())
      .map(([name, account, noReason]) => ({
        GroupId: id,
        Member_Account: account,
        ...(account === S.muted
          ? { [name]: PERMANENT, ...(noReason ? { Reason: "" } : {}) }
          : { Role: "Member", NameCard: "", MsgFlag: "AcceptAndNotify" }),
      }))
      .map(c("modify_group_member_info", [OK])),
    // Recalls of seqs with nothing to recall (3 was online only), the messages of one who sent none, the
    // owner it has: OK, and nothing changes. An owner who is no member: 10007. Unread counts: 10003.
    fc
      .record({
        GroupId: fc.constant(id),
        MsgSeqList: fc.array(fc.oneof(fc.integer({ min: 3, max: 50 }), fc.constant(UINT32_MAX)), {
          minLength: 1,
          maxLength: 10,
        }),
      })
      .map((b) => ({ ...b, MsgSeqList: b.MsgSeqList.map((MsgSeq) => ({ MsgSeq })) }))
      .map(c("group_msg_recall", [OK])),
    fc
      .record({ GroupId: fc.constant(id), Sender_Account: fc.constantFrom(S.admin, S.muted, S.ghost, "stranger") })
      .map(c("delete_group_msg_by_sender", [OK])),
    fc
      .record(
        { GroupId: fc.constant(id), NewOwner_Account: fc.constant(S.owner), From_Account: goodAccount },
        { requiredKeys: ["GroupId", "NewOwner_Account"] },
      )
      .map(c("change_group_owner", [OK])),
    fc
      .record({ GroupId: fc.constant(id), NewOwner_Account: fc.constantFrom(S.ghost, "stranger", "S_OWNER") })
      .map(c("change_group_owner", [NOT_ALLOWED])),
    fc
      .record({
        GroupId: fc.constant(id),
        Member_Account: fc.constantFrom(S.owner, ...S.members),
        UnreadMsgNum: goodUint32,
      })
      .map(c("set_unread_msg_num", [UNKNOWN_COMMAND])),
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
  return { id, cases, extras };
}
