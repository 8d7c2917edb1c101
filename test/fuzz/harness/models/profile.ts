/**
 * What the profile models share: reading get_group_info, merging custom data, the canonical form,
 * GroupIds.
 */

import type fc from "fast-check";
import { uniqueGroupId } from "../../../helpers";
import { badName } from "../arbitraries/members";
import { badGroupAppData, badJoinOption, badText, PROFILE_BYTES } from "../arbitraries/profile";
import { send } from "../bodies";
import { PropertyFailure, show } from "../harness";
import { type Breaker, setField } from "../sentinel/slots";
import { isObject } from "../specs/spec";
import { COMMUNITY_PREFIX, GENERATED_COMMUNITY_PREFIX, GENERATED_PREFIX, type World } from "../world";

// ---------------------------------------------------------------------------------------------
// Models of the group profile and of messages

/** One entry of get_group_info, read in full. */
export type InfoEntry = Record<string, unknown>;
export type AppDatum = { Key: string; Value: string };

export async function readInfo(world: World, GroupId: string): Promise<InfoEntry> {
  const answer = await send("get_group_info", { GroupIdList: [GroupId] }, world);
  const entry = (answer.GroupInfo as InfoEntry[] | undefined)?.[0];
  if (answer.ErrorCode !== 0 || entry === undefined)
    throw new PropertyFailure(`get_group_info of ${GroupId} failed: ${show(answer)}`);
  return entry;
}

/**
 * Custom fields after a change, in the order set: a key keeps its place when its value changes,
 * a new key goes last, "" removes a key, and the last Value of a Key counts.
 */
export function mergeAppModel(data: readonly AppDatum[], change: unknown): AppDatum[] {
  const merged = new Map(data.map((d) => [d.Key, d.Value]));
  // What is no list of {Key, Value} strings (in a broken body) changes nothing here: the body is refused anyway.
  const list = Array.isArray(change) ? change : [];
  for (const { Key, Value } of list.filter((d): d is AppDatum => isObject(d) && typeof d.Key === "string")) {
    if (Value === "") merged.delete(Key);
    else merged.set(Key, Value);
  }
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/**
 * True when a change of custom fields names each key once: then the order it sets is plain. (A key
 * given twice in one call takes its last Value, but whether its first or last place counts is
 * not the contract's.)
 */
export const orderIsPlain = (change: unknown): boolean =>
  !Array.isArray(change) || new Set(change.map((d) => (isObject(d) ? d.Key : d))).size === change.length;

/** An entry as JSON; with `ordered` false, its custom fields sorted by key. */
function entryText(entry: InfoEntry, ordered: boolean): string {
  const data = Array.isArray(entry.AppDefinedData) ? [...(entry.AppDefinedData as AppDatum[])] : entry.AppDefinedData;
  if (!ordered && Array.isArray(data)) data.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  return JSON.stringify({ ...entry, AppDefinedData: data });
}

/** The entry read is the one wanted; custom fields in the order set unless `ordered` is false. */
export function expectEntry(got: InfoEntry, want: InfoEntry, what: string, ordered = true): void {
  if (entryText(got, ordered) !== entryText(want, ordered))
    throw new PropertyFailure(`${what}: get_group_info reads ${show(got, 3000)}, want ${show(want, 3000)}`);
}

/** JSON with the keys of every object sorted: the same value whatever the order of its keys. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** The schema faults of each profile field create_group and modify_group_base_info share. */
export const profileBreaks: fc.Arbitrary<Breaker>[] = [
  setField("Name", badName),
  ...(["Introduction", "Notification", "FaceUrl"] as const).map((name) => setField(name, badText(PROFILE_BYTES[name]))),
  setField("ApplyJoinOption", badJoinOption),
  setField("InviteJoinOption", badJoinOption),
  setField("AppDefinedData", badGroupAppData),
];

/** How the create model names its group: a fresh custom GroupId that suits the type, one that does not, or none. */
export type CreateIdKind = "custom" | "misfit" | "generated";

/**
 * A fresh GroupId of `kind` for a group of `type` (null: none, the service makes one). A misfit is
 * one create_group refuses (10015): a Community's without @TGS#_, with @TGS#_@TGS#, or @TGS#_
 * alone; another type's starting with @TGS# (a Community's prefix too).
 */
export function createIdOf(kind: CreateIdKind, type: string, pick: number): string | null {
  if (kind === "generated") return null;
  const community = type === "Community";
  if (kind === "custom") return uniqueGroupId(community ? `${COMMUNITY_PREFIX}fuzz-create` : "fuzz-create");
  const misfits = community
    ? [uniqueGroupId("fuzz-create"), uniqueGroupId(`${GENERATED_COMMUNITY_PREFIX}cfuzz`), COMMUNITY_PREFIX, "@TGS#2X"]
    : [uniqueGroupId(`${COMMUNITY_PREFIX}fuzz-create`), uniqueGroupId("@TGS#2fuzz"), GENERATED_PREFIX, "@TGS#_"];
  return misfits[pick % misfits.length]!;
}
