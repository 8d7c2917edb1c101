import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept, ErrorCode } from "../wire/errors";
import { account, groupId } from "../wire/fields";
import { defineCommand } from "./command";
import { memberFilters, memberQuery } from "./member-query";

const MAX_ACCOUNTS = 50;

/** Entries the list may hold as sent, repeats included (ten times the distinct accounts allowed). */
const MAX_RAW_ACCOUNTS = 10 * MAX_ACCOUNTS;

const schema = z.object({
  GroupId: groupId(),
  Member_List_Account: z
    .array(account(), { error: (i) => (i.input === undefined ? "is required" : "must be an array of account strings") })
    .min(1, { error: "must name at least one account" })
    // Repeats count once, but the list as sent is bounded too.
    .max(MAX_RAW_ACCOUNTS, { error: `must hold at most ${MAX_RAW_ACCOUNTS} entries` })
    // Tencent answers 10005 for more than 50.
    .transform((list) => [...new Set(list)])
    .refine((list) => list.length <= MAX_ACCOUNTS, {
      error: `must name at most ${MAX_ACCOUNTS} distinct accounts`,
      params: { code: ErrorCode.TOO_MANY_ACCOUNTS },
    }),
  ...memberFilters,
});

/** The named accounts that are members, with the same fields as get_group_member_info; outsiders are left out. */
export const getSpecifiedGroupMemberInfo = defineCommand({
  name: "get_specified_group_member_info",
  summary: "The named members, with the same fields as get_group_member_info.",
  example: { GroupId: "demo-group", Member_List_Account: ["bob", "eve"] },
  schema,
  async run(input, ctx) {
    const { membersJson } = accept(
      await ctx.group(input.GroupId).someMembers(memberQuery(input), input.Member_List_Account),
    );
    return { GroupId: input.GroupId, MemberList: new RawJson(membersJson) };
  },
});
