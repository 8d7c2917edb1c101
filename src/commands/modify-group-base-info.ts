import { z } from "zod";
import { accept } from "../wire/errors";
import { extension, groupId } from "../wire/fields";
import { defineCommand } from "./command";
import {
  bothMuteAllNames,
  groupName,
  maxMembers,
  muteAllSchedule,
  profileChange,
  profileFields,
} from "./profile-fields";

const schema = z
  .object({
    GroupId: groupId(),
    Name: groupName().optional(),
    ...profileFields,
    MaxMemberNum: maxMembers(),
    MuteAllSchedule: extension(
      muteAllSchedule(),
      "Extension: quiet hours, up to 8 weekly windows {Days, Start, End, TimeZone} muting the group for all; [] clears",
    ).optional(),
  })
  .superRefine((body, ctx) => {
    if (bothMuteAllNames(body)) {
      ctx.addIssue({
        code: "custom",
        path: ["MuteAllMember"],
        message: "give either MuteAllMember or legacy ShutUpAllMember, not both",
      });
    }
  });

/** Changes the group profile: the fields given, in one transaction; the others stay as they are. */
export const modifyGroupBaseInfo = defineCommand({
  name: "modify_group_base_info",
  summary: "Changes the group profile, mute-all and (an extension) quiet hours.",
  example: { GroupId: "demo-group", MuteAllMember: "On" },
  schema,
  async run(input, ctx) {
    const change = profileChange(input, input.MaxMemberNum);
    accept(await ctx.group(input.GroupId).modify(change, ctx.identifier, ctx.clientIp));
    return {};
  },
});
