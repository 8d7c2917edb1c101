import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { groupId, topicId } from "../wire/fields";
import { defineCommand } from "./command";

/**
 * The accounts muted now in the group (or, with TopicId, in that topic), with their until-times;
 * legacy callers get Tencent's old field names.
 */
export const getGroupMutedAccount = defineCommand({
  name: "get_group_muted_account",
  summary: "The accounts muted now, with when their mute ends.",
  example: { GroupId: "demo-group" },
  legacyName: "get_group_shutted_uin",
  schema: z.object({ GroupId: groupId(), TopicId: topicId().optional() }),
  async run(input, ctx) {
    const { groupId: id, mutedJson } = accept(
      await ctx.group(input.GroupId).listMuted(ctx.legacy, input.TopicId ?? null),
    );
    return { GroupId: id, [ctx.legacy ? "ShuttedUinList" : "MutedAccountList"]: new RawJson(mutedJson) };
  },
});
