import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, textUpTo, topicId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

/** MsgSeqs one call may recall (Tencent's limit). */
const MAX_RECALL = 10;
/** A recall's Reason, in bytes of UTF-8: the limit Tencent documents for its other recall (official accounts). */
const MAX_REASON_BYTES = 100;

const schema = z.object({
  GroupId: groupId(),
  MsgSeqList: z
    .array(z.object({ MsgSeq: uint32() }, { error: "must be an array of {MsgSeq}" }), {
      error: "must be an array of {MsgSeq}",
    })
    .min(1, { error: "must name at least one MsgSeq" })
    .max(MAX_RECALL, { error: `must name at most ${MAX_RECALL} MsgSeq` }),
  /** Recalls in this topic (its own MsgSeq), not the group's. */
  TopicId: topicId().optional(),
  /** Why: sent to the live channel's sockets with the Recall frame. */
  Reason: textUpTo(MAX_REASON_BYTES).optional(),
});

/**
 * Recalls up to 10 messages by MsgSeq. A recalled message keeps its place: group_msg_get_simple
 * answers it as a placeholder (IsPlaceMsg 2 with WithRecalledMsg 1, without its body).
 */
export const groupMsgRecall = defineCommand({
  name: "group_msg_recall",
  summary: "Recalls up to 10 messages of the group by MsgSeq.",
  example: { GroupId: "demo-group", MsgSeqList: [{ MsgSeq: 1 }] },
  schema,
  async run(input, ctx) {
    const seqs = input.MsgSeqList.map((m) => m.MsgSeq);
    const recalled = accept(
      await ctx.group(input.GroupId).recall(seqs, input.TopicId ?? null, ctx.identifier, input.Reason ?? ""),
    );
    return { RecallRetList: recalled.results.map((r) => ({ MsgSeq: r.seq, RetCode: r.code })) };
  },
});
