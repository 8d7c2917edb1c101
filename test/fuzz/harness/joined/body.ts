/**
 * get_joined_group_list: any body gets the verdict of its fields.
 */

import fc from "fast-check";
import { callRaw, given, isAccountId, showRaw, wireObject } from "../app/calls";
import { appBodyCases, expectVerdict, type Fault, type Verdict } from "../app/verdicts";
import { badAccount, badBounded, badUint32, goodAccount } from "../arbitraries/accounts";
import { textString, wellFormed } from "../arbitraries/junk";
import { badType, GROUP_TYPES, goodType } from "../arbitraries/members";
import { badFlag, goodFlag } from "../arbitraries/messages";
import { BODY_NOT_JSON, INVALID, OK, UINT32_MAX } from "../codes";
import { PropertyFailure, runProperty, show } from "../harness";
import { isInt } from "../oracles/group";
import type { Property } from "../property";
import { isObject } from "../specs/spec";

// ---------------------------------------------------------------------------------------------
// get_joined_group_list: any body, and a model of who is in which group

/** get_joined_group_list's largest page, and the page of a call without Limit (or with 0). */
export const MAX_JOINED_PAGE = 5000;
const JOINED_FLAGS = ["WithHugeGroups", "WithNoActiveGroups", "SupportTopic"] as const;
const goodFilterNames = fc.array(
  fc.oneof(
    fc.constantFrom("Type", "Name", "MemberNum", "ShutUpAllMember", "Role", "JoinTime", "MuteUntil"),
    textString,
  ),
  { maxLength: 5 },
);
const goodJoinedFilter = fc.record(
  { GroupBaseInfoFilter: goodFilterNames, SelfInfoFilter: goodFilterNames },
  { requiredKeys: [] },
);
const badJoinedFilter: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom([], "Name", 1, true),
  fc.record({ GroupBaseInfoFilter: fc.constantFrom("Name", 1, {}, [1], ["\ud800"]) }),
  fc.record({ SelfInfoFilter: fc.constant(Array.from({ length: 65 }, () => "Role")) }),
);

/** The faults of a ResponseFilter (each filter: an array of at most 64 well-formed strings), by the path named. */
function joinedFilterFaults(filter: unknown): Fault[] {
  if (!isObject(filter)) return [{ code: INVALID, field: "ResponseFilter" }];
  const faults: Fault[] = [];
  for (const name of ["GroupBaseInfoFilter", "SelfInfoFilter"]) {
    const list = filter[name];
    const at = `ResponseFilter.${name}`;
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      faults.push({ code: INVALID, field: at });
      continue;
    }
    if (list.length > 64) faults.push({ code: INVALID, field: at });
    const bad = list.findIndex((s) => typeof s !== "string" || !wellFormed(s));
    if (bad >= 0) faults.push({ code: INVALID, field: `${at}[${bad}]` });
  }
  return faults;
}

/** get_joined_group_list's fields: Member_Account required, the rest optional. */
function joinedListVerdict(body: Record<string, unknown> | null): Verdict {
  if (body === null) return { faults: [{ code: BODY_NOT_JSON, field: null }] };
  const faults: Fault[] = [];
  if (!isAccountId(body.Member_Account)) faults.push({ code: INVALID, field: "Member_Account" });
  const limit = body.Limit;
  if (given(body, "Limit") && !(isInt(limit) && limit >= 0 && limit <= MAX_JOINED_PAGE))
    faults.push({ code: INVALID, field: "Limit" });
  const offset = body.Offset;
  if (given(body, "Offset") && !(isInt(offset) && offset >= 0 && offset <= UINT32_MAX))
    faults.push({ code: INVALID, field: "Offset" });
  if (given(body, "GroupType") && !([...GROUP_TYPES, ""] as unknown[]).includes(body.GroupType))
    faults.push({ code: INVALID, field: "GroupType" });
  for (const flag of JOINED_FLAGS)
    if (given(body, flag) && body[flag] !== 0 && body[flag] !== 1) faults.push({ code: INVALID, field: flag });
  if (given(body, "ResponseFilter")) faults.push(...joinedFilterFaults(body.ResponseFilter));
  return { faults };
}

/**
 * get_joined_group_list with any body (the demo app, whose groups the other properties fill): the
 * envelope, 60003 for no JSON object, 10004 naming the field; an OK answer has TotalCount and
 * GroupIdList (no longer than Limit, 5000 for 0 or none), each entry a GroupId first.
 */
export const joinedListBodyProperty: Property = {
  name: "get_joined_group_list: any body answers the envelope with a code of its class, or a page",
  weight: 1,
  run: ({ world }, numRuns) => {
    const cases = appBodyCases([
      { name: "Member_Account", good: goodAccount, bad: badAccount },
      {
        name: "Limit",
        good: fc.constantFrom(0, 1, 2, MAX_JOINED_PAGE),
        bad: badBounded(0, MAX_JOINED_PAGE),
        optional: true,
      },
      { name: "Offset", good: fc.oneof(fc.nat({ max: 5 }), fc.constant(UINT32_MAX)), bad: badUint32, optional: true },
      { name: "GroupType", good: fc.oneof(goodType, fc.constant("")), bad: badType, optional: true },
      ...JOINED_FLAGS.map((name) => ({ name, good: goodFlag, bad: badFlag, optional: true })),
      { name: "ResponseFilter", good: goodJoinedFilter, bad: badJoinedFilter, optional: true },
    ]);
    return runProperty(cases, numRuns, async (raw) => {
      world.clock.advance(1);
      const body = wireObject(raw);
      const answer = await callRaw("get_joined_group_list", raw, {});
      const what = `get_joined_group_list ${showRaw(raw)}`;
      expectVerdict(answer, joinedListVerdict(body), what);
      if (answer.ErrorCode !== OK || body === null) return;
      const limit = body.Limit === undefined || body.Limit === 0 ? MAX_JOINED_PAGE : (body.Limit as number);
      const list = answer.GroupIdList as unknown;
      const why =
        Object.keys(answer).slice(3).join(",") !== "TotalCount,GroupIdList"
          ? "its fields"
          : !isInt(answer.TotalCount) || answer.TotalCount < 0
            ? "TotalCount"
            : !Array.isArray(list) || list.length > limit
              ? "GroupIdList's length"
              : !list.every((g) => isObject(g) && Object.keys(g)[0] === "GroupId" && typeof g.GroupId === "string")
                ? "an entry without its GroupId first"
                : null;
      if (why !== null) throw new PropertyFailure(`${what}: OK answer: ${why}: ${show(answer, 1000)}`);
    });
  },
};
