import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";

/** The distinct accounts connected to the group's live channel now (SPEC.md, "Live channel"). */
export const getOnlineMemberNum = defineCommand({
  name: "get_online_member_num",
  summary: "How many distinct accounts are connected to the group's live channel.",
  example: { GroupId: "demo-group" },
  schema: z.object({ GroupId: groupId() }),
  async run(input, ctx) {
    const { count } = accept(await ctx.group(input.GroupId).onlineMembers());
    return { OnlineMemberNum: count };
  },
});
