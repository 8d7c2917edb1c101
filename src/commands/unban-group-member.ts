import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
import { banAccounts } from "./ban-fields";
import { defineCommand } from "./command";

/** Lifts bans; an account that is not banned is left alone. An unbanned account is not added back. */
export const unbanGroupMember = defineCommand({
  name: "unban_group_member",
  summary: "Lifts the bans of up to 20 accounts.",
  example: { GroupId: "demo-group", Members_Account: ["peter"] },
  schema: z.object({ GroupId: groupId(), Members_Account: banAccounts() }),
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).unban(input.Members_Account, ctx.identifier));
    return {};
  },
});
