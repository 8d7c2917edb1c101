import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";
import { groupAttrList } from "./group-attr-fields";

/** Sets the given attributes, adding the keys the group does not have; the others stay. */
export const modifyGroupAttr = defineCommand({
  name: "modify_group_attr",
  summary: "Sets some of the group's custom attributes; the others stay.",
  example: { GroupId: "demo-group", GroupAttr: [{ key: "seat1", value: "peter" }] },
  schema: z.object({ GroupId: groupId(), GroupAttr: groupAttrList() }),
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).writeAttrs("modify", input.GroupAttr));
    return {};
  },
});
