/**
 * The property of broken or no-op writes aimed at the sentinel: refused, or changing nothing.
 */

import fc from "fast-check";
import { junk, junkKey } from "../arbitraries/junk";
import { send } from "../bodies";
import { expectCode, runProperty, show } from "../harness";
import type { Property } from "../property";
import type { World } from "../world";
import { brokenCodes, type SentinelWrite, sentinelSlots } from "./slots";
import { sentinelWritesOfMembers } from "./writes-members";
import { sentinelWritesOfMessages } from "./writes-messages";

function sentinelWrites(world: World): SentinelWrite[] {
  const c = sentinelSlots(world);
  return [...sentinelWritesOfMembers(world, c), ...sentinelWritesOfMessages(c)];
}

/**
 * Write bodies aimed at the sentinel that would change it if they were valid, each broken in at
 * least one independent way: every one must fail (10004; 10015/10010 when the GroupId is the
 * broken part; 80002 when the only fault is a message over 12 KiB), and the sentinel stays as it
 * was.
 */
export function sentinelWriteProperty(command: string): Property {
  return {
    name: `${command}: broken bodies aimed at the sentinel all fail`,
    weight: 0.5,
    run: ({ world }, numRuns) => {
      const w = sentinelWrites(world).find((x) => x.command === command)!;
      const arb = fc
        .tuple(
          w.base,
          fc
            .subarray(w.slots, { minLength: 1 })
            .chain((slots) => fc.tuple(fc.constant(slots), fc.tuple(...slots.map((s) => s.breaks)))),
          fc.dictionary(
            junkKey.filter((k) => !w.fieldNames.includes(k)),
            junk,
            { maxKeys: 2 },
          ),
        )
        .map(([base, [slots, breakers], extras]) => {
          const body: Record<string, unknown> = { ...extras, ...base };
          const kinds = breakers.map((b, i) => b(body) ?? slots[i]!.kind ?? "schema");
          return { body, kinds };
        });
      return runProperty(arb, numRuns, async ({ body, kinds }) => {
        const answer = await send(w.command, body, world);
        expectCode(answer, brokenCodes(kinds, body), `${w.command} ${show(body)} (broken: ${kinds.join(", ")})`);
      });
    },
  };
}
