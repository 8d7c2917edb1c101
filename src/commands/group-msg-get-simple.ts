import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_MESSAGES = 20;

const schema = z.object({
  GroupId: groupId(),
  ReqMsgNumber: uint32()
    .min(1, { error: "must be at least 1" })
    .max(MAX_MESSAGES, { error: `must be at most ${MAX_MESSAGES}` }),
  /** The newest MsgSeq wanted; absent means the group's newest message. */
  ReqMsgSeq: uint32().optional(),
});

/** The group's kept history, newest first, in Tencent's RspMsgList shape. */
export const groupMsgGetSimple = defineCommand({
  name: "group_msg_get_simple",
  schema,
  async run(input, ctx) {
    const {
      groupId: id,
      messages,
      more,
    } = accept(await ctx.group(input.GroupId).history(input.ReqMsgSeq ?? null, input.ReqMsgNumber));
    return {
      GroupId: id,
      IsFinished: more ? 0 : 1,
      RspMsgList: messages.map((m) => ({
        From_Account: m.sender,
        IsPlaceMsg: 0,
        MsgBody: JSON.parse(m.body) as unknown,
        MsgPriority: 1,
        MsgRandom: m.random,
        MsgSeq: m.seq,
        MsgTimeStamp: m.time,
      })),
    };
  },
});
