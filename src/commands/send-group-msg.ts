import { z } from "zod";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { account, groupId, requiredString, topicId, uint32 } from "../wire/fields";
import { MsgBody, messageTooLong } from "../wire/msg-elements";
import { MESSAGE_PRIORITIES } from "../wire/vocabulary";
import { defineCommand } from "./command";

const SEND_MSG_CONTROLS = ["NoLastMsg", "NoUnread"] as const;
const CALLBACK_CONTROLS = ["ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"] as const;
/** A flag list names each flag once; repeats are tolerated up to a small bound. */
const MAX_FLAGS = 8;

const schema = z
  .object({
    GroupId: groupId(),
    /** Absent (or "", which older SDKs send for it): the app admin who calls sends. */
    From_Account: z.union([z.literal(""), account()]).optional(),
    Random: uint32(),
    MsgBody,
    MsgPriority: z
      .enum(MESSAGE_PRIORITIES, { error: `must be one of ${MESSAGE_PRIORITIES.join(", ")} (case-sensitive)` })
      .optional(),
    CloudCustomData: requiredString().optional(),
    /** 1: only members online now receive it, and it is not kept in the history. */
    OnlineOnlyFlag: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
    SendMsgControl: z
      .array(z.enum(SEND_MSG_CONTROLS, { error: `must hold ${SEND_MSG_CONTROLS.join(" or ")}` }), {
        error: "must be an array",
      })
      .max(MAX_FLAGS, { error: `must hold at most ${MAX_FLAGS} flags` })
      .optional(),
    /** The topic it is sent in (a Community with topics), with the topic's own MsgSeq. */
    TopicId: topicId().optional(),
    ForbidCallbackControl: z
      .array(z.enum(CALLBACK_CONTROLS, { error: `must hold ${CALLBACK_CONTROLS.join(" or ")}` }), {
        error: "must be an array",
      })
      .max(MAX_FLAGS, { error: `must hold at most ${MAX_FLAGS} flags` })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.OnlineOnlyFlag === 1 && body.SendMsgControl !== undefined && body.SendMsgControl.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["SendMsgControl"],
        message: "does not go with OnlineOnlyFlag 1 (an online-only message updates no conversation)",
      });
    }
  });

/**
 * The enforcement point: a sender muted in the group or app-wide is refused with 10017; an accepted
 * message gets its MsgSeq and is kept in the group's history. The same
 * sender's Random within five minutes is the same message: a retry answers the
 * first send's MsgSeq and MsgTime and stores nothing.
 */
export const sendGroupMsg = defineCommand({
  name: "send_group_msg",
  summary: "Sends a message to the group; refused with 10017 while the sender is muted.",
  example: {
    GroupId: "demo-group",
    From_Account: "bob",
    Random: 8912345,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
  },
  schema,
  // The admission reads the sender's app-wide mute; the admin (no From_Account) is never muted.
  sender: (input) => (input.From_Account === undefined || input.From_Account === "" ? null : input.From_Account),
  async run(input, ctx) {
    const body = JSON.stringify(input.MsgBody);
    const cloudCustomData = input.CloudCustomData ?? "";
    const tooLong = messageTooLong(body, cloudCustomData);
    if (tooLong !== null) throw new ApiError(ErrorCode.MSG_TOO_LONG, tooLong);
    const from = input.From_Account === undefined || input.From_Account === "" ? null : input.From_Account;
    const sent = accept(
      await ctx.group(input.GroupId).send({
        from,
        sender: from ?? ctx.identifier,
        random: input.Random,
        body,
        priority: input.MsgPriority ?? "Normal",
        cloudCustomData,
        onlineOnly: input.OnlineOnlyFlag === 1,
        appMutedUntil: ctx.senderAppMutedUntil,
        appMuteReason: ctx.senderAppMuteReason,
        topicId: input.TopicId ?? null,
        operator: ctx.identifier,
        clientIp: ctx.clientIp,
        skipBeforeCallback: input.ForbidCallbackControl?.includes("ForbidBeforeSendMsgCallback") ?? false,
        skipAfterCallback: input.ForbidCallbackControl?.includes("ForbidAfterSendMsgCallback") ?? false,
      }),
    );
    return {
      MsgTime: sent.time,
      MsgSeq: sent.seq,
      ...(sent.dropReason === null ? {} : { MsgDropReason: sent.dropReason }),
    };
  },
});
