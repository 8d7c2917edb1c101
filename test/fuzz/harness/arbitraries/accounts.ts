/**
 * Accounts and numbers: good and bad accounts, lists of them, and uint32 values.
 */

import fc from "fast-check";
import { UINT32_MAX } from "../codes";
import { byteLength } from "../harness";
import { anyString, CONTROL, hugeString, junk, junkKey, nonArray, nonString, textString, wellFormed } from "./junk";

// ---------------------------------------------------------------------------------------------
// Field values: good ones (valid for the field) and bad ones (invalid for it, by construction)

const GOOD_ACCOUNTS = [
  "a",
  "b",
  "c",
  "pg_owner",
  "pg_admin",
  "用户",
  "x".repeat(32),
  "é".repeat(16),
  "😀".repeat(8),
  "a\u00a0b",
  "a\u00adb",
  "a\u2028b",
  "a b",
  "UPPER",
  "upper",
];
export const goodAccount = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GOOD_ACCOUNTS) },
  { weight: 1, arbitrary: textString.filter((s) => s.length > 0 && byteLength(s) <= 32 && !CONTROL.test(s)) },
);
/** Accounts of 1..32 bytes but for one control character (C0, DEL, C1). */
const controlAccount = fc.oneof(
  fc.constantFrom(
    "a\u0000b",
    "\n",
    "bob\n",
    "a\tb",
    "\r\n",
    "\u001f",
    "\u007f",
    "x\u0085",
    "\u009f",
    "admin\nTLS.userbuf:",
  ),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 0x9f }), fc.string({ maxLength: 10 }))
    .filter(([, code]) => code < 0x20 || code >= 0x7f)
    .map(([a, code, b]) => `${a}${String.fromCharCode(code)}${b}`)
    .filter((s) => wellFormed(s) && byteLength(s) <= 32),
);
export const badAccount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nonString },
  { weight: 2, arbitrary: fc.constantFrom("", "x".repeat(33), "é".repeat(17), "😀".repeat(9), "\ud800", "a\udfff") },
  { weight: 2, arbitrary: controlAccount },
  { weight: 1, arbitrary: hugeString },
);

export const distinctAccounts = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
export const goodAccountList = fc.oneof(
  { weight: 10, arbitrary: fc.array(goodAccount, { minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant(distinctAccounts(500)) },
);
/** Invalid as a list of 1..500 accounts. */
export const badAccountList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc
    .tuple(fc.array(goodAccount, { maxLength: 3 }), badAccount, fc.array(goodAccount, { maxLength: 3 }))
    .map(([a, x, b]) => [...a, x, ...b]),
  fc.constant(distinctAccounts(501)),
);

export const goodUint32 = fc.oneof(
  fc.constantFrom(0, 1, 60, 4294967294, UINT32_MAX),
  fc.nat(),
  fc.integer({ min: 0, max: UINT32_MAX }),
);
/** Not an integer in 0..4294967295, even after JSON (no -0, no integral doubles in range). */
export const badUint32: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(-1, 1.5, 4294967296, 2 ** 53, -(2 ** 53), 0.1, -0.5, 1e308, 5e-324) },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((d) => !Number.isInteger(d) || d < 0 || d > UINT32_MAX),
  },
  { weight: 1, arbitrary: fc.integer({ max: -1 }) },
  { weight: 2, arbitrary: fc.oneof(anyString, fc.constantFrom("0", "1", "60")) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.boolean(),
      fc.constant(null),
      fc.array(junk, { maxLength: 2 }),
      fc.dictionary(junkKey, junk, { maxKeys: 2 }),
    ),
  },
);
export const badBounded = (min: number, max: number) =>
  fc.oneof(badUint32, fc.constantFrom(min - 1, max + 1, UINT32_MAX));
