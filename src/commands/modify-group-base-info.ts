import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, groupName, onOff } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z
  .object({
    GroupId: groupId(),
    Name: groupName().optional(),
    MuteAllMember: onOff().optional(),
    ShutUpAllMember: onOff().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.MuteAllMember !== undefined && body.ShutUpAllMember !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["MuteAllMember"],
        message: "give either MuteAllMember or legacy ShutUpAllMember, not both",
      });
    }
  })
  .transform((body) => {
    const muteAll = body.MuteAllMember ?? body.ShutUpAllMember;
    return { groupId: body.GroupId, name: body.Name, muteAll: muteAll === undefined ? undefined : muteAll === "On" };
  });

/** Renames the group and/or switches mute-all; fields not given stay as they are. */
export const modifyGroupBaseInfo = defineCommand({
  name: "modify_group_base_info",
  schema,
  async run(input, ctx) {
    const change: { name?: string; muteAll?: boolean } = {};
    if (input.name !== undefined) change.name = input.name;
    if (input.muteAll !== undefined) change.muteAll = input.muteAll;
    accept(await ctx.group(input.groupId).modify(change));
    return {};
  },
});
