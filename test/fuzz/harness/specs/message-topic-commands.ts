/**
 * The command specs of get_group_mute_history to destroy_topic, with the bans and attributes.
 */

import fc from "fast-check";
import { badAccount, badAccountList, badBounded, goodAccount, goodAccountList } from "../arbitraries/accounts";
import { nonStringValue } from "../arbitraries/app-data";
import { badTopicId } from "../arbitraries/ids";
import { badName, badOnOff, goodName, goodOnOff } from "../arbitraries/members";
import {
  badCloudData,
  badContent,
  badControls,
  badFlag,
  badMsgBody,
  badMsgSeqList,
  badPriority,
  badReqMsgNumber,
  CALLBACK_CONTROLS,
  goodCloudData,
  goodContent,
  goodControls,
  goodFlag,
  goodMsgBody,
  goodMsgSeqList,
  goodPriority,
  goodReqMsgNumber,
  messageBytes,
  recallReasonField,
  SEND_MSG_CONTROLS,
  tooLongCloudData,
  tooLongMsgBody,
} from "../arbitraries/messages";
import { badTopicFilter, customTopicIdRefused, goodTopicFilter } from "../arbitraries/topics";
import { ABSENT } from "../bodies";
import {
  BODY_NOT_JSON,
  INVALID,
  MALFORMED_ID,
  MAX_MSG_BYTES,
  MSG_TOO_LONG,
  MUTED,
  NO_GROUP,
  NO_TOPIC,
  NO_TOPICS,
  NOT_ALLOWED,
  OK,
  TAKEN,
} from "../codes";
import { show } from "../harness";
import { isInt, muteHistoryProblem } from "../oracles/group";
import { destroyedProblem, historyProblem, recalledProblem, topicInfoProblem } from "../oracles/messages-topics";
import { PG_KEPT, TOPIC_MARK, TOPIC_SERVICE, type World } from "../world";
import { banAndAttrSpecs } from "./bans-attrs";
import type { SpecShared } from "./shared";
import { type CommandSpec, shape } from "./spec";

/** The specs of get_group_mute_history to destroy_topic, and the ban and attribute commands (the second half). */
export function messageAndTopicSpecs(world: World, c: SpecShared): CommandSpec[] {
  const {
    readIds,
    writeIds,
    uint32Field,
    readBase,
    writeBase,
    memberOrNot,
    listedIds,
    mutedListShape,
    goodTopicId,
    topicIdField,
    topicCodes,
    orTopics,
    topicGroupIds,
    goodTopicIdList,
    badTopicIdList,
    topicSpecFields,
  } = c;
  return [
    {
      name: "get_group_mute_history",
      // Next: "" or digits (where a page stops); any other string is 10004 from the group (10010 first).
      codes: readBase,
      groupIds: orTopics(readIds),
      fields: [
        { name: "Member_Account", good: memberOrNot, bad: badAccount, optional: true },
        {
          name: "Limit",
          good: fc.oneof(fc.constantFrom(1, 2, 100), fc.integer({ min: 1, max: 100 })),
          bad: badBounded(1, 100),
          optional: true,
        },
        {
          name: "Next",
          good: fc.oneof(
            { weight: 3, arbitrary: fc.constant("") },
            { weight: 1, arbitrary: fc.constantFrom("0", "1", "007", "999999999999999") },
            { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,15}$/) },
          ),
          bad: fc.oneof(
            nonStringValue,
            fc.constantFrom("x", "-1", "1.5", " 1", "1 ", "0x10", "1e3", "1234567890123456", "\ud800", "１"),
          ),
          optional: true,
        },
      ],
      okShape: muteHistoryProblem,
    },
    {
      name: "get_group_muted_account",
      codes: [...readBase, ...topicCodes],
      groupIds: orTopics(readIds),
      fields: [topicIdField],
      okShape: mutedListShape(false),
    },
    {
      name: "get_group_shutted_uin",
      codes: [...readBase, ...topicCodes],
      groupIds: orTopics(readIds),
      fields: [topicIdField],
      okShape: mutedListShape(true),
    },
    {
      name: "send_group_msg",
      // 80002: a valid message over 12 KiB (MsgBody and CloudCustomData together).
      codes: [...writeBase, MUTED, MSG_TOO_LONG, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [
        {
          name: "From_Account",
          // "" is the app admin, as no From_Account is.
          good: fc.oneof(goodAccount, fc.constantFrom("pg_owner", "pg_admin", "a", "b", "")),
          bad: badAccount.filter((v) => v !== ""),
          optional: true,
        },
        uint32Field("Random"),
        { name: "MsgBody", good: goodMsgBody, bad: fc.oneof(badMsgBody, tooLongMsgBody) },
        { name: "MsgPriority", good: goodPriority, bad: badPriority, optional: true },
        { name: "CloudCustomData", good: goodCloudData, bad: fc.oneof(badCloudData, tooLongCloudData), optional: true },
        { name: "OnlineOnlyFlag", good: goodFlag, bad: badFlag, optional: true },
        {
          name: "SendMsgControl",
          good: goodControls(SEND_MSG_CONTROLS),
          bad: badControls(SEND_MSG_CONTROLS),
          optional: true,
        },
        {
          name: "ForbidCallbackControl",
          good: goodControls(CALLBACK_CONTROLS),
          bad: badControls(CALLBACK_CONTROLS),
          optional: true,
        },
        topicIdField,
      ],
      // SendMsgControl does not go with OnlineOnlyFlag 1 (10004).
      repair: (v) => {
        const control = v.get("SendMsgControl");
        if (v.get("OnlineOnlyFlag") === 1 && Array.isArray(control) && control.length > 0)
          v.set("SendMsgControl", ABSENT);
      },
      // The size is checked before the group: a valid message over 12 KiB is 80002 wherever it goes.
      validCodes: (body, codes) =>
        messageBytes(body) > MAX_MSG_BYTES ? [MSG_TOO_LONG] : codes.filter((c) => c !== MSG_TOO_LONG),
      okShape: (a, body) => {
        const dropped = a.MsgDropReason !== undefined;
        const keys = Object.keys(a).slice(3).join(",");
        if (keys !== (dropped ? "MsgTime,MsgSeq,MsgDropReason" : "MsgTime,MsgSeq"))
          return `the answer's fields are ${keys}`;
        // Only Low and Lowest messages past 40 a second in one group are dropped (MsgFreqCtrl).
        if (dropped && (a.MsgDropReason !== "MsgFreqCtrl" || !["Low", "Lowest"].includes(body.MsgPriority as string)))
          return `MsgDropReason ${show(a.MsgDropReason)} for MsgPriority ${show(body.MsgPriority)}`;
        return shape(a, { MsgTime: isInt, MsgSeq: (v) => (dropped ? v === 0 : isInt(v) && v >= 1) });
      },
    },
    {
      name: "group_msg_get_simple",
      // 10007: AVChatRoom groups keep no history.
      codes: [...readBase, NOT_ALLOWED, ...topicCodes],
      groupIds: orTopics(readIds),
      fields: [
        { name: "ReqMsgNumber", good: goodReqMsgNumber, bad: badReqMsgNumber },
        uint32Field("ReqMsgSeq", true),
        { name: "WithRecalledMsg", good: goodFlag, bad: badFlag, optional: true },
        topicIdField,
      ],
      okShape: historyProblem,
    },
    {
      name: "get_online_member_num",
      // Read-only: the sentinel too. Any type answers (an AVChatRoom's sockets are its presence).
      codes: readBase,
      groupIds: readIds,
      fields: [],
      okShape: (a) => {
        const keys = Object.keys(a).slice(3).join(",");
        if (keys !== "OnlineMemberNum") return `the answer's fields are ${keys}`;
        return shape(a, { OnlineMemberNum: (v) => Number.isInteger(v) && (v as number) >= 0 });
      },
    },
    {
      name: "send_group_system_notification",
      // Not the sentinel: a notification is a frame in its live log. A TopicId: 11000 without topics, 110003 unknown.
      codes: [...readBase, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [
        { name: "ToMembers_Account", good: goodAccountList, bad: badAccountList, optional: true },
        { name: "Content", good: goodContent, bad: badContent },
        topicIdField,
      ],
      okShape: (a) => (Object.keys(a).length === 3 ? null : "an OK answer carries more than the envelope"),
    },
    {
      name: "group_msg_recall",
      // Any group type (an AVChatRoom recalls for those online); the sentinel never: a recall is a write.
      codes: [...readBase, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [{ name: "MsgSeqList", good: goodMsgSeqList, bad: badMsgSeqList }, topicIdField, recallReasonField],
      okShape: recalledProblem,
    },
    {
      name: "delete_group_msg_by_sender",
      // An AVChatRoom answers OK (Tencent's: no error, nothing to delete).
      codes: [...readBase, ...topicCodes],
      groupIds: orTopics(writeIds),
      fields: [{ name: "Sender_Account", good: memberOrNot, bad: badAccount }, topicIdField],
      okShape: (a) => (Object.keys(a).length === 3 ? null : "an OK answer carries more than the envelope"),
    },
    {
      name: "change_group_owner",
      // 10007: a non-member, an AVChatRoom or BChatRoom. Never PG_KEPT: they stay members whose Role may change.
      codes: writeBase,
      groupIds: listedIds,
      fields: [
        {
          name: "NewOwner_Account",
          good: memberOrNot.filter((a) => !(PG_KEPT as readonly unknown[]).includes(a)),
          bad: badAccount,
        },
        { name: "From_Account", good: goodAccount, bad: badAccount, optional: true },
      ],
      okShape: (a) => (Object.keys(a).length === 3 ? null : "an OK answer carries more than the envelope"),
    },
    {
      name: "create_topic",
      service: TOPIC_SERVICE,
      // 10007: From_Account not a member; 10021: the custom TopicId is taken.
      codes: [OK, INVALID, MALFORMED_ID, NO_GROUP, NOT_ALLOWED, TAKEN, NO_TOPICS, BODY_NOT_JSON],
      groupIds: topicGroupIds,
      fields: [
        {
          name: "TopicId",
          // Custom parts the rules refuse, of the topics playground: none, reserved, or with @TGS#_ inside.
          good: fc.oneof(
            { weight: 6, arbitrary: goodTopicId },
            {
              weight: 1,
              arbitrary: fc
                .constantFrom("", "@TOPIC#cFUZZ", "a@TGS#_b")
                .map((part) => `${world.playground.topics}${TOPIC_MARK}${part}`),
            },
          ),
          bad: badTopicId,
          optional: true,
        },
        { name: "TopicName", good: goodName, bad: badName },
        ...topicSpecFields,
      ],
      // A custom TopicId the rules refuse is 10004 (the fields together), whatever the group.
      validCodes: (body, codes) => (customTopicIdRefused(body.GroupId, body.TopicId) ? [INVALID] : codes),
      okShape: (a, body) => {
        const keys = Object.keys(a).slice(3).join(",");
        if (keys !== "TopicId") return `the answer's fields are ${keys}`;
        const head = `${String(body.GroupId)}${TOPIC_MARK}`;
        const id = a.TopicId;
        if ((body.TopicId ?? null) !== null) return id === body.TopicId ? null : "TopicId is not the one asked";
        // Generated: the GroupId, @TOPIC#_@TOPIC#c and 11 of [A-Z0-9].
        return typeof id === "string" && id.startsWith(head) && /^@TOPIC#c[A-Z0-9]{11}$/.test(id.slice(head.length))
          ? null
          : `TopicId ${show(id)} is no generated TopicId of the group`;
      },
    },
    {
      name: "get_topic",
      service: TOPIC_SERVICE,
      // 10007: From_Account is not a member.
      codes: [OK, INVALID, MALFORMED_ID, NO_GROUP, NOT_ALLOWED, NO_TOPICS, BODY_NOT_JSON],
      groupIds: topicGroupIds,
      fields: [
        { name: "From_Account", good: memberOrNot, bad: badAccount, optional: true },
        {
          name: "TopicIdList",
          good: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 6, arbitrary: goodTopicIdList }),
          bad: badTopicIdList,
          optional: true,
        },
        { name: "ResponseFilter", good: goodTopicFilter, bad: badTopicFilter, optional: true },
      ],
      okShape: topicInfoProblem,
    },
    {
      name: "modify_topic",
      service: TOPIC_SERVICE,
      codes: [OK, INVALID, MALFORMED_ID, NO_GROUP, NO_TOPICS, NO_TOPIC, BODY_NOT_JSON],
      groupIds: topicGroupIds,
      fields: [
        { name: "TopicId", good: goodTopicId, bad: badTopicId },
        { name: "TopicName", good: goodName, bad: badName, optional: true },
        ...topicSpecFields,
        { name: "MuteAllMember", good: goodOnOff, bad: badOnOff, optional: true },
      ],
      okShape: (a) => (Object.keys(a).length === 3 ? null : "an OK answer carries more than the envelope"),
    },
    {
      name: "destroy_topic",
      service: TOPIC_SERVICE,
      codes: [OK, INVALID, MALFORMED_ID, NO_GROUP, NO_TOPICS, BODY_NOT_JSON],
      groupIds: topicGroupIds,
      fields: [
        {
          name: "TopicIdList",
          good: goodTopicIdList,
          bad: fc.oneof(badTopicIdList, fc.constant([])),
        },
      ],
      okShape: destroyedProblem,
    },
    ...banAndAttrSpecs({ readIds, writeIds, readBase, writeBase }),
  ];
}
