import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";
import { groupAttrList } from "./group-attr-fields";

/** Replaces all the group's attributes with the given ones. */
export const setGroupAttr = defineCommand({
  name: "set_group_attr",
  summary: "Replaces all the group's custom attributes.",
  example: { GroupId: "demo-group", GroupAttr: [{ key: "seat1", value: "peter" }] },
  schema: z.object({ GroupId: groupId(), GroupAttr: groupAttrList() }),
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).writeAttrs("set", input.GroupAttr));
    return {};
  },
});
