import { z } from "zod";
import { accept } from "../wire/errors";
import { account, extension, groupId, requiredString, topicId, uint32 } from "../wire/fields";
import { MsgBody } from "../wire/msg-elements";
import { defineCommand } from "./command";

/** Tencent's limit per call. */
const MAX_MESSAGES = 7;

const message = z.object({
  From_Account: account(),
  /** When it was sent in the system it comes from (Unix s). */
  SendTime: uint32(),
  /** Optional, as in Tencent's example: 0 when absent. */
  Random: uint32().optional(),
  MsgBody,
  CloudCustomData: extension(
    requiredString().optional(),
    "Extension: the message's CloudCustomData, kept as send_group_msg keeps it (a copied message keeps its own)",
  ),
});

const schema = z.object({
  GroupId: groupId(),
  /** 1: update the members' conversations. Accepted and ignored: there are no conversations here. */
  RecentContactFlag: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
  MsgList: z
    .array(message, {
      error: (i) => (i.input === undefined ? "is required" : "must be an array of {From_Account, SendTime, MsgBody}"),
    })
    .min(1, { error: "must hold at least one message" })
    .max(MAX_MESSAGES, { error: `must hold at most ${MAX_MESSAGES} messages` }),
  /** The history of this topic (a Community with topics), with the topic's own MsgSeq. */
  TopicId: topicId().optional(),
});

/**
 * Imports messages moved in from another system into the group's history, in
 * the order given, each dated by its SendTime and given the next MsgSeq,
 * without callbacks or notifications (Tencent's import_group_msg). A message
 * whose SendTime is before the group's creation, before its latest message or
 * after now gets Result 10004; over 12 KB, 80002; the others are imported.
 */
export const importGroupMsg = defineCommand({
  name: "import_group_msg",
  summary: "Imports messages into the history, with their original send times.",
  example: {
    GroupId: "demo-group",
    MsgList: [
      {
        From_Account: "leckie",
        SendTime: 1620808101,
        Random: 8912345,
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "red packet" } }],
      },
    ],
  },
  schema,
  async run(input, ctx) {
    const messages = input.MsgList.map((m) => ({
      sender: m.From_Account,
      sendTime: m.SendTime,
      random: m.Random ?? 0,
      body: JSON.stringify(m.MsgBody),
      cloudCustomData: m.CloudCustomData ?? "",
    }));
    const { results } = accept(await ctx.group(input.GroupId).importMessages(messages, input.TopicId ?? null));
    return { ImportMsgResult: results.map((r) => ({ MsgSeq: r.seq, MsgTime: r.time, Result: r.result })) };
  },
});
