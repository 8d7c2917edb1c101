/**
 * The command specs of the ban commands and of the group attributes.
 */

import fc from "fast-check";
import type { Answer } from "../../../helpers";
import { isUint32 } from "../app/calls";
import {
  badAccountList,
  badBounded,
  badUint32,
  distinctAccounts,
  goodAccount,
  goodUint32,
} from "../arbitraries/accounts";
import { nonArrayValue } from "../arbitraries/app-data";
import { junk, textString } from "../arbitraries/junk";
import { badText, goodText } from "../arbitraries/profile";
import type { Attr } from "../bodies";
import {
  ATTR_CODES,
  ATTR_KEY_TOO_LONG,
  ATTR_VALUE_TOO_LONG,
  ATTR_WRITES_TOO_FREQUENT,
  NOT_ALLOWED,
  TOO_MANY,
  UINT32_MAX,
} from "../codes";
import { byteLength, show } from "../harness";
import { isInt } from "../oracles/group";
import { type CommandSpec, type Field, isObject } from "./spec";

/** get_group_attr's service. */
export const ATTR_SERVICE = "group_open_attr_http_svc";

/**
 * The ban commands (10005 past 20 distinct accounts; 10007 in a BChatRoom, or naming the owner) and
 * the group attributes (10045 and 10046 from the schema; 16 keys, 16 KB and 5 writes a second from
 * the group: 10047, 10048, 10049). Bans land on the playgrounds' accounts, never on PG_KEPT.
 */
export function banAndAttrSpecs(c: {
  readIds: fc.Arbitrary<unknown>;
  writeIds: fc.Arbitrary<unknown>;
  readBase: number[];
  writeBase: number[];
}): CommandSpec[] {
  const envelopeOnly = (a: Answer) =>
    Object.keys(a).length === 3 ? null : "an OK answer carries more than the envelope";
  const banList: Field = {
    name: "Members_Account",
    good: fc.oneof(
      { weight: 10, arbitrary: fc.array(goodAccount, { minLength: 1, maxLength: 8 }) },
      { weight: 1, arbitrary: fc.constant([...distinctAccounts(20), ...distinctAccounts(20)]) },
    ),
    bad: fc.oneof(badAccountList, fc.constant(distinctAccounts(21))),
  };
  const attrKey = fc.oneof(
    fc.constantFrom("k", "seat1", "__proto__", "x".repeat(32), "é".repeat(16), "😀".repeat(8)),
    textString.filter((k) => k !== "" && byteLength(k) <= 32),
  );
  const attrValue = fc.oneof(goodText(200), fc.constantFrom("v".repeat(4000), "é".repeat(2000)));
  const badAttr: fc.Arbitrary<unknown> = fc.oneof(
    junk,
    fc.constantFrom({ key: "", value: "v" }, { key: "k" }, { value: "v" }, { key: "k", value: 1 }),
    fc.constantFrom({ key: "k".repeat(33), value: "v" }, { key: "k", value: "v".repeat(4001) }),
  );
  const attrList: Field = {
    name: "GroupAttr",
    good: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.array(fc.record({ key: attrKey, value: attrValue }), { minLength: 1, maxLength: 6 }),
      },
      { weight: 1, arbitrary: fc.constant(distinctAccounts(17, "k").map((key) => ({ key, value: "v" }))) },
    ),
    bad: fc.oneof(
      nonArrayValue,
      fc.constant([]),
      fc
        .tuple(fc.array(fc.record({ key: attrKey, value: attrValue }), { maxLength: 2 }), badAttr)
        .map(([a, x]) => [...a, x]),
      fc.constant(Array.from({ length: 161 }, () => ({ key: "k", value: "v" }))),
    ),
  };
  /** A valid GroupAttr is never refused for a key's or value's size: those are the schema's. */
  const attrValid = (_: unknown, codes: readonly number[]) =>
    codes.filter((code) => code !== ATTR_KEY_TOO_LONG && code !== ATTR_VALUE_TOO_LONG);
  const attrWriteCodes = [...c.writeBase, ...ATTR_CODES];
  return [
    {
      name: "ban_group_member",
      codes: [...c.writeBase, TOO_MANY],
      groupIds: c.writeIds,
      fields: [
        banList,
        {
          name: "Duration",
          good: fc.oneof(fc.constantFrom(1, 60, UINT32_MAX - 1, UINT32_MAX), fc.integer({ min: 1, max: UINT32_MAX })),
          bad: fc.oneof(badUint32, fc.constant(0)),
        },
        { name: "Description", good: goodText(1000), bad: badText(1000), optional: true },
      ],
      okShape: envelopeOnly,
    },
    {
      name: "unban_group_member",
      codes: [...c.writeBase, TOO_MANY],
      groupIds: c.writeIds,
      fields: [banList],
      okShape: envelopeOnly,
    },
    {
      name: "get_group_ban_member",
      // 10007: a BChatRoom has no bans.
      codes: [...c.readBase, NOT_ALLOWED],
      groupIds: c.readIds,
      fields: [
        {
          name: "Limit",
          good: fc.oneof(fc.constantFrom(1, 20, 100), fc.integer({ min: 1, max: 100 })),
          bad: badBounded(1, 100),
          optional: true,
        },
        { name: "Offset", good: goodUint32, bad: badUint32 },
      ],
      okShape: (a, body) => {
        const keys = Object.keys(a).slice(3).join(",");
        if (keys !== "BannedAccountList,NextOffset") return `the answer's fields are ${keys}`;
        const list = a.BannedAccountList as unknown[];
        const limit = typeof body.Limit === "number" ? body.Limit : 20;
        if (!Array.isArray(list) || list.length > limit) return `BannedAccountList is no array of at most ${limit}`;
        const entry = (e: unknown) =>
          isObject(e) &&
          Object.keys(e).join(",") === "BannedUntil,Member_Account" &&
          isUint32(e.BannedUntil) &&
          typeof e.Member_Account === "string";
        if (!list.every(entry)) return "an entry is not {BannedUntil, Member_Account}";
        // Past the Offset given, or 0 once nothing is left.
        const next = a.NextOffset;
        return isInt(next) && (next === 0 || next > (body.Offset as number)) ? null : `NextOffset ${show(next)}`;
      },
    },
    {
      name: "get_group_attr",
      service: ATTR_SERVICE,
      codes: c.readBase,
      groupIds: c.readIds,
      fields: [],
      okShape: (a) => {
        const keys = Object.keys(a).slice(3).join(",");
        if (keys !== "GroupAttrAry") return `the answer's fields are ${keys}`;
        const list = a.GroupAttrAry as unknown[];
        const ok =
          Array.isArray(list) &&
          list.length <= 16 &&
          list.every((e) => isObject(e) && typeof e.key === "string" && typeof e.value === "string") &&
          new Set(list.map((e) => (e as Attr).key)).size === list.length;
        return ok ? null : "GroupAttrAry is not at most 16 distinct {key, value}";
      },
    },
    {
      name: "modify_group_attr",
      codes: attrWriteCodes,
      groupIds: c.writeIds,
      fields: [attrList],
      validCodes: attrValid,
      okShape: envelopeOnly,
    },
    {
      name: "set_group_attr",
      codes: attrWriteCodes,
      groupIds: c.writeIds,
      fields: [attrList],
      validCodes: attrValid,
      okShape: envelopeOnly,
    },
    {
      name: "clear_group_attr",
      codes: [...c.readBase, ATTR_WRITES_TOO_FREQUENT],
      groupIds: c.writeIds,
      fields: [],
      okShape: envelopeOnly,
    },
  ];
}
