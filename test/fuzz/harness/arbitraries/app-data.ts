/**
 * A member's custom data, MsgFlag and NameCard, and the Next of a page: good values and bad ones.
 */

import fc from "fast-check";
import { byteLength } from "../harness";
import { anyString, hugeString, nonArray, nonString, textString } from "./junk";
import { notBlank } from "./members";

/**
 * The custom member keys the fuzzing sets: five, so that no member ever holds more than the five
 * a member may (a sixth key would answer 10004 to a body the schema accepts).
 */
export const APP_KEYS = ["level", "nick", "__proto__", "constructor", "K_sixteen_chars_"] as const;
export const setAppKey = fc.constantFrom(...APP_KEYS);
/** Keys a filter may name: any 1..16 of [A-Za-z0-9_]. */
const goodAppKey = fc.oneof(
  { weight: 3, arbitrary: setAppKey },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,16}$/) },
);
export const badAppKey: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("", "bad key", "x".repeat(17), "é", "a-b", "a.b", "level ", "\ud800", "键"),
  anyString.filter((s) => !/^[A-Za-z0-9_]{1,16}$/.test(s)),
);
/** A member holds at most five keys, so a filter names at most five (repeats included). */
export const goodAppKeyFilter = fc.array(goodAppKey, { maxLength: 5 });
export const badAppKeyFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.tuple(fc.array(goodAppKey, { maxLength: 2 }), badAppKey).map(([a, x]) => [...a, x]),
  fc.array(goodAppKey, { minLength: 6, maxLength: 9 }),
);

/** "" clears a value; else 1..64 bytes. */
const goodAppValue = fc.oneof(
  fc.constantFrom("", "7", "x".repeat(64), "é".repeat(32), "😀".repeat(16), "a\u0000b"),
  textString.filter((s) => byteLength(s) <= 64),
);
const badAppValue: fc.Arbitrary<unknown> = fc.oneof(
  // Null is absent here too: a missing Value.
  nonString,
  fc.constantFrom("x".repeat(65), "é".repeat(33), "😀".repeat(17), "\ud800", "a\udfff"),
  hugeString,
);
export const goodAppData = fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { maxLength: 5 });
const badAppDatum: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "level", true, [], ["level", "7"], {}),
  fc.record({ Key: badAppKey, Value: goodAppValue }),
  fc.record({ Key: setAppKey, Value: badAppValue }),
  fc.record({ Key: setAppKey }),
  fc.record({ Value: goodAppValue }),
);
export const badAppData: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc
    .tuple(fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { maxLength: 2 }), badAppDatum)
    .map(([a, x]) => [...a, x]),
  // Six at once: over the five a call may set.
  fc.array(fc.record({ Key: setAppKey, Value: goodAppValue }), { minLength: 6, maxLength: 8 }),
);

export const MSG_FLAGS = ["AcceptAndNotify", "AcceptNotNotify", "Discard", "AcceptNotNotifyExceptAt"] as const;
export const goodMsgFlag = fc.constantFrom(...MSG_FLAGS);
/** Of MsgFlag, which is optional. */
export const badMsgFlag: fc.Arbitrary<unknown> = notBlank(
  fc.oneof(
    nonString,
    fc.constantFrom("acceptandnotify", "Discard ", "Loud", "AcceptAndNotify\u0000"),
    anyString.filter((s) => !(MSG_FLAGS as readonly string[]).includes(s)),
  ),
);

/** "" clears the name card; else 1..50 bytes. */
export const goodNameCard = fc.oneof(
  fc.constantFrom("", "Ann", "x".repeat(50), "é".repeat(25), "😀".repeat(12), "a\u0000b", "名片"),
  textString.filter((s) => byteLength(s) <= 50),
);
export const badNameCard: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("x".repeat(51), "é".repeat(26), "😀".repeat(13), "\ud800", "a\udfff"),
  hugeString,
);

/**
 * Next pages a Community: "" or digits (the Next of an earlier page). Other groups ignore it, so
 * only those strings are good everywhere; other text is bad in a Community only.
 */
export const goodNext = fc.constantFrom("", "0", "1", "2", "3", "007", "100", "9999999999");
export const badNext: fc.Arbitrary<unknown> = fc.oneof(
  nonString,
  fc.constantFrom("x", "-1", "1.5", " 1", "1 ", "99999999999", "１", "\ud800", "0x1"),
  anyString.filter((s) => !/^\d{0,10}$/.test(s)),
);

/** Not a string and not null (null is absent: no fault in an optional field). */
export const nonStringValue = nonString.filter((v) => v !== null);
/** Not an array and not null. */
export const nonArrayValue = nonArray.filter((v) => v !== null);
