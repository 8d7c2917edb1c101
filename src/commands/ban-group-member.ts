import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, textUpTo, uint32 } from "../wire/fields";
import { banAccounts } from "./ban-fields";
import { defineCommand } from "./command";

/** Tencent's longest Description, in bytes of UTF-8. */
const MAX_DESCRIPTION_BYTES = 1000;

const schema = z.object({
  GroupId: groupId(),
  Members_Account: banAccounts(),
  /** Seconds; a ban that would end at or past 4294967295 never ends, as a mute. */
  Duration: uint32().min(1, { error: "must be at least 1 second (unban_group_member lifts a ban)" }),
  Description: textUpTo(MAX_DESCRIPTION_BYTES).optional(),
});

/** Removes accounts from the group and keeps them out until the ban ends (docs/api.md, "ban_group_member"). */
export const banGroupMember = defineCommand({
  name: "ban_group_member",
  summary: "Bans up to 20 accounts: removed from the group, kept out for Duration seconds.",
  example: {
    GroupId: "demo-group",
    Members_Account: ["peter"],
    Duration: 3600,
    Description: "you are banned because of irregularities",
  },
  schema,
  async run(input, ctx) {
    const group = ctx.group(input.GroupId);
    accept(await group.ban(input.Members_Account, input.Duration, input.Description ?? "", ctx.identifier));
    return {};
  },
});
