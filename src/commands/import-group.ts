import { z } from "zod";
import { clock } from "../clock";
import { ApiError, ErrorCode } from "../wire/errors";
import { uint32 } from "../wire/fields";
import { defineCommand } from "./command";
import { createFields, createNamed, refineCreate } from "./create-group";
import { profileChange } from "./profile-fields";

const { MemberList: _members, ...importFields } = createFields;

const schema = z
  .object({
    ...importFields,
    /** When the group was created in the system it comes from; absent or 0 (what the Go SDK sends unset): now. */
    CreateTime: uint32().optional(),
  })
  .superRefine(refineCreate);

/**
 * Creates a group moved in from another system, dated by its CreateTime,
 * without callbacks or notifications (Tencent's import_group). Members and
 * messages follow with import_group_member and import_group_msg, whose times
 * may not be earlier than this one. An AVChatRoom or BChatRoom cannot be
 * imported (10007): create_group makes those.
 */
export const importGroup = defineCommand({
  name: "import_group",
  summary: "Imports a group from another system, with its creation time.",
  example: { Owner_Account: "leckie", Type: "Public", Name: "TestGroup", CreateTime: 1448357837 },
  schema,
  async run(input, ctx) {
    if (input.Type === "AVChatRoom" || input.Type === "BChatRoom") {
      throw new ApiError(
        ErrorCode.NOT_ALLOWED,
        `Type: ${input.Type} groups cannot be imported (Tencent's neither); make one with create_group`,
      );
    }
    const createTime = input.CreateTime === undefined || input.CreateTime === 0 ? undefined : input.CreateTime;
    const now = clock.nowSeconds();
    if (createTime !== undefined && createTime > now) {
      throw new ApiError(ErrorCode.INVALID_PARAMETER, `CreateTime: must not be after now (${now}, Unix seconds)`);
    }
    const spec = {
      type: input.Type,
      name: input.Name,
      owner: input.Owner_Account ?? "",
      members: [],
      profile: profileChange(input, input.MaxMemberCount ?? input.MaxMemberNum),
      supportTopic: input.SupportTopic === 1,
      ...(createTime === undefined ? {} : { createTime }),
    };
    return { GroupId: await createNamed(ctx, spec, input.GroupId) };
  },
});
