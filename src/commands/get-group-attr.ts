import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";
import { ATTR_SERVICE } from "./group-attr-fields";

/** The group's custom attributes (Tencent's group_open_attr_http_svc service), in the order their keys were set. */
export const getGroupAttr = defineCommand({
  service: ATTR_SERVICE,
  name: "get_group_attr",
  summary: "The group's custom attributes: up to 16 {key, value}.",
  example: { GroupId: "demo-group" },
  schema: z.object({ GroupId: groupId() }),
  async run(input, ctx) {
    const { attrsJson } = accept(await ctx.group(input.GroupId).attrs());
    return { GroupAttrAry: new RawJson(attrsJson) };
  },
});
