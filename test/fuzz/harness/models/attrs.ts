/**
 * The model of the group attributes.
 */

import fc from "fast-check";
import { uniqueGroupId } from "../../../helpers";
import { secondApp } from "../app/calls";
import { send } from "../bodies";
import { OK } from "../codes";
import { byteLength, expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { ATTR_SERVICE } from "../specs/bans-attrs";
import { must } from "../world";

/** One step of the attributes model: keys and values from small pools, so that the limits are reached. */
type AttrStep = { kind: "modify" | "set"; attrs: [number, number][] } | { kind: "clear" } | { kind: "get" };

const ATTR_MODEL_VALUES = ["", "v", "é".repeat(1000), "x".repeat(4000)];

/**
 * What modify_group_attr, set_group_attr and clear_group_attr do is what get_group_attr reads, in
 * the order keys were first set; a write over 16 keys (10047) or 16 KB (10048) changes nothing.
 * Each call is a second after the one before (`send`), within the five writes a second.
 */
export const attrModelProperty: Property = {
  name: "model: what the attribute writes set is what get_group_attr reads; a refused write changes nothing",
  weight: 1,
  run: async ({ world }, numRuns) => {
    const o = secondApp(world);
    const pair = fc.tuple(fc.nat({ max: 19 }), fc.nat({ max: ATTR_MODEL_VALUES.length - 1 }));
    const step: fc.Arbitrary<AttrStep> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constantFrom("modify" as const, "set" as const),
          attrs: fc.array(pair, { minLength: 1, maxLength: 8 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("get" as const) }) },
    );
    const GroupId = uniqueGroupId("fuzz-attrs");
    await must("create_group", { Type: "ChatRoom", Name: "attrs", GroupId }, o);
    return runProperty(fc.array(step, { minLength: 1, maxLength: 16 }), numRuns, async (steps) => {
      await must("clear_group_attr", { GroupId }, o);
      let model = new Map<string, string>();
      const log: string[] = [];
      for (const s of steps) {
        log.push(JSON.stringify(s));
        const what = `after ${log.join("; ")}`;
        if (s.kind === "get") {
          const got = (await send("get_group_attr", { GroupId }, world, { ...o, service: ATTR_SERVICE })).GroupAttrAry;
          const want = [...model].map(([key, value]) => ({ key, value }));
          if (JSON.stringify(got) !== JSON.stringify(want))
            throw new PropertyFailure(`get_group_attr read ${show(got)}, want ${show(want)} ${what}`);
          continue;
        }
        const attrs =
          s.kind === "clear" ? [] : s.attrs.map(([k, v]): [string, string] => [`k${k}`, ATTR_MODEL_VALUES[v]!]);
        const after = new Map(s.kind === "modify" ? model : []);
        for (const [k, v] of attrs) after.set(k, v);
        let bytes = 0;
        for (const [k, v] of after) bytes += byteLength(k) + byteLength(v);
        const code = after.size > 16 ? 10047 : bytes > 16 * 1024 ? 10048 : OK;
        const body =
          s.kind === "clear" ? { GroupId } : { GroupId, GroupAttr: attrs.map(([key, value]) => ({ key, value })) };
        expectCode(await send(`${s.kind}_group_attr`, body, world, o), [code], what);
        if (code === OK) model = after;
      }
    });
  },
};
