import { z } from "zod";
import { accept } from "../wire/errors";
import { accountList, groupId, requiredString, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z.object({
  GroupId: groupId(),
  MemberToDel_Account: accountList(500),
  Silence: uint32().optional(),
  Reason: requiredString().optional(),
});

/** Removes members; accounts that are not members are ignored. Mutes outlive membership. */
export const deleteGroupMember = defineCommand({
  name: "delete_group_member",
  summary: "Removes members.",
  example: { GroupId: "demo-group", MemberToDel_Account: ["peter"] },
  schema,
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).deleteMembers(input.MemberToDel_Account));
    return {};
  },
});
