import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId, requiredString, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_LIMIT = 200;

const schema = z.object({
  GroupId: groupId(),
  Limit: uint32()
    .min(1, { error: "must be at least 1" })
    .max(MAX_LIMIT, { error: `must be at most ${MAX_LIMIT}` })
    .default(MAX_LIMIT),
  Offset: uint32().default(0),
  /** Which fields to answer; Member_Account always comes. Unknown names are ignored, as Tencent does. */
  MemberInfoFilter: z.array(requiredString(), { error: "must be an array of field names" }).optional(),
});

/** Members page by page, with role, join time and mute-until (legacy `ShutUpUntil` when asked for by that name). */
export const getGroupMemberInfo = defineCommand({
  name: "get_group_member_info",
  schema,
  async run(input, ctx) {
    const { memberNum, members } = accept(await ctx.group(input.GroupId).memberPage(input.Offset, input.Limit));
    const wanted = new Set(input.MemberInfoFilter ?? ["Role", "JoinTime", "MuteUntil"]);
    const MemberList = members.map((m) => {
      const out: Record<string, unknown> = { Member_Account: m.account };
      if (wanted.has("Role")) out.Role = m.role;
      if (wanted.has("JoinTime")) out.JoinTime = m.joined;
      if (wanted.has("MuteUntil")) out.MuteUntil = m.muteUntil;
      if (wanted.has("ShutUpUntil")) out.ShutUpUntil = m.muteUntil;
      return out;
    });
    return { MemberNum: memberNum, MemberList };
  },
});
