import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, topicId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z.object({
  GroupId: groupId(),
  /** How many messages; past 20 (Tencent's page) the answer holds 20 and IsFinished 0. */
  ReqMsgNumber: uint32().min(1, { error: "must be at least 1" }),
  /** The newest MsgSeq wanted; absent or 0 (what the Go SDK sends) means the group's newest message. */
  ReqMsgSeq: uint32().optional(),
  /** 1: recalled messages as such (IsPlaceMsg 2); else they are placeholders like messages not kept. */
  WithRecalledMsg: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
  /** The history of this topic (its own MsgSeq), not the group's. */
  TopicId: topicId().optional(),
});

/** A seq whose message is not kept (dropped from the bounded history, or online-only): Tencent's placeholder. */
const placeholder = (MsgSeq: number) => ({
  From_Account: "",
  IsPlaceMsg: 1,
  IsSystemMsg: 0,
  MsgBody: [],
  MsgPriority: 2,
  MsgRandom: 0,
  MsgSeq,
  MsgTimeStamp: 0,
});

/** The group's (or a topic's) history, newest first, in Tencent's RspMsgList shape. */
export const groupMsgGetSimple = defineCommand({
  name: "group_msg_get_simple",
  summary: "The group's kept messages, newest first.",
  example: { GroupId: "demo-group", ReqMsgNumber: 10 },
  schema,
  async run(input, ctx) {
    const upTo = input.ReqMsgSeq === undefined || input.ReqMsgSeq === 0 ? null : input.ReqMsgSeq;
    const withRecalled = input.WithRecalledMsg === 1;
    const group = ctx.group(input.GroupId);
    const page = accept(await group.history(upTo, input.ReqMsgNumber, input.TopicId ?? null, withRecalled));
    return {
      GroupId: page.groupId,
      IsFinished: page.finished,
      RspMsgList: page.entries.map(({ seq, message: m }) =>
        m === null
          ? placeholder(seq)
          : {
              From_Account: m.sender,
              // Tencent's IsPlaceMsg: 2 for a recalled message, whose body is gone.
              IsPlaceMsg: m.recalled ? 2 : 0,
              IsSystemMsg: 0,
              MsgBody: JSON.parse(m.body) as unknown,
              MsgPriority: m.priority,
              MsgRandom: m.random,
              MsgSeq: m.seq,
              MsgTimeStamp: m.time,
              MsgKey: `${m.seq}_${m.random}_${m.time}`,
              ...(m.cloudCustomData === "" ? {} : { CloudCustomData: m.cloudCustomData }),
            },
      ),
    };
  },
});
