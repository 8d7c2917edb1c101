import { z } from "zod";
import type { GroupSpec } from "../contract/group-rpc";
import { idTagOf, whyNoMemberList } from "../group/group-types";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { account, COMMUNITY_PREFIX, GENERATED_COMMUNITY_PREFIX, GENERATED_PREFIX, groupId } from "../wire/fields";
import { GROUP_TYPES, type GroupType } from "../wire/vocabulary";
import { type CallContext, defineCommand } from "./command";
import { groupName, maxMembers, profileChange, profileFields } from "./profile-fields";

const { MuteAllMember: _m, ShutUpAllMember: _s, ...createProfileFields } = profileFields;

const MAX_INITIAL_MEMBERS = 500;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** create_group's fields; import_group takes the same, with CreateTime and without MemberList. */
export const createFields = {
  Type: z.enum(GROUP_TYPES, {
    error: (i) => (i.input === undefined ? "is required" : `must be one of ${GROUP_TYPES.join(", ")}`),
  }),
  Name: groupName(),
  /** A custom ID; its prefix rules depend on Type (whyNotCustomId). */
  GroupId: groupId().optional(),
  Owner_Account: account().optional(),
  MemberList: z
    .array(
      z.object({
        Member_Account: account(),
        Role: z.enum(["Admin", "Member"], { error: 'must be "Admin" or "Member"' }).optional(),
      }),
      { error: "must be an array of {Member_Account, Role}" },
    )
    .max(MAX_INITIAL_MEMBERS, { error: `must list at most ${MAX_INITIAL_MEMBERS} members` })
    .optional(),
  ...createProfileFields,
  /** create_group's name for it; MaxMemberNum (the name of the other commands, which some SDKs send here too). */
  MaxMemberCount: maxMembers(),
  MaxMemberNum: maxMembers(),
  /** 1: a Community with topics (create_topic). */
  SupportTopic: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
};

type CreateBody = {
  Type: GroupType;
  GroupId?: string | undefined;
  SupportTopic?: 0 | 1 | undefined;
  MaxMemberCount?: number | undefined;
  MaxMemberNum?: number | undefined;
};

/** The checks of create_group's fields together; import_group's, with its own rule on the GroupId. */
export const refineWith = (whyNotId: (type: GroupType, id: string) => string | null) =>
  function refineCreate(body: CreateBody, ctx: z.RefinementCtx): void {
    const why = body.GroupId === undefined ? null : whyNotId(body.Type, body.GroupId);
    if (why !== null) {
      ctx.addIssue({ code: "custom", path: ["GroupId"], message: why, params: { code: ErrorCode.GROUP_ID_MALFORMED } });
    }
    if (body.SupportTopic === 1 && body.Type !== "Community") {
      ctx.addIssue({ code: "custom", path: ["SupportTopic"], message: "only a Community can support topics" });
    }
    if (body.MaxMemberCount !== undefined && body.MaxMemberNum !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["MaxMemberCount"],
        message: "give either MaxMemberCount or MaxMemberNum, not both",
      });
    }
  };

const schema = z.object(createFields).superRefine(refineWith(whyNotCustomId));

/**
 * Why a custom GroupId cannot name a group of `type`, or null when it can:
 * `@TGS#` starts generated IDs only, but every Community's ID starts `@TGS#_`
 * (Tencent requires it), and `@TGS#_@TGS#` starts generated Community IDs only.
 */
function whyNotCustomId(type: GroupType, id: string): string | null {
  if (type !== "Community") {
    return id.startsWith(GENERATED_PREFIX)
      ? `must not start with ${GENERATED_PREFIX}, which is reserved for generated IDs (and Community IDs)`
      : null;
  }
  if (!id.startsWith(COMMUNITY_PREFIX)) return `a Community's custom ID must start with ${COMMUNITY_PREFIX}`;
  if (id.startsWith(GENERATED_COMMUNITY_PREFIX)) {
    return `must not start with ${GENERATED_COMMUNITY_PREFIX}, which is reserved for generated Community IDs`;
  }
  if (id.length === COMMUNITY_PREFIX.length) return `must have something after ${COMMUNITY_PREFIX}`;
  return null;
}

/**
 * `@TGS#` + the type's tag + 8 random characters, like `@TGS#2C5SZEAEF`; a
 * Community's is `@TGS#_@TGS#c` + 11, like Tencent's `@TGS#_@TGS#cQVLVHIM62CJ`.
 */
function generateGroupId(type: GroupType): string {
  const community = type === "Community";
  const random = crypto.getRandomValues(new Uint8Array(community ? 11 : 8));
  let id = community ? `${GENERATED_COMMUNITY_PREFIX}c` : GENERATED_PREFIX + idTagOf(type);
  for (const b of random) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

export const createGroup = defineCommand({
  name: "create_group",
  summary: "Creates a group, with its members.",
  example: {
    Owner_Account: "leckie",
    Type: "Public",
    GroupId: "demo-group",
    Name: "TestGroup",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "eve" }],
  },
  schema,
  async run(input, ctx) {
    const members = [];
    const seen = new Set<string>();
    for (const m of input.MemberList ?? []) {
      if (seen.has(m.Member_Account)) continue;
      seen.add(m.Member_Account);
      members.push({ account: m.Member_Account, role: m.Role ?? ("Member" as const) });
    }
    const noList = members.length > 0 ? whyNoMemberList(input.Type) : null;
    if (noList !== null) throw new ApiError(ErrorCode.NOT_ALLOWED, `MemberList: ${noList}`);
    const spec = {
      type: input.Type,
      name: input.Name,
      owner: input.Owner_Account ?? "",
      members,
      profile: profileChange(input, input.MaxMemberCount ?? input.MaxMemberNum),
      supportTopic: input.SupportTopic === 1,
    };

    return { GroupId: await createNamed(ctx, spec, input.GroupId) };
  },
});

/** Creates the group of `spec` under `groupId`, or under a generated ID when none is given; answers the ID. */
export async function createNamed(
  ctx: CallContext,
  spec: Omit<GroupSpec, "groupId">,
  groupId: string | undefined,
): Promise<string> {
  if (groupId !== undefined) {
    accept(await ctx.group(groupId).create({ ...spec, groupId }));
    return groupId;
  }
  // 36^8 IDs per type: a collision is rare, and answering 10021 for an ID the caller never chose would be wrong.
  for (let attempt = 0; attempt < 4; attempt++) {
    const id = generateGroupId(spec.type);
    const outcome = await ctx.group(id).create({ ...spec, groupId: id });
    if (outcome.refused === ErrorCode.GROUP_ID_TAKEN) continue;
    accept(outcome);
    return id;
  }
  throw new ApiError(ErrorCode.INTERNAL, "could not generate a free GroupId; retry");
}
