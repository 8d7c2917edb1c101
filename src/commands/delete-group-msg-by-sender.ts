import { z } from "zod";
import { accept } from "../wire/errors";
import { account, groupId, topicId } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z.object({
  GroupId: groupId(),
  Sender_Account: account(),
  /** In this topic, not in the group itself. */
  TopicId: topicId().optional(),
});

/**
 * Recalls what one account sent among the last 1,000 messages (Tencent: "marked so that clients
 * cannot pull them"); in an AVChatRoom, which keeps none, it does nothing and answers OK.
 */
export const deleteGroupMsgBySender = defineCommand({
  name: "delete_group_msg_by_sender",
  summary: "Recalls one sender's messages among the group's last 1,000.",
  example: { GroupId: "demo-group", Sender_Account: "bob" },
  schema,
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).recallBySender(input.Sender_Account, input.TopicId ?? null, ctx.identifier));
    return {};
  },
});
