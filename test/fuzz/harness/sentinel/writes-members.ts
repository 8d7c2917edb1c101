/**
 * The sentinel writes of forbid_send_msg to delete_group_member.
 */

import fc from "fast-check";
import { badAccountList, badUint32, goodUint32 } from "../arbitraries/accounts";
import { nonString } from "../arbitraries/junk";
import { badAddMemberList, badName, badOnOff, goodOnOff } from "../arbitraries/members";
import { badFlag, badMsgBody } from "../arbitraries/messages";
import {
  badEscalate,
  badGroupAppData,
  badJoinOption,
  badMaxMembers,
  badReason,
  badSchedule,
  goodQuietWindow,
  goodReason,
  groupAppKey,
  PROFILE_BYTES,
  tooManyGroupAppData,
} from "../arbitraries/profile";
import { UINT32_MAX } from "../codes";
import { S, type World } from "../world";
import { asKind, change, type SentinelSlots, type SentinelWrite, setField } from "./slots";

/** The sentinel writes of forbid_send_msg to delete_group_member (the first half of the list). */
export function sentinelWritesOfMembers(world: World, c: SentinelSlots): SentinelWrite[] {
  const { id, groupSlot, topicSlot, members, profileTextSlots } = c;
  return [
    {
      command: "forbid_send_msg",
      base: fc.record(
        {
          GroupId: fc.constant(id),
          Members_Account: fc.array(members, { minLength: 1, maxLength: 4 }),
          MuteTime: fc.constantFrom(0, 1, 60, 4294967294),
          Reason: goodReason,
        },
        { requiredKeys: ["GroupId", "Members_Account", "MuteTime"] },
      ),
      slots: [
        { breaks: setField("Members_Account", badAccountList) },
        { breaks: setField("Reason", badReason) },
        // Escalate: not 1; 1 with MuteTime; or 1 alone, which no demo app has a muteLadder for (all 10004).
        {
          breaks: fc.oneof(
            setField("Escalate", badEscalate),
            setField("Escalate", fc.constant(1)),
            setField("Escalate", fc.constant(1), ["MuteTime"]),
          ),
        },
        {
          breaks: fc.oneof(
            setField("MuteTime", badUint32, ["ShutUpTime"]),
            setField("ShutUpTime", badUint32, ["MuteTime"]),
            setField("ShutUpTime", goodUint32), // both given
            change((b) => {
              delete b.MuteTime;
              delete b.ShutUpTime;
            }),
          ),
        },
        topicSlot,
        groupSlot,
      ],
      fieldNames: ["GroupId", "Members_Account", "MuteTime", "ShutUpTime", "TopicId", "Reason", "Escalate"],
    },
    {
      command: "modify_group_base_info",
      // Every field differs from what the sentinel holds (see SENTINEL_PROFILE).
      base: fc.record(
        {
          GroupId: fc.constant(id),
          Name: fc.constantFrom("renamed", "x"),
          MuteAllMember: fc.constant("Off"),
          Introduction: fc.constantFrom("changed", ""),
          Notification: fc.constantFrom("changed", ""),
          FaceUrl: fc.constantFrom("https://example.com/other.png", ""),
          MaxMemberNum: fc.constantFrom(1, 100, 6000),
          ApplyJoinOption: fc.constantFrom("NeedPermission", "DisableApply"),
          InviteJoinOption: fc.constantFrom("FreeAccess", "NeedPermission"),
          AppDefinedData: fc.array(fc.record({ Key: groupAppKey, Value: fc.constantFrom("changed", "") }), {
            minLength: 1,
            maxLength: 3,
          }),
          MuteAllSchedule: fc.array(goodQuietWindow, { minLength: 1, maxLength: 8 }),
        },
        { requiredKeys: ["GroupId"] },
      ),
      slots: [
        { breaks: setField("Name", badName) },
        {
          breaks: fc.oneof(
            setField("MuteAllMember", badOnOff, ["ShutUpAllMember"]),
            setField("ShutUpAllMember", badOnOff, ["MuteAllMember"]),
            goodOnOff.chain((a) =>
              goodOnOff.chain((c) =>
                change((b) => {
                  b.MuteAllMember = a;
                  b.ShutUpAllMember = c;
                }),
              ),
            ),
          ),
        },
        ...profileTextSlots,
        {
          breaks: fc.oneof(
            setField("MaxMemberNum", badMaxMembers),
            // Over a Public group's 6000: refused by the group.
            asKind("object", setField("MaxMemberNum", fc.integer({ min: 6001, max: UINT32_MAX }))),
          ),
        },
        { breaks: setField("ApplyJoinOption", badJoinOption) },
        { breaks: setField("InviteJoinOption", badJoinOption) },
        {
          breaks: fc.oneof(
            setField("AppDefinedData", badGroupAppData),
            // Over the ten custom fields a group may hold: refused by the group.
            asKind("object", setField("AppDefinedData", tooManyGroupAppData)),
          ),
        },
        { breaks: setField("MuteAllSchedule", badSchedule) },
        groupSlot,
      ],
      fieldNames: [
        "GroupId",
        "Name",
        "MuteAllMember",
        "ShutUpAllMember",
        ...Object.keys(PROFILE_BYTES),
        "MaxMemberNum",
        "ApplyJoinOption",
        "InviteJoinOption",
        "AppDefinedData",
        "MuteAllSchedule",
      ],
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
      // Imports would add a member (or a message) the sentinel does not have, were they not broken.
      command: "import_group_member",
      base: fc.record({
        GroupId: fc.constant(id),
        MemberList: fc.array(
          fc.constantFrom("newcomer", "other", S.ghost).map((Member_Account) => ({ Member_Account, Role: "Admin" })),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      slots: [
        {
          breaks: setField(
            "MemberList",
            fc.oneof(
              badAddMemberList.filter((v) => Array.isArray(v) && v.length <= 300),
              fc.constant([{ Member_Account: "newcomer", Role: "Owner" }]),
              fc.constant([{ Member_Account: "newcomer", JoinTime: -1 }]),
            ),
          ),
        },
        groupSlot,
      ],
      fieldNames: ["GroupId", "MemberList"],
    },
    {
      command: "import_group_msg",
      base: fc.record({
        GroupId: fc.constant(id),
        MsgList: fc.constant([
          {
            From_Account: S.owner,
            SendTime: world.clock.now,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "imported" } }],
          },
        ]),
      }),
      slots: [
        {
          breaks: setField(
            "MsgList",
            fc.oneof(
              fc.constant([]),
              fc.constant([
                { From_Account: S.owner, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }] },
              ]),
              badMsgBody.map((MsgBody) => [{ From_Account: S.owner, SendTime: world.clock.now, MsgBody }]),
            ),
          ),
        },
        { breaks: setField("RecentContactFlag", badFlag) },
        topicSlot,
        groupSlot,
      ],
      fieldNames: ["GroupId", "MsgList", "RecentContactFlag", "TopicId"],
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
  ];
}
