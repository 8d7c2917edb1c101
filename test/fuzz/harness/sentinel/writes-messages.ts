/**
 * The sentinel writes of send_group_msg to change_group_owner.
 */

import fc from "fast-check";
import { DEMO_APP } from "../../../helpers";
import { badAccount, badUint32, goodAccount, goodUint32 } from "../arbitraries/accounts";
import { badAppData, badMsgFlag, badNameCard, setAppKey } from "../arbitraries/app-data";
import { badRole, goodRole } from "../arbitraries/members";
import {
  badCloudData,
  badControls,
  badFlag,
  badMsgBody,
  badMsgSeqList,
  badPriority,
  CALLBACK_CONTROLS,
  goodControls,
  goodFlag,
  goodPriority,
  SEND_MSG_CONTROLS,
  smallMsgBody,
  tooLongCloudData,
  tooLongMsgBody,
} from "../arbitraries/messages";
import { badReason, badText, goodText, modelReason } from "../arbitraries/profile";
import { S } from "../world";
import { asKind, change, MUTE_NAMES, type SentinelSlots, type SentinelWrite, setField } from "./slots";

/** The sentinel writes of send_group_msg to change_group_owner (the second half of the list). */
export function sentinelWritesOfMessages(c: SentinelSlots): SentinelWrite[] {
  const { id, groupSlot, topicSlot } = c;
  return [
    {
      command: "send_group_msg",
      // Senders who may send: the owner, an admin, the app admin ("").
      base: fc
        .record(
          {
            GroupId: fc.constant(id),
            From_Account: fc.constantFrom(S.owner, S.admin, ""),
            Random: goodUint32,
            MsgBody: smallMsgBody,
            MsgPriority: goodPriority,
            CloudCustomData: fc.constantFrom("", "c"),
            OnlineOnlyFlag: goodFlag,
            SendMsgControl: goodControls(SEND_MSG_CONTROLS),
            ForbidCallbackControl: goodControls(CALLBACK_CONTROLS),
          },
          { requiredKeys: ["GroupId", "Random", "MsgBody"] },
        )
        .map((b) => {
          if (b.OnlineOnlyFlag === 1) delete b.SendMsgControl;
          return b;
        }),
      slots: [
        {
          breaks: setField(
            "From_Account",
            badAccount.filter((v) => v !== ""),
          ),
        },
        { breaks: setField("Random", badUint32) },
        {
          breaks: fc.oneof(
            setField("MsgBody", badMsgBody),
            change((b) => void delete b.MsgBody),
            asKind("size", setField("MsgBody", tooLongMsgBody)),
          ),
        },
        { breaks: setField("MsgPriority", badPriority) },
        {
          breaks: fc.oneof(
            setField("CloudCustomData", badCloudData),
            asKind("size", setField("CloudCustomData", tooLongCloudData)),
          ),
        },
        { breaks: setField("OnlineOnlyFlag", badFlag) },
        {
          breaks: fc.oneof(
            setField("SendMsgControl", badControls(SEND_MSG_CONTROLS)),
            // Online only, and yet a control of the conversation.
            fc.subarray([...SEND_MSG_CONTROLS], { minLength: 1 }).chain((controls) =>
              change((b) => {
                b.OnlineOnlyFlag = 1;
                b.SendMsgControl = controls;
              }),
            ),
          ),
        },
        { breaks: setField("ForbidCallbackControl", badControls(CALLBACK_CONTROLS)) },
        topicSlot,
        groupSlot,
      ],
      fieldNames: [
        "GroupId",
        "From_Account",
        "Random",
        "MsgBody",
        "MsgPriority",
        "CloudCustomData",
        "OnlineOnlyFlag",
        "SendMsgControl",
        "ForbidCallbackControl",
        "TopicId",
      ],
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
          fc.option(fc.tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(0, 60, 4294967294), modelReason), {
            nil: null,
          }),
        )
        .map(([body, mute]) =>
          mute === null ? body : { ...body, [mute[0]]: mute[1], ...(mute[2] === undefined ? {} : { Reason: mute[2] }) },
        ),
      slots: [
        {
          breaks: fc.oneof(
            setField("Member_Account", badAccount),
            // Required: missing, or null (which is missing).
            change((b) => void delete b.Member_Account),
            change((b) => {
              b.Member_Account = null;
            }),
          ),
        },
        { breaks: setField("Role", badRole) },
        { breaks: setField("MsgFlag", badMsgFlag) },
        { breaks: setField("NameCard", badNameCard) },
        { breaks: setField("AppMemberDefinedData", badAppData) },
        { breaks: setField("Reason", badReason) },
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
              .chain(([names, values]) =>
                change((b) => {
                  for (const n of MUTE_NAMES) delete b[n];
                  names.forEach((n, i) => {
                    b[n] = values[i];
                  });
                }),
              ),
          ),
        },
        topicSlot,
        groupSlot,
      ],
      fieldNames: [
        "GroupId",
        "Member_Account",
        "Role",
        "MsgFlag",
        "NameCard",
        "AppMemberDefinedData",
        ...MUTE_NAMES,
        "TopicId",
        "Reason",
      ],
    },
    {
      command: "destroy_group",
      base: fc.constant({ GroupId: id }),
      slots: [groupSlot],
      fieldNames: ["GroupId"],
    },
    {
      // Seq 1 and 2 are kept: valid, this would recall them.
      command: "group_msg_recall",
      base: fc.record(
        {
          GroupId: fc.constant(id),
          MsgSeqList: fc.subarray([{ MsgSeq: 1 }, { MsgSeq: 2 }, { MsgSeq: 3 }], { minLength: 1 }),
          Reason: goodText(100),
        },
        { requiredKeys: ["GroupId", "MsgSeqList"] },
      ),
      slots: [
        { breaks: setField("MsgSeqList", badMsgSeqList) },
        { breaks: setField("Reason", badText(100)) },
        topicSlot,
        groupSlot,
      ],
      fieldNames: ["GroupId", "MsgSeqList", "Reason", "TopicId"],
    },
    {
      // s_m1 sent seq 1, the admin seq 2.
      command: "delete_group_msg_by_sender",
      base: fc.record({ GroupId: fc.constant(id), Sender_Account: fc.constantFrom(S.members[0], DEMO_APP.admin) }),
      slots: [{ breaks: setField("Sender_Account", badAccount) }, topicSlot, groupSlot],
      fieldNames: ["GroupId", "Sender_Account", "TopicId"],
    },
    {
      command: "change_group_owner",
      base: fc.record(
        {
          GroupId: fc.constant(id),
          NewOwner_Account: fc.constantFrom(S.admin, ...S.members, S.muted),
          From_Account: goodAccount,
        },
        { requiredKeys: ["GroupId", "NewOwner_Account"] },
      ),
      slots: [
        { breaks: setField("NewOwner_Account", badAccount) },
        { breaks: setField("From_Account", badAccount) },
        groupSlot,
      ],
      fieldNames: ["GroupId", "NewOwner_Account", "From_Account"],
    },
  ];
}
