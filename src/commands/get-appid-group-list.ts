import { z } from "zod";
import { listedKind } from "../app/directory";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { GROUP_TYPES } from "../wire/vocabulary";
import { defineCommand } from "./command";

/** Tencent's largest page, and the page a call without Limit (or with 0) gets. */
const MAX_GROUP_LIST = 10000;

const schema = z.object({
  Limit: z
    .number({ error: (i) => `must be a number, not ${typeof i.input}` })
    .int({ error: "must be an integer" })
    .min(0, { error: "must not be negative" })
    .max(MAX_GROUP_LIST, { error: `must be at most ${MAX_GROUP_LIST}` })
    .optional(),
  /**
   * The previous page's Next; 0 or absent for the first. Tencent's cursors are
   * 64-bit, ours stay below 2^31 (SDKs parse Next as a 32-bit integer): any
   * non-negative integer is taken, and one past the last group answers an empty page.
   */
  Next: z
    .number({ error: (i) => `must be a number, not ${typeof i.input}` })
    .int({ error: "must be an integer" })
    .min(0, { error: "must not be negative" })
    .optional(),
  GroupType: z.enum(GROUP_TYPES, { error: `must be one of ${GROUP_TYPES.join(", ")}` }).optional(),
});

/**
 * Every group of the app, in creation order, a page at a time. TotalCount is
 * the number of groups of the asked type (all when none), whatever the page.
 * The app object answers from its directory, which the groups keep (see
 * DirectorySync): the call is the usual two hops.
 */
export const getAppidGroupList = defineCommand({
  name: "get_appid_group_list",
  summary: "Every group of the app, a page at a time.",
  example: { Limit: 100, Next: 0 },
  schema,
  async run(input, ctx) {
    const limit = input.Limit === undefined || input.Limit === 0 ? MAX_GROUP_LIST : input.Limit;
    const kind = input.GroupType === undefined ? null : listedKind(input.GroupType);
    const page = accept(await ctx.app().listGroups(input.Next ?? 0, limit, kind));
    return { TotalCount: page.total, GroupIdList: new RawJson(page.idsJson), Next: page.next };
  },
});
