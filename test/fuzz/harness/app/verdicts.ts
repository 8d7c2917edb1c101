/**
 * The app level's oracles: what setnospeaking, getnospeaking and get_appid_group_list answer any body.
 */

import fc from "fast-check";
import type { Answer } from "../../../helpers";
import { goodUint32 } from "../arbitraries/accounts";
import { fieldJunk, junk, junkKey, leaf } from "../arbitraries/junk";
import { GROUP_TYPES } from "../arbitraries/members";
import { ABSENT, assemble, fieldValue } from "../bodies";
import { BODY_NOT_JSON, INVALID, OK, PERMANENT } from "../codes";
import { PropertyFailure, show } from "../harness";
import { isInt } from "../oracles/group";
import { type Field, isObject, isReason, shape } from "../specs/spec";
import {
  C2C_TIME_INVALID,
  GET_ACCOUNT_INVALID,
  GET_ACCOUNT_MISSING,
  GROUP_TIME_INVALID,
  given,
  isAccountId,
  isUint32,
  MAX_GROUP_LIST,
  NO_TIME_GIVEN,
  SET_ACCOUNT_INVALID,
  SET_ACCOUNT_MISSING,
  SETTING_NOT_JSON,
} from "./calls";

/** A refusal a body deserves: its code, and the field its ErrorInfo starts with (null: a body-wide fault). */
export interface Fault {
  code: number;
  field: string | null;
}
/**
 * What a body deserves: OK when `faults` is empty, else one of them (the brief orders none of
 * them when there are several). `tolerated` are refusals also accepted (see their comments).
 */
export interface Verdict {
  faults: Fault[];
  tolerated?: Fault[];
}

/** Checks an answer against the verdict of its body: the code, and the field that ErrorInfo names. */
export function expectVerdict(answer: Answer, verdict: Verdict, what: string): void {
  const { faults, tolerated = [] } = verdict;
  if (answer.ErrorCode === OK) {
    if (faults.length > 0)
      throw new PropertyFailure(`${what}: answered OK, want one of ${show(faults)}: ${show(answer)}`);
    return;
  }
  const fault = [...faults, ...tolerated].find(
    (f) => f.code === answer.ErrorCode && (f.field === null || answer.ErrorInfo.startsWith(`${f.field}: `)),
  );
  if (fault === undefined) {
    const want = faults.length === 0 ? "OK" : `one of ${show(faults)}`;
    throw new PropertyFailure(`${what}: want ${want} (ErrorInfo "<field>: ..." for a field): ${show(answer)}`);
  }
}

/**
 * setnospeaking's table: the account first needed, then each time, then at least one time. The
 * Reason extension has no code of Tencent's: a bad one is 10004 naming Reason. It is the schema's
 * last field, and zod answers the first field's fault in the schema's order, and checks that a
 * time is given (130008) only once every field passed: so a bad Reason is answered exactly when
 * no other field is wrong, and then whether or not a time is given.
 */
export function setNoSpeakingVerdict(body: Record<string, unknown> | null): Verdict {
  if (body === null) return { faults: [{ code: SETTING_NOT_JSON, field: null }] };
  const faults: Fault[] = [];
  if (!given(body, "Set_Account")) faults.push({ code: SET_ACCOUNT_MISSING, field: "Set_Account" });
  else if (!isAccountId(body.Set_Account)) faults.push({ code: SET_ACCOUNT_INVALID, field: "Set_Account" });
  const c2c = given(body, "C2CmsgNospeakingTime");
  const group = given(body, "GroupmsgNospeakingTime");
  if (c2c && !isUint32(body.C2CmsgNospeakingTime))
    faults.push({ code: C2C_TIME_INVALID, field: "C2CmsgNospeakingTime" });
  if (group && !isUint32(body.GroupmsgNospeakingTime))
    faults.push({ code: GROUP_TIME_INVALID, field: "GroupmsgNospeakingTime" });
  const badReason = given(body, "Reason") && !isReason(body.Reason);
  if (badReason && faults.length === 0) return { faults: [{ code: INVALID, field: "Reason" }] };
  if (!c2c && !group && !badReason) faults.push({ code: NO_TIME_GIVEN, field: null });
  return { faults };
}

export function getNoSpeakingVerdict(body: Record<string, unknown> | null): Verdict {
  if (body === null) return { faults: [{ code: SETTING_NOT_JSON, field: null }] };
  if (!given(body, "Get_Account")) return { faults: [{ code: GET_ACCOUNT_MISSING, field: "Get_Account" }] };
  return { faults: isAccountId(body.Get_Account) ? [] : [{ code: GET_ACCOUNT_INVALID, field: "Get_Account" }] };
}

export function groupListVerdict(body: Record<string, unknown> | null): Verdict {
  if (body === null) return { faults: [{ code: BODY_NOT_JSON, field: null }] };
  const faults: Fault[] = [];
  const tolerated: Fault[] = [];
  const limit = body.Limit;
  if (
    given(body, "Limit") &&
    !(Number.isInteger(limit) && (limit as number) >= 0 && (limit as number) <= MAX_GROUP_LIST)
  )
    faults.push({ code: INVALID, field: "Limit" });
  const next = body.Next;
  if (given(body, "Next")) {
    if (!(Number.isInteger(next) && (next as number) >= 0)) faults.push({ code: INVALID, field: "Next" });
    // Known deviation, reported: a Next past 2^53 - 1 (an integer, so a cursor past every group)
    // answers 10004 "Next: must be an integer" (zod's int() takes safe integers only).
    else if (!Number.isSafeInteger(next)) tolerated.push({ code: INVALID, field: "Next" });
  }
  // "" is GroupType left out.
  if (
    given(body, "GroupType") &&
    body.GroupType !== "" &&
    !(GROUP_TYPES as readonly unknown[]).includes(body.GroupType)
  )
    faults.push({ code: INVALID, field: "GroupType" });
  return { faults, tolerated };
}

/** What is wrong with an OK answer of get_appid_group_list to `body`, or null. */
export function groupListProblem(a: Answer, body: Record<string, unknown>): string | null {
  const keys = Object.keys(a).slice(3).join(",");
  if (keys !== "TotalCount,GroupIdList,Next") return `the answer's fields are ${keys}`;
  const why = shape(a, {
    TotalCount: (v) => isInt(v) && v >= 0,
    GroupIdList: (v) =>
      Array.isArray(v) &&
      v.every(
        (g) =>
          isObject(g) &&
          Object.keys(g).join(",") === "GroupId" &&
          typeof g.GroupId === "string" &&
          /^[\x21-\x7e]{1,48}$/.test(g.GroupId),
      ),
    // A number every SDK's 32-bit integer holds.
    Next: (v) => isInt(v) && v >= 0 && v < 2 ** 31,
  });
  if (why !== null) return why;
  const list = (a.GroupIdList as { GroupId: string }[]).map((g) => g.GroupId);
  const limit = body.Limit === undefined || body.Limit === 0 ? MAX_GROUP_LIST : (body.Limit as number);
  const total = a.TotalCount as number;
  const next = a.Next as number;
  const after = (body.Next ?? 0) as number;
  if (new Set(list).size !== list.length) return "GroupIdList lists a group twice";
  if (list.length > limit || list.length > total) return `GroupIdList holds ${list.length}, over Limit or TotalCount`;
  if (next !== 0 && (list.length !== limit || next <= after))
    return `Next ${next} on a page that is not full or does not move past Next ${after}`;
  if (after === 0 && (list.length !== Math.min(limit, total) || (next === 0) !== total <= limit))
    return `the first page holds ${list.length} of ${total} with Limit ${limit} and Next ${next}`;
  return null;
}

/** The seconds fields of setnospeaking, mostly those a model can follow. */
export const goodMuteSeconds = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 60, 3600, PERMANENT, PERMANENT - 1) },
  { weight: 1, arbitrary: goodUint32 },
);
/** Numbers as JSON text that JSON.stringify never writes: past a double, -0, a fraction that is whole. */
const NUMBER_TEXTS = [
  "1e400",
  "-1e400",
  "-0",
  "-0.0",
  "0.0",
  "0e5",
  "1E2",
  "100e-2",
  "4294967295.0",
  "4294967296.0",
  "1.0000000000000001",
  "9007199254740993",
  "18446744073709551615",
  "0.5e1",
  "1e-7",
] as const;

/**
 * Raw bodies for an app-level command whose fields are `fields`: JSON of whole junk (often no
 * object), of valid bodies, of valid bodies with one field bad, junk, null or absent, of objects
 * mixing all of those (any of them with extra keys); and text that is no JSON object or barely
 * is: cut short, a key given twice, a BOM or whitespace around, numbers JSON.stringify never
 * writes, JSON literals, random text and bytes.
 */
export function appBodyCases(fields: Field[]): fc.Arbitrary<string | Uint8Array> {
  const extras = fc.option(fc.dictionary(junkKey, junk, { maxKeys: 3 }), { nil: null, freq: 2 });
  const values = fields.map((f) => (f.optional === true ? fc.option(f.good, { nil: ABSENT, freq: 3 }) : f.good));
  const valid = fc.tuple(extras, ...values).map(([x, ...v]) => assemble(fields, v, x));
  const oneOff = fc.tuple(extras, fc.nat({ max: fields.length - 1 }), ...values).chain(([x, at, ...v]) =>
    fc.oneof(fields[at]!.bad, fieldJunk, fc.constantFrom<unknown>(ABSENT, null)).map((wrong) => {
      const broken = [...v];
      broken[at] = wrong;
      return assemble(fields, broken, x);
    }),
  );
  const mixed = fc
    .tuple(extras, ...fields.map((f) => fieldValue(f.good, f.bad)))
    .map(([x, ...v]) => assemble(fields, v, x));
  const json = fc
    .oneof(
      { weight: 1, arbitrary: junk },
      { weight: 3, arbitrary: valid },
      { weight: 3, arbitrary: oneOff },
      { weight: 3, arbitrary: mixed },
    )
    .map((body): string | Uint8Array => JSON.stringify(body));
  const validText = valid.map((b) => JSON.stringify(b));
  /** A valid body's text with `member` ("key":value) added at its end. */
  const withMember = (text: string, member: string) => `${text.slice(0, -1)}${text === "{}" ? "" : ","}${member}}`;
  const raw: fc.Arbitrary<string | Uint8Array> = fc.oneof(
    fc
      .tuple(validText, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }))
      .map(([text, at]) => text.slice(0, Math.floor(at * text.length))),
    fc
      .tuple(validText, fc.oneof(fc.constantFrom(...fields.map((f) => f.name)), junkKey), fc.oneof(junk, leaf))
      .map(([text, key, value]) => withMember(text, `${JSON.stringify(key)}:${JSON.stringify(value)}`)),
    fc
      .tuple(validText, fc.constantFrom(...fields.map((f) => f.name)), fc.constantFrom(...NUMBER_TEXTS))
      .map(([text, key, number]) => withMember(text, `${JSON.stringify(key)}:${number}`)),
    fc
      .tuple(validText, fc.constantFrom("\ufeff", " \n\t", "\r\n", "\ufeff\ufeff", "\u00a0"))
      .map(([text, pad]) => `${pad}${text}${pad === "\ufeff" ? "" : pad}`),
    fc.constantFrom("", " ", "null", "[]", "[{}]", '"{}"', "0", "true", "{}", "{,}", "{'a':1}", '{"a":1,}', "{}}"),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
    ),
    fc.uint8Array({ maxLength: 80 }) as fc.Arbitrary<Uint8Array>,
  );
  return fc.oneof({ weight: 3, arbitrary: json }, { weight: 1, arbitrary: raw });
}
