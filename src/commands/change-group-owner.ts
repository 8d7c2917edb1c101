import { z } from "zod";
import { accept } from "../wire/errors";
import { account, groupId } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z.object({
  GroupId: groupId(),
  NewOwner_Account: account(),
  /** Who hands the group over, as the Tips and the callback name it; the calling admin when absent. */
  From_Account: account().optional(),
});

/** Hands the group to a member; the owner before becomes an ordinary member (10007 in an AVChatRoom). */
export const changeGroupOwner = defineCommand({
  name: "change_group_owner",
  summary: "Hands the group to another member; the old owner becomes an ordinary member.",
  example: { GroupId: "demo-group", NewOwner_Account: "peter" },
  schema,
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).changeOwner(input.NewOwner_Account, input.From_Account ?? ctx.identifier));
    return {};
  },
});
