import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { groupId, requiredString, uint32 } from "../wire/fields";
import { defineCommand } from "./command";
import { memberFilters, memberQuery } from "./member-query";

/** The largest page Tencent documents (the field table of get_group_member_info). */
const MAX_MEMBER_PAGE = 6000;

const schema = z.object({
  GroupId: groupId(),
  /** Absent or 0: the whole group, as Tencent answers it (10018 past MAX_MEMBER_PAGE; page then). */
  Limit: uint32()
    .max(MAX_MEMBER_PAGE, { error: `must be at most ${MAX_MEMBER_PAGE}` })
    .optional(),
  Offset: uint32().optional(),
  /** Community groups page by Next ("" first), not by Offset. */
  Next: requiredString().optional(),
  ...memberFilters,
});

/**
 * Members page by page, with every documented member field (or those asked
 * for), MuteUntil and legacy ShutUpUntil both. SQLite writes the page's JSON.
 */
export const getGroupMemberInfo = defineCommand({
  name: "get_group_member_info",
  summary: "Members, a page at a time, with their role and mute.",
  example: { GroupId: "demo-group", Limit: 100, MemberInfoFilter: ["Role", "MuteUntil"] },
  schema,
  async run(input, ctx) {
    const whole = input.Limit === undefined || input.Limit === 0;
    const limit = whole ? MAX_MEMBER_PAGE + 1 : input.Limit!;
    const page = accept(
      await ctx
        .group(input.GroupId)
        .memberPage(memberQuery(input), { offset: input.Offset ?? 0, next: input.Next ?? null }, limit),
    );
    if (whole && page.count > MAX_MEMBER_PAGE) {
      throw new ApiError(
        ErrorCode.ANSWER_TOO_LARGE,
        `the group has over ${MAX_MEMBER_PAGE} members to answer; page with Limit and Offset (or Next)`,
      );
    }
    return {
      MemberNum: page.memberNum,
      MemberList: new RawJson(page.membersJson),
      ...(page.next === null ? {} : { Next: page.next }),
    };
  },
});
