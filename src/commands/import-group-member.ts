import { z } from "zod";
import { accept, ErrorCode } from "../wire/errors";
import { account, groupId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

/** Tencent's limit per call. */
const MAX_MEMBERS = 300;
/** Entries the list may hold as sent, repeats included (Tencent answers 10005 past 300 members). */
const MAX_RAW_MEMBERS = 2 * MAX_MEMBERS;

const member = z.object({
  Member_Account: account(),
  /** Admin, or Member (the default; "" too, as SDKs send it unset). The owner comes from import_group. */
  Role: z
    .enum(["Admin", "Member", ""], { error: 'must be "Admin" or "Member" (the owner is import_group\'s)' })
    .optional(),
  /** When it joined, not before the group's CreateTime nor after now; absent or 0: now. */
  JoinTime: uint32().optional(),
  /** Accepted and not kept: this service keeps no unread counts (see set_unread_msg_num). */
  UnreadMsgNum: uint32().optional(),
});

const schema = z.object({
  GroupId: groupId(),
  MemberList: z
    .array(member, {
      error: (i) => (i.input === undefined ? "is required" : "must be an array of {Member_Account, Role, JoinTime}"),
    })
    .min(1, { error: "must list at least one member" })
    .max(MAX_RAW_MEMBERS, { error: `must hold at most ${MAX_RAW_MEMBERS} entries` })
    // An account listed twice is imported once, with its first entry.
    .transform((list) => {
      const seen = new Set<string>();
      return list.filter((m) => !seen.has(m.Member_Account) && seen.add(m.Member_Account));
    })
    .refine((list) => list.length <= MAX_MEMBERS, {
      error: `must list at most ${MAX_MEMBERS} distinct members`,
      params: { code: ErrorCode.TOO_MANY_ACCOUNTS },
    }),
});

/**
 * Imports members moved in from another system, each with its role and join
 * time, without callbacks or notifications (Tencent's import_group_member).
 * Per member, Tencent's Result: 1 imported, 2 already a member, 0 failed (its
 * JoinTime is before the group's creation or after now).
 */
export const importGroupMember = defineCommand({
  name: "import_group_member",
  summary: "Imports members with their roles and join times.",
  example: {
    GroupId: "demo-group",
    MemberList: [{ Member_Account: "tommy", Role: "Admin", JoinTime: 1448357837, UnreadMsgNum: 5 }],
  },
  schema,
  async run(input, ctx) {
    const members = input.MemberList.map((m) => ({
      account: m.Member_Account,
      role: m.Role === "Admin" ? ("Admin" as const) : ("Member" as const),
      ...(m.JoinTime === undefined || m.JoinTime === 0 ? {} : { joinTime: m.JoinTime }),
    }));
    const { results } = accept(await ctx.group(input.GroupId).importMembers(members));
    return { MemberList: results.map((r) => ({ Member_Account: r.account, Result: r.result })) };
  },
});
