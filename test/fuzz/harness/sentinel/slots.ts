/**
 * How a write aimed at the sentinel is broken (its slots), and what every sentinel write shares.
 */

import fc from "fast-check";
import { anyTopicIdShape, badTopicId, nearMiss } from "../arbitraries/ids";
import { bodyBytes } from "../arbitraries/messages";
import { badText, PROFILE_BYTES } from "../arbitraries/profile";
import { INVALID, MALFORMED_ID, MAX_BODY_BYTES, MSG_TOO_LONG, NO_GROUP, NO_TOPICS } from "../codes";
import { S, TOPIC_MARK, type World } from "../world";

/**
 * How a break makes a body fail: "schema", a field the schema refuses (10004); "size", a valid
 * message over 12 KiB (80002); "object", a value only the group refuses (10004 when it exists);
 * "group", a GroupId that is not the sentinel's (then 10015/10010 are fair too); "topic", a
 * well-formed TopicId, which the sentinel (no Community with topics) refuses first (11000).
 */
type BreakKind = "schema" | "size" | "object" | "group" | "topic";
/** Breaks a body; answers its kind when it is not its slot's. */
export type Breaker = (body: Record<string, unknown>) => BreakKind | undefined;

interface Slot {
  /** Makes the body invalid (in this slot's fields only). */
  breaks: fc.Arbitrary<Breaker>;
  /** The kind of this slot's breaks, unless a break says otherwise: "schema" by default. */
  kind?: BreakKind;
}

/** A break of another kind than its slot's. */
export const asKind = (kind: BreakKind, breaks: fc.Arbitrary<Breaker>): fc.Arbitrary<Breaker> =>
  breaks.map((f) => (b: Record<string, unknown>) => {
    f(b);
    return kind;
  });

/** The codes a body broken in these ways may get. */
export function brokenCodes(kinds: BreakKind[], body: unknown): number[] {
  // Over 1 MiB: refused before it is parsed.
  if (bodyBytes(body) > MAX_BODY_BYTES) return [INVALID];
  const schema = kinds.includes("schema");
  const size = kinds.includes("size") && !schema;
  if (kinds.includes("group"))
    return size ? [INVALID, MALFORMED_ID, NO_GROUP, MSG_TOO_LONG] : [INVALID, MALFORMED_ID, NO_GROUP];
  if (size) return [MSG_TOO_LONG];
  return kinds.every((k) => k === "topic") ? [NO_TOPICS] : [INVALID];
}

export const setField = (
  name: string,
  value: fc.Arbitrary<unknown>,
  alsoDelete: string[] = [],
): fc.Arbitrary<Breaker> =>
  // A member sent as null is absent (docs/api.md, "Body"): for an optional field that is no break.
  value
    .filter((v) => v !== null)
    .map((v) => (b: Record<string, unknown>) => {
      for (const d of alsoDelete) delete b[d];
      b[name] = v;
      return undefined;
    });
/** A breaker from a function that changes the body in place. */
export const change = (f: (b: Record<string, unknown>) => void): fc.Arbitrary<Breaker> =>
  fc.constant((b: Record<string, unknown>) => {
    f(b);
    return undefined;
  });

export interface SentinelWrite {
  command: string;
  /** A valid body that would change the sentinel. */
  base: fc.Arbitrary<Record<string, unknown>>;
  /** Independent ways to break it; the property breaks at least one. */
  slots: Slot[];
  fieldNames: string[];
}

/** modify_group_member_info's names for the mute; a body gives at most one. */
export const MUTE_NAMES = ["MuteTime", "ShutUpTime", "ShutUpUntil"] as const;

/** What every sentinel write shares: its GroupId, the slots that break one, its accounts. */
export function sentinelSlots(world: World) {
  const id = world.sentinel.id;
  const groupSlot: Slot = { breaks: setField("GroupId", nearMiss(id)), kind: "group" };
  const topicSlot: Slot = {
    breaks: fc.oneof(
      setField("TopicId", badTopicId),
      asKind("topic", setField("TopicId", fc.oneof(fc.constant(`${id}${TOPIC_MARK}x`), anyTopicIdShape))),
    ),
  };
  const members = fc.constantFrom(S.owner, S.admin, ...S.members, S.muted, S.ghost, "newcomer");
  const profileTextSlots = (["Introduction", "Notification", "FaceUrl"] as const).map(
    (name): Slot => ({ breaks: setField(name, badText(PROFILE_BYTES[name])) }),
  );
  return { id, groupSlot, topicSlot, members, profileTextSlots };
}
export type SentinelSlots = ReturnType<typeof sentinelSlots>;
