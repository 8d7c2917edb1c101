/**
 * The model of the directory: get_appid_group_list pages through creates and destroys.
 */

import fc from "fast-check";
import { callNow, listedAs, MAX_GROUP_LIST, unlimitedApp } from "./app/calls";
import { GROUP_TYPES, goodType } from "./arbitraries/members";
import { customIdRefused, isGeneratedId } from "./arbitraries/profile";
import { MALFORMED_ID, NO_GROUP, OK, TAKEN } from "./codes";
import { expectCode, PropertyFailure, runProperty, show } from "./harness";
import type { Property } from "./property";
import { COMMUNITY_PREFIX } from "./world";

type DirectoryStep =
  | { kind: "create"; type: string; id: number | null; misfit: boolean }
  | { kind: "destroy"; id: number }
  | { kind: "list"; limit: number | null; type: string | null };

/**
 * Sequences of create_group (every type, custom GroupIds of a small pool, reused after a destroy,
 * or generated ones; a Community's custom GroupId starts with @TGS#_, and now and then a GroupId of
 * the other kind is refused with 10015, changing nothing; a generated one is @TGS#, the type's tag
 * and 8 of [A-Z0-9], a Community's @TGS#_@TGS#c and 11), destroy_group and get_appid_group_list
 * paged to its end with a random Limit
 * and GroupType (UNLIMITED_APP), against a model of the list: the pages put together are the
 * groups listed before the case, then the case's live groups in creation order (one created
 * again comes last), of the type asked (Work listed as Private, Meeting as ChatRoom, under either
 * name); every page's TotalCount is their number; each page but the last is Limit long, and only
 * the last answers Next 0. Taking a live GroupId is 10021, destroying a gone one 10010, and
 * neither changes the list. The case's groups are destroyed at its end.
 */
export const directoryModelProperty: Property = {
  name: "model: get_appid_group_list pages through the app's groups in creation order, by type",
  weight: 0.25,
  run: ({ world }, numRuns) => {
    const o = unlimitedApp(world);
    const tag = crypto.randomUUID().slice(0, 6);
    let round = 0;
    const POOL = 3;
    const step: fc.Arbitrary<DirectoryStep> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("create" as const),
          type: goodType,
          id: fc.option(fc.nat({ max: POOL - 1 }), { nil: null, freq: 4 }),
          // A custom GroupId of the other kind: a Community's without @TGS#_, another type's with it.
          misfit: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("destroy" as const), id: fc.nat({ max: 2 * POOL + 2 }) }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant("list" as const),
          limit: fc.oneof(fc.constantFrom(null, 0, MAX_GROUP_LIST), fc.integer({ min: 1, max: 4 })),
          type: fc.option(goodType, { nil: null, freq: 2 }),
        }),
      },
    );
    const list = (type: string | null, limit: number | null, next: number) =>
      callNow(
        "get_appid_group_list",
        {
          ...(limit === null ? {} : { Limit: limit }),
          ...(next === 0 && limit === null ? {} : { Next: next }),
          ...(type === null ? {} : { GroupType: type }),
        },
        o,
      );
    /** One page of up to 10000: all the filter lists (nothing here lists more). */
    const listAll = async (type: string | null) => {
      const page = await list(type, null, 0);
      if (page.ErrorCode !== OK || page.Next !== 0)
        throw new PropertyFailure(`get_appid_group_list of ${type} is no single page: ${show(page)}`);
      return (page.GroupIdList as { GroupId: string }[]).map((g) => g.GroupId);
    };
    /**
     * What each filter lists before a case. A case destroys its groups at its end, so the next
     * finds the same list: only when the whole list differs (a failed case left groups behind,
     * or the first case) are the filters read again.
     */
    const baseline = new Map<string | null, string[]>();
    return runProperty(fc.array(step, { minLength: 1, maxLength: 16 }), numRuns, async (steps) => {
      round += 1;
      const all = await listAll(null);
      if (JSON.stringify(all) !== JSON.stringify(baseline.get(null))) {
        baseline.set(null, all);
        for (const type of GROUP_TYPES) baseline.set(type, await listAll(type));
      }
      // Each slot of the pool names a Community (@TGS#_...) or another type's group.
      const custom = [
        ...Array.from({ length: POOL }, (_, i) => `fuzz-dir-${tag}-${round}-${i}`),
        ...Array.from({ length: POOL }, (_, i) => `${COMMUNITY_PREFIX}fuzz-dir-${tag}-${round}-${i}`),
      ];
      const generated: string[] = [];
      /** The case's live groups, in creation order. */
      let live: { id: string; kind: string }[] = [];
      const log: string[] = [];
      const what = () => `after ${log.join("; ")}`;
      const want = (type: string | null) => [
        ...baseline.get(type)!,
        ...live.filter((g) => type === null || g.kind === listedAs(type)).map((g) => g.id),
      ];
      const destroy = async (id: string) => {
        const answer = await callNow("destroy_group", { GroupId: id }, o);
        const wasLive = live.some((g) => g.id === id);
        expectCode(answer, [wasLive ? OK : NO_GROUP], `destroy_group ${id} ${what()}`);
        live = live.filter((g) => g.id !== id);
      };
      // Every case ends with a listing of all its groups, two a page.
      const final: DirectoryStep = { kind: "list", limit: 2, type: null };
      for (const s of [...steps, final]) {
        log.push(JSON.stringify(s));
        if (s.kind === "create") {
          const community = (s.type === "Community") !== s.misfit;
          const id = s.id === null ? undefined : custom[s.id + (community ? POOL : 0)]!;
          // Known bug, reported: a GroupId created, destroyed and created again within one
          // millisecond is not listed (the directory orders a GroupId's lives by the ms of their
          // create). A millisecond between the calls keeps the model to what it means to test.
          world.clock.advance(0.001);
          const body = { Type: s.type, Name: "directory", ...(id === undefined ? {} : { GroupId: id }) };
          const answer = await callNow("create_group", body, o);
          const misfit = id !== undefined && s.misfit;
          if (customIdRefused(s.type, id) !== misfit)
            throw new PropertyFailure(`the directory model takes ${id} for ${misfit ? "a misfit" : "good"}`);
          const taken = id !== undefined && live.some((g) => g.id === id);
          expectCode(answer, [misfit ? MALFORMED_ID : taken ? TAKEN : OK], `create_group ${show(body)} ${what()}`);
          if (!taken && !misfit) {
            const created = answer.GroupId as string;
            if (id === undefined ? !isGeneratedId(s.type, created) : created !== id)
              throw new PropertyFailure(`create_group ${show(body)}: answered GroupId ${created}`);
            if (id === undefined) generated.push(created);
            live.push({ id: created, kind: listedAs(s.type) });
          }
        } else if (s.kind === "destroy") {
          const id = [...custom, ...generated][s.id];
          if (id !== undefined) await destroy(id);
        } else {
          const expected = want(s.type);
          const size = s.limit === null || s.limit === 0 ? MAX_GROUP_LIST : s.limit;
          const seen: string[] = [];
          let next = 0;
          for (let pages = 1; ; pages++) {
            const page = await list(s.type, s.limit, next);
            const asked = `Limit ${s.limit}, GroupType ${s.type}, Next ${next}`;
            const at = `get_appid_group_list page ${pages} (${asked}) ${what()}`;
            expectCode(page, [OK], at);
            const ids = (page.GroupIdList as { GroupId: string }[]).map((g) => g.GroupId);
            seen.push(...ids);
            const last = seen.length >= expected.length;
            if (
              page.TotalCount !== expected.length ||
              ids.length !== (last ? expected.length - (seen.length - ids.length) : size) ||
              (page.Next === 0) !== last
            )
              throw new PropertyFailure(
                `${at}: ${show(page, 1500)}; want ${expected.length} in all, ${show(expected, 1500)}`,
              );
            if (last) break;
            next = page.Next as number;
          }
          if (JSON.stringify(seen) !== JSON.stringify(expected))
            throw new PropertyFailure(
              `get_appid_group_list (GroupType ${s.type}) ${what()}: ` +
                `listed ${show(seen, 1500)}, want ${show(expected, 1500)}`,
            );
        }
      }
      for (const g of [...live]) await destroy(g.id);
    });
  },
};
