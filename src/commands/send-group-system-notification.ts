import { z } from "zod";
import { accept } from "../wire/errors";
import { accountList, groupId, requiredString, textUpTo, topicId } from "../wire/fields";
import { defineCommand } from "./command";

/** The longest notification: what one message may be. */
const MAX_CONTENT_BYTES = 12 * 1024;

/** A SystemNotification frame to the members connected to the live channel (all, or those listed). */
export const sendGroupSystemNotification = defineCommand({
  name: "send_group_system_notification",
  summary: "Sends a system notification to the members connected to the group's live channel.",
  example: { GroupId: "demo-group", Content: "the group moves to a new room at 18:00" },
  schema: z.object({
    GroupId: groupId(),
    /** Only these accounts; absent: everyone connected. */
    ToMembers_Account: accountList(500).optional(),
    Content: textUpTo(MAX_CONTENT_BYTES).and(requiredString().min(1, { error: "must not be empty" })),
    TopicId: topicId().optional(),
  }),
  async run(input, ctx) {
    accept(
      await ctx.group(input.GroupId).notify(input.Content, input.ToMembers_Account ?? null, input.TopicId ?? null),
    );
    return {};
  },
});
