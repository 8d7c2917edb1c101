import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { accountList, groupId } from "../wire/fields";
import { defineCommand } from "./command";

/** The role of up to 500 accounts in one group: Owner, Admin, Member, or NotMember. */
export const getRoleInGroup = defineCommand({
  name: "get_role_in_group",
  summary: "The role of each account in the group.",
  example: { GroupId: "demo-group", User_Account: ["leckie", "bob", "wesley"] },
  schema: z.object({ GroupId: groupId(), User_Account: accountList(500) }),
  async run(input, ctx) {
    const { rolesJson } = accept(await ctx.group(input.GroupId).roles(input.User_Account));
    return { UserIdList: new RawJson(rolesJson) };
  },
});
