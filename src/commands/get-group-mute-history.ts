import { z } from "zod";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { account, groupId, requiredString, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

/** An extension: the group's mute history, newest first (docs/api.md, "Mute history"). */
const schema = z.object({
  GroupId: groupId(),
  /** Only this account's entries (mute-all entries have none). */
  Member_Account: account().optional(),
  Limit: uint32().min(1, { error: "must be at least 1" }).max(100, { error: "must be at most 100" }).optional(),
  /** "" or absent: the newest; then the Next of the previous page. */
  Next: requiredString().optional(),
});

export const getGroupMuteHistory = defineCommand({
  name: "get_group_mute_history",
  summary: "Every mute, unmute, expiry, mute-all switch and ban of a group, newest first.",
  example: { GroupId: "demo-group", Limit: 20 },
  extension: true,
  schema,
  async run(input, ctx) {
    const page = accept(
      await ctx.group(input.GroupId).muteHistoryPage(input.Member_Account ?? null, input.Next ?? "", input.Limit ?? 20),
    );
    return { GroupId: page.groupId, Next: page.next, HistoryList: new RawJson(page.entriesJson) };
  },
});
