import { z } from "zod";
import { ErrorCode } from "../wire/errors";
import { isGroupIdShape, requiredString } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_GROUPS = 50;

const schema = z.object({
  GroupIdList: z
    .array(requiredString(), {
      error: (i) => (i.input === undefined ? "is required" : "must be an array of GroupId strings"),
    })
    .min(1, { error: "must name at least one group" })
    .max(MAX_GROUPS, { error: `must name at most ${MAX_GROUPS} groups` })
    .transform((ids) => [...new Set(ids)]),
});

/** Like Tencent, a missing group is reported in its own entry; the call as a whole succeeds. */
export const getGroupInfo = defineCommand({
  name: "get_group_info",
  schema,
  async run(input, ctx) {
    const GroupInfo = await Promise.all(
      input.GroupIdList.map(async (id) => {
        if (!isGroupIdShape(id)) {
          return {
            GroupId: id,
            ErrorCode: ErrorCode.GROUP_ID_MALFORMED,
            ErrorInfo: "the GroupId is malformed: it must be 1 to 48 bytes of printable ASCII",
          };
        }
        const outcome = await ctx.group(id).info();
        if (outcome.refused !== undefined) return { GroupId: id, ErrorCode: outcome.refused, ErrorInfo: outcome.info };
        const p = outcome.profile;
        return {
          GroupId: p.groupId,
          ErrorCode: 0,
          ErrorInfo: "",
          Type: p.type,
          Name: p.name,
          Owner_Account: p.owner,
          CreateTime: p.created,
          MemberNum: p.memberNum,
          MuteAllMember: p.muteAll ? "On" : "Off",
        };
      }),
    );
    return { GroupInfo };
  },
});
