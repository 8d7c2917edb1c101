import { z } from "zod";
import { accept } from "../wire/errors";
import { account, groupId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_PER_CALL = 500;

const schema = z.object({
  GroupId: groupId(),
  MemberList: z
    .array(z.object({ Member_Account: account() }), {
      error: (i) => (i.input === undefined ? "is required" : "must be an array of {Member_Account}"),
    })
    .min(1, { error: "must list at least one member" })
    .max(MAX_PER_CALL, { error: `must list at most ${MAX_PER_CALL} members` })
    .transform((list) => [...new Set(list.map((m) => m.Member_Account))]),
  /** Tencent's "add without notifying"; accepted and ignored, as there is no notification here. */
  Silence: uint32().optional(),
});

/** Adds members; each gets Tencent's Result: 1 added, 2 already a member (0, failed, is not produced here). */
export const addGroupMember = defineCommand({
  name: "add_group_member",
  summary: "Adds up to 300 members.",
  example: { GroupId: "demo-group", MemberList: [{ Member_Account: "peter" }] },
  schema,
  async run(input, ctx) {
    const { results } = accept(await ctx.group(input.GroupId).addMembers(input.MemberList));
    return { MemberList: results.map((r) => ({ Member_Account: r.account, Result: r.result })) };
  },
});
