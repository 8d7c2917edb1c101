import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";

/** Removes all the group's attributes. */
export const clearGroupAttr = defineCommand({
  name: "clear_group_attr",
  summary: "Removes all the group's custom attributes.",
  example: { GroupId: "demo-group" },
  schema: z.object({ GroupId: groupId() }),
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).writeAttrs("clear", []));
    return {};
  },
});
