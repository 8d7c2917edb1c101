import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { groupId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

/** Tencent's largest page. */
const MAX_LIMIT = 100;
/** A page when Limit is not given (Tencent's example asks 20). */
const DEFAULT_LIMIT = 20;

const schema = z.object({
  GroupId: groupId(),
  Limit: uint32()
    .min(1, { error: "must be at least 1" })
    .max(MAX_LIMIT, { error: `must be at most ${MAX_LIMIT}` })
    .optional(),
  /** 0 first; then the NextOffset of the previous page. */
  Offset: uint32(),
});

/** The bans in force, in the order banned, with their ends; NextOffset 0 once the list is done. */
export const getGroupBanMember = defineCommand({
  name: "get_group_ban_member",
  summary: "The banned accounts with the end of each ban, paged by Offset and Limit.",
  example: { GroupId: "demo-group", Limit: 20, Offset: 0 },
  schema,
  async run(input, ctx) {
    const page = accept(await ctx.group(input.GroupId).bannedPage(input.Offset, input.Limit ?? DEFAULT_LIMIT));
    return { BannedAccountList: new RawJson(page.bannedJson), NextOffset: page.next };
  },
});
