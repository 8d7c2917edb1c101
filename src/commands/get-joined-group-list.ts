import { z } from "zod";
import type { JoinedEntryQuery } from "../contract/group-rpc";
import { MAX_ANSWER_BYTES, tooLarge } from "../wire/answer-budget";
import { RawJson } from "../wire/envelope";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { account, uint32 } from "../wire/fields";
import { GROUP_TYPES, listedKind } from "../wire/vocabulary";
import type { CallContext } from "./command";
import { defineCommand } from "./command";
import { fieldNames } from "./member-query";

/** Tencent's largest page, and the page a call without Limit (or with 0) gets. */
const MAX_JOINED_LIST = 5000;
/** Groups asked for their fields at once: a page of 5,000 is 100 waves, not 5,000 calls in flight. */
const WAVE = 50;

const zeroOne = () =>
  z
    .number({ error: (i) => `must be 0 or 1, not ${typeof i.input}` })
    .int({ error: "must be 0 or 1" })
    .min(0, { error: "must be 0 or 1" })
    .max(1, { error: "must be 0 or 1" })
    .optional();

const schema = z.object({
  Member_Account: account(),
  Limit: uint32()
    .max(MAX_JOINED_LIST, { error: `must be at most ${MAX_JOINED_LIST}` })
    .optional(),
  Offset: uint32().optional(),
  /** "" is the field left out, as sloppy clients send it. */
  GroupType: z
    .enum([...GROUP_TYPES, ""], { error: `must be one of ${GROUP_TYPES.join(", ")}` })
    .transform((t) => (t === "" ? undefined : t))
    .optional(),
  /** 1: AVChatRoom (and BChatRoom) groups too. */
  WithHugeGroups: zeroOne(),
  /** 1: Private (Work) groups not activated yet (no message sent in them) too. */
  WithNoActiveGroups: zeroOne(),
  /** 1: only Communities with topics, with their topic fields. */
  SupportTopic: zeroOne(),
  ResponseFilter: z
    .object(
      {
        /** The group's base fields to answer; unknown names are ignored, as Tencent does. */
        GroupBaseInfoFilter: fieldNames().optional(),
        /** The member's own fields to answer (SelfInfo); unknown names are ignored. */
        SelfInfoFilter: fieldNames().optional(),
      },
      { error: "must be an object of filters" },
    )
    .optional(),
});

/**
 * The groups an account is in, a page at a time, from the app's joined-group
 * index (the account's shard: one RPC). Fields asked by ResponseFilter (or
 * SupportTopic) come from each group on the page itself, so they are never
 * older than the call; a group that says the account is no longer a member
 * (its change still on its way to the index) is left out.
 */
export const getJoinedGroupList = defineCommand({
  name: "get_joined_group_list",
  summary: "The groups an account is in, a page at a time, with the fields asked.",
  example: { Member_Account: "bob", Limit: 10, Offset: 0 },
  schema,
  async run(input, ctx) {
    const kind = input.GroupType === undefined ? null : listedKind(input.GroupType);
    const limit = input.Limit === undefined || input.Limit === 0 ? MAX_JOINED_LIST : input.Limit;
    const topics = input.SupportTopic === 1;
    const page = accept(
      await ctx.joined(input.Member_Account).page(input.Member_Account, {
        kind,
        huge: input.WithHugeGroups === 1,
        inactive: input.WithNoActiveGroups === 1,
        topicsOnly: topics,
        offset: input.Offset ?? 0,
        limit,
      }),
    );
    const q: JoinedEntryQuery = {
      sdkappid: ctx.sdkappid,
      base: input.ResponseFilter?.GroupBaseInfoFilter ?? [],
      self: input.ResponseFilter?.SelfInfoFilter ?? [],
      topics,
    };
    const list =
      q.base.length === 0 && q.self.length === 0 && !topics
        ? JSON.stringify(page.groupIds.map((GroupId) => ({ GroupId })))
        : await entries(ctx, input.Member_Account, page.groupIds, q);
    return { TotalCount: page.total, GroupIdList: new RawJson(list) };
  },
});

/** Each group's entry, asked a wave at a time, in the page's order; within the answer's byte budget. */
async function entries(ctx: CallContext, member: string, ids: string[], q: JoinedEntryQuery): Promise<string> {
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; i < ids.length; i += WAVE) {
    const wave = await Promise.all(ids.slice(i, i + WAVE).map((id) => ctx.group(id).joinedEntry(member, q)));
    for (const outcome of wave) {
      // Destroyed, or left: the index has not heard yet. Anything else is the call's failure.
      if (outcome.refused === ErrorCode.GROUP_NOT_FOUND) continue;
      const { entryJson } = accept(outcome);
      if (entryJson === null) continue;
      bytes += entryJson.length;
      if (bytes > MAX_ANSWER_BYTES) throw new ApiError(ErrorCode.ANSWER_TOO_LARGE, tooLarge("this page"));
      out.push(entryJson);
    }
  }
  return `[${out.join(",")}]`;
}
