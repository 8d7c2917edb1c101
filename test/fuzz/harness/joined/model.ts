/**
 * get_joined_group_list: a model of who is in which group.
 */

import fc from "fast-check";
import { callNow, listedAs, secondApp } from "../app/calls";
import { NO_GROUP, OK } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { MAX_JOINED_PAGE } from "./body";

type JoinedStep =
  | { kind: "add" | "remove"; who: number; group: number }
  | { kind: "destroy"; group: number }
  | { kind: "advance" }
  | { kind: "list"; who: number; limit: number | null; offset: number; type: string | null };

/**
 * Sequences of add_group_member, delete_group_member, destroy_group, clock moves and
 * get_joined_group_list (a random Limit, Offset and GroupType) over three fresh accounts and a
 * Public, a ChatRoom and a Meeting group of the case (SECOND_APP), against a model of who joined
 * which group when: every answer's TotalCount is the account's live groups of the type asked
 * (Meeting listed as ChatRoom), and the page is Limit of them from Offset, the latest joined first
 * (then by GroupId, descending). A destroyed group leaves every list; the index is read right
 * after each call (each tells it before answering), with no alarm run.
 */
export const joinedModelProperty: Property = {
  name: "model: get_joined_group_list lists each account's groups, the latest joined first, by type",
  weight: 0.25,
  run: ({ world }, numRuns) => {
    const o = secondApp(world);
    const TYPES = ["Public", "ChatRoom", "Meeting"] as const;
    const step: fc.Arbitrary<JoinedStep> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constantFrom("add" as const, "remove" as const),
          who: fc.nat({ max: 2 }),
          group: fc.nat({ max: 2 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("destroy" as const), group: fc.nat({ max: 2 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("advance" as const) }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("list" as const),
          who: fc.nat({ max: 2 }),
          limit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
          offset: fc.nat({ max: 3 }),
          type: fc.option(fc.constantFrom("Public", "ChatRoom", "Meeting"), { nil: null }),
        }),
      },
    );
    return runProperty(fc.array(step, { minLength: 1, maxLength: 14 }), numRuns, async (steps) => {
      world.clock.advance(1);
      const tag = crypto.randomUUID().slice(0, 8);
      const who = [0, 1, 2].map((i) => `jm-${tag}-${i}`);
      const groups: string[] = [];
      for (const Type of TYPES) {
        const made = await callNow("create_group", { Type, Name: "joined model", GroupId: `jm-${tag}-${Type}` }, o);
        expectCode(made, [OK], `create_group ${Type}`);
        groups.push(made.GroupId as string);
      }
      const live = new Set(groups);
      /** account → GroupId → JoinTime. */
      const joinedAt = who.map(() => new Map<string, number>());
      const log: string[] = [];
      for (const s of steps) {
        log.push(show(s));
        const what = `${s.kind} after ${log.join("; ")}`;
        if (s.kind === "advance") world.clock.advance(1);
        else if (s.kind === "destroy") {
          const id = groups[s.group]!;
          expectCode(await callNow("destroy_group", { GroupId: id }, o), [live.has(id) ? OK : NO_GROUP], what);
          live.delete(id);
          for (const m of joinedAt) m.delete(id);
        } else if (s.kind === "add" || s.kind === "remove") {
          const id = groups[s.group]!;
          const account = who[s.who]!;
          const answer =
            s.kind === "add"
              ? await callNow("add_group_member", { GroupId: id, MemberList: [{ Member_Account: account }] }, o)
              : await callNow("delete_group_member", { GroupId: id, MemberToDel_Account: [account] }, o);
          expectCode(answer, [live.has(id) ? OK : NO_GROUP], what);
          if (!live.has(id)) continue;
          const mine = joinedAt[s.who]!;
          if (s.kind === "remove") mine.delete(id);
          else if (!mine.has(id)) mine.set(id, world.clock.now);
        } else if (s.kind === "list") {
          const body = {
            Member_Account: who[s.who],
            Offset: s.offset,
            ...(s.limit === null ? {} : { Limit: s.limit }),
            ...(s.type === null ? {} : { GroupType: s.type }),
          };
          const answer = await callNow("get_joined_group_list", body, o);
          const kind = s.type === null ? null : listedAs(s.type);
          const want = [...joinedAt[s.who]!]
            .filter(([id]) => kind === null || listedAs(TYPES[groups.indexOf(id)]!) === kind)
            .sort(([a, at], [b, bt]) => bt - at || (b > a ? 1 : b < a ? -1 : 0))
            .map(([id]) => id);
          const limit = s.limit === null || s.limit === 0 ? MAX_JOINED_PAGE : s.limit;
          const page = want.slice(s.offset, s.offset + limit).map((GroupId) => ({ GroupId }));
          const expected = {
            ActionStatus: "OK",
            ErrorCode: OK,
            ErrorInfo: "",
            TotalCount: want.length,
            GroupIdList: page,
          };
          if (JSON.stringify(answer) !== JSON.stringify(expected))
            throw new PropertyFailure(`${what}: answered ${show(answer)}, want ${show(expected)}`);
        }
      }
      for (const id of live) await callNow("destroy_group", { GroupId: id }, o);
    });
  },
};
