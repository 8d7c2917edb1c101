import { z } from "zod";
import { clock } from "../clock";
import { ApiError, ErrorCode } from "../wire/errors";
import { COMMUNITY_PREFIX, uint32 } from "../wire/fields";
import type { GroupType } from "../wire/vocabulary";
import { defineCommand } from "./command";
import { createFields, createNamed, refineWith } from "./create-group";
import { profileChange } from "./profile-fields";

const { MemberList: _members, ...importFields } = createFields;

const schema = z
  .object({
    ...importFields,
    /** When the group was created in the system it comes from; absent or 0 (what the Go SDK sends unset): now. */
    CreateTime: uint32().optional(),
  })
  .superRefine(refineWith(whyNotImportedId));

/**
 * Why `id` cannot name an imported group of `type`, or null when it can. Unlike
 * create_group, the generated shape (`@TGS#...`) is taken: a group moved in from
 * Tencent keeps the ID Tencent gave it (a later generated ID that meets it is
 * drawn again). A Community's still starts with `@TGS#_`, and only a Community's does.
 */
function whyNotImportedId(type: GroupType, id: string): string | null {
  if (type === "Community") {
    if (!id.startsWith(COMMUNITY_PREFIX)) return `a Community's GroupId must start with ${COMMUNITY_PREFIX}`;
    return id.length === COMMUNITY_PREFIX.length ? `must have something after ${COMMUNITY_PREFIX}` : null;
  }
  if (id.startsWith(COMMUNITY_PREFIX)) return `only a Community's GroupId starts with ${COMMUNITY_PREFIX}`;
  // A generated ID has its characters after the prefix: "@TGS#" alone was never one.
  return id === "@TGS#" ? "must have something after @TGS#" : null;
}

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
