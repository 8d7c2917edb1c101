/**
 * GroupIds and TopicIds: malformed ones, any TopicId's shape, and near-misses of a GroupId.
 */

import fc from "fast-check";
import { TOPIC_MARK } from "../world";
import { nonStringValue } from "./app-data";
import { anyString, hugeString, nonString } from "./junk";

/** Strings that are no GroupId at all: 10015 wherever one is needed. */
export const malformedGroupId = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a b",
    "x".repeat(49),
    "群",
    "\u0000",
    "a\n",
    "\ud800",
    "fuzz\u200bsentinel",
    " fuzz-absent",
  ),
  anyString.filter((s) => !/^[\x21-\x7e]{1,48}$/.test(s)),
  hugeString,
);
export const badGroupId = fc.oneof(malformedGroupId, nonString);

/** The longest TopicId: the GroupId, "@TOPIC#_" and the rest together. */
const MAX_TOPIC_ID = 96;
/** What every command takes as a TopicId: 1..96 printable ASCII characters holding "@TOPIC#_" (else 10004). */
const isTopicIdShape = (v: unknown): v is string =>
  typeof v === "string" && v.length <= MAX_TOPIC_ID && /^[\x21-\x7e]+$/.test(v) && v.includes(TOPIC_MARK);
const printableAscii = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
/** Shaped as a TopicId, of no group in particular (the part before "@TOPIC#_" may even be empty). */
export const anyTopicIdShape = fc.oneof(
  fc.tuple(printableAscii(40), printableAscii(40)).map(([a, b]) => `${a}${TOPIC_MARK}${b}`),
  fc.constantFrom(
    TOPIC_MARK,
    `${TOPIC_MARK}${TOPIC_MARK}`,
    `${"x".repeat(MAX_TOPIC_ID - TOPIC_MARK.length)}${TOPIC_MARK}`,
  ),
);
/** No TopicId (never null, which is absent). */
export const badTopicId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: nonStringValue },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      "x",
      "@TOPIC#",
      "@TOPIC#x",
      "g@topic#_x",
      "g@TOPIC# _x",
      "g @TOPIC#_x",
      "g@TOPIC#_x ",
      "é@TOPIC#_x",
      "\ud800@TOPIC#_x",
      "g@TOPIC#_\u0000",
      "g\n@TOPIC#_x",
      `${"x".repeat(MAX_TOPIC_ID - TOPIC_MARK.length + 1)}${TOPIC_MARK}`,
    ),
  },
  { weight: 1, arbitrary: anyString.filter((v) => !isTopicIdShape(v)) },
  { weight: 1, arbitrary: hugeString },
);

/** GroupIds that differ from the sentinel's by little; never the sentinel's own. */
export function nearMiss(id: string): fc.Arbitrary<unknown> {
  const confusable = id.replace("e", "\u0435"); // Cyrillic е
  return fc.constantFrom<unknown>(
    `${id} `,
    ` ${id}`,
    `${id}\u0000`,
    `${id}\n`,
    `\ufeff${id}`,
    `${id}\u200b`,
    confusable,
    id.toUpperCase(),
    id.slice(0, -1),
    `${id}x`,
    id.padEnd(49, "x"),
    [id],
    { GroupId: id },
    null,
  );
}
