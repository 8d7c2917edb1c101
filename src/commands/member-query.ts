import { z } from "zod";
import type { MemberQuery } from "../contract/group-rpc";
import { requiredString } from "../wire/fields";
import { MEMBER_FIELDS, type MemberField, type Role } from "../wire/vocabulary";

/** A custom member field's key, as Tencent allows them: 1..16 of [A-Za-z0-9_]. */
export const appKey = () =>
  requiredString().regex(/^[A-Za-z0-9_]{1,16}$/, { error: "must be 1 to 16 letters, digits or underscores" });

const KNOWN = new Set<string>(MEMBER_FIELDS);

/** A member holds at most five custom fields (Tencent's limit), so a filter names at most five. */
const MAX_MEMBER_APP_KEYS = 5;
/**
 * Field-name filters ignore names they do not know, as Tencent does; a few dozen
 * covers every known name with room to spare, and bounds the call.
 */
export const MAX_FILTER_NAMES = 64;

/** A filter of field names: unknown ones are ignored, but the list is bounded. */
export const fieldNames = () =>
  z
    .array(requiredString(), { error: "must be an array of field names" })
    .max(MAX_FILTER_NAMES, { error: `must name at most ${MAX_FILTER_NAMES} fields` });

/** A filter of custom member field keys. */
const memberAppKeys = () =>
  z.array(appKey(), { error: "must be an array of custom field keys" }).max(MAX_MEMBER_APP_KEYS, {
    error: `must name at most ${MAX_MEMBER_APP_KEYS} keys (a member holds at most ${MAX_MEMBER_APP_KEYS})`,
  });

/**
 * The three filters that member queries share (get_group_member_info and
 * get_specified_group_member_info), as Tencent documents them.
 */
export const memberFilters = {
  /** Which fields to answer; absent is all. Unknown names are ignored, as Tencent does; ShutUpUntil is MuteUntil. */
  MemberInfoFilter: fieldNames().optional(),
  /** Which roles to answer; absent (or empty) is all. */
  MemberRoleFilter: z
    .array(z.enum(["Owner", "Admin", "Member"], { error: 'must hold "Owner", "Admin" or "Member"' }), {
      error: "must be an array of roles",
    })
    .max(MAX_FILTER_NAMES, { error: `must name at most ${MAX_FILTER_NAMES} roles` })
    .optional(),
  /** Which custom fields to answer in AppMemberDefinedData; absent answers none, as Tencent does. */
  AppDefinedDataFilter_GroupMember: memberAppKeys().optional(),
};

/** The query the group object runs for the filters of a request. */
export function memberQuery(input: {
  MemberInfoFilter?: string[] | undefined;
  MemberRoleFilter?: Role[] | undefined;
  AppDefinedDataFilter_GroupMember?: string[] | undefined;
}): MemberQuery {
  const fields =
    input.MemberInfoFilter === undefined
      ? MEMBER_FIELDS
      : [
          ...new Set(
            input.MemberInfoFilter.map((f) => (f === "ShutUpUntil" ? "MuteUntil" : f)).filter((f) => KNOWN.has(f)),
          ),
        ];
  const roles = input.MemberRoleFilter;
  const keys = input.AppDefinedDataFilter_GroupMember;
  return {
    fields: fields as MemberField[],
    roles: roles === undefined || roles.length === 0 ? null : [...new Set(roles)],
    appKeys: keys === undefined ? null : [...new Set(keys)],
  };
}
