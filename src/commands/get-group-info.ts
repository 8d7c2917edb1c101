import { z } from "zod";
import { MAX_GROUP_APP_KEYS } from "../group/profile";
import { type AnswerBudget, MAX_ANSWER_BYTES, MAX_ANSWER_MEMBERS } from "../wire/answer-budget";
import { RawJson } from "../wire/envelope";
import { ErrorCode } from "../wire/errors";
import { isGroupIdShape, requiredString } from "../wire/fields";
import { BASE_FIELDS } from "../wire/vocabulary";
import { defineCommand } from "./command";
import { appKey, fieldNames, memberFilters, memberQuery } from "./member-query";

const MAX_GROUPS = 50;
const KNOWN_BASE = new Set<string>(BASE_FIELDS);

const schema = z.object({
  GroupIdList: z
    .array(requiredString(), {
      error: (i) => (i.input === undefined ? "is required" : "must be an array of GroupId strings"),
    })
    .min(1, { error: "must name at least one group" })
    .max(MAX_GROUPS, { error: `must name at most ${MAX_GROUPS} groups` })
    .transform((ids) => [...new Set(ids)]),
  ResponseFilter: z
    .object(
      {
        /** The base fields to answer; absent answers all. Unknown names are ignored, as Tencent does. */
        GroupBaseInfoFilter: fieldNames().optional(),
        /** Asks for the member list with these member fields ("Account" is Member_Account, always answered). */
        MemberInfoFilter: memberFilters.MemberInfoFilter,
        /** The custom group fields to answer; absent answers all the group has. */
        AppDefinedDataFilter_Group: z
          .array(appKey(), { error: "must be an array of custom field keys" })
          .max(MAX_GROUP_APP_KEYS, {
            error: `must name at most ${MAX_GROUP_APP_KEYS} keys (a group holds at most ${MAX_GROUP_APP_KEYS})`,
          })
          .optional(),
        AppDefinedDataFilter_GroupMember: memberFilters.AppDefinedDataFilter_GroupMember,
      },
      { error: "must be an object of filters" },
    )
    .optional(),
});

/**
 * Every group's profile in its own entry, as Tencent answers it: a missing or
 * malformed group is reported in its entry and the call as a whole succeeds.
 * The group objects write their entries as JSON text.
 */
export const getGroupInfo = defineCommand({
  name: "get_group_info",
  summary: "The profiles of up to 50 groups.",
  example: { GroupIdList: ["demo-group"] },
  schema,
  async run(input, ctx) {
    const filter = input.ResponseFilter ?? {};
    const base = filter.GroupBaseInfoFilter?.map((f) => (f === "ShutUpAllMember" ? "MuteAllMember" : f));
    const query = {
      sdkappid: ctx.sdkappid,
      baseFields: base === undefined ? null : (base.filter((f) => KNOWN_BASE.has(f)) as (typeof BASE_FIELDS)[number][]),
      appKeys: filter.AppDefinedDataFilter_Group === undefined ? null : [...new Set(filter.AppDefinedDataFilter_Group)],
    };
    const asksMembers = filter.MemberInfoFilter !== undefined || filter.AppDefinedDataFilter_GroupMember !== undefined;
    const members = asksMembers
      ? memberQuery({
          MemberInfoFilter: filter.MemberInfoFilter ?? [],
          AppDefinedDataFilter_GroupMember: filter.AppDefinedDataFilter_GroupMember,
        })
      : null;
    const entryOf = async (id: string, budget: AnswerBudget): Promise<{ entryJson: string; listed: number }> => {
      if (!isGroupIdShape(id)) {
        const info = "the GroupId is malformed: it must be 1 to 48 bytes of printable ASCII";
        return { entryJson: failedEntry(id, ErrorCode.GROUP_ID_MALFORMED, info), listed: 0 };
      }
      const outcome = await ctx.group(id).info(query, members, budget);
      return outcome.refused === undefined
        ? outcome
        : { entryJson: failedEntry(id, outcome.refused, outcome.info), listed: 0 };
    };
    const whole = { members: MAX_ANSWER_MEMBERS, bytes: MAX_ANSWER_BYTES };
    // Without member lists every entry is small: ask all groups at once. With them, one after
    // another, each within what the entries before it left of the call's budget.
    let entries: string[];
    if (members === null) {
      entries = (await Promise.all(input.GroupIdList.map((id) => entryOf(id, whole)))).map((e) => e.entryJson);
    } else {
      entries = [];
      const left = { ...whole };
      for (const id of input.GroupIdList) {
        const entry = await entryOf(id, { ...left });
        left.bytes -= entry.entryJson.length;
        left.members -= entry.listed;
        entries.push(entry.entryJson);
      }
    }
    return { GroupInfo: new RawJson(`[${entries.join(",")}]`) };
  },
});

function failedEntry(GroupId: string, ErrorCode: number, ErrorInfo: string): string {
  return JSON.stringify({ GroupId, ErrorCode, ErrorInfo });
}
