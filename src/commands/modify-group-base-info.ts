import { z } from "zod";
import { accept } from "../wire/errors";
import { groupId } from "../wire/fields";
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
    /** Extension: quiet hours, windows of the week during which the group is muted for all. */
    MuteAllSchedule: muteAllSchedule().optional(),
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
  schema,
  async run(input, ctx) {
    accept(await ctx.group(input.GroupId).modify(profileChange(input, input.MaxMemberNum), ctx.identifier));
    return {};
  },
});
