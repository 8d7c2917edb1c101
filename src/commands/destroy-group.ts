import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { defineCommand } from "./command";

export const destroyGroup = defineCommand({
  name: "destroy_group",
  summary: "Dismisses a group: its profile, members, mutes and messages are gone.",
  example: { GroupId: "demo-group" },
  schema: z.object({ GroupId: groupId() }),
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).destroy());
    return {};
  },
});
