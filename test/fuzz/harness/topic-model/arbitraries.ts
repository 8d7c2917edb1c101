/**
 * The topic model's generated steps and probes.
 */

import fc from "fast-check";
import type { MuteSeconds } from "../app/mute-model";
import { modelReason } from "../arbitraries/profile";
import { PERMANENT } from "../codes";
import { MUTE_NAMES } from "../sentinel/slots";
import type { TopicProbe, TopicStep } from "./types";

/**
 * The topic model's steps and probes: senders among `accounts` and the app admin (APP_ADMIN),
 * scopes of a POOL of TopicIds.
 */
export function topicModelArbitraries(accounts: string[], POOL: number, APP_ADMIN: number) {
  const who = fc.nat({ max: accounts.length - 1 });
  const scope = fc.option(fc.nat({ max: POOL - 1 }), { nil: null, freq: 3 });
  const seconds: fc.Arbitrary<MuteSeconds> = fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.constant(PERMANENT) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 2, arbitrary: fc.constantFrom<MuteSeconds>(59, 60, 3600) },
    { weight: 1, arbitrary: fc.constantFrom<MuteSeconds>("edge", "edge-1") },
  );
  const step: fc.Arbitrary<TopicStep> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          kind: fc.constant("forbid" as const),
          // Now and then an account twice: it counts once (one mute, one history entry).
          who: fc.array(who, { minLength: 1, maxLength: 4 }),
          scope,
          seconds,
          legacy: fc.boolean(),
          reason: modelReason,
        },
        { requiredKeys: ["kind", "who", "scope", "seconds", "legacy"] },
      ),
    },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          kind: fc.constant("member" as const),
          who,
          scope,
          seconds,
          name: fc.constantFrom(...MUTE_NAMES),
          reason: modelReason,
        },
        { requiredKeys: ["kind", "who", "scope", "seconds", "name"] },
      ),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("muteAll" as const), scope, on: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("destroy" as const),
        topics: fc.array(fc.nat({ max: POOL - 1 }), { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("create" as const),
        topic: fc.nat({ max: POOL - 1 }),
        from: fc.option(who, { nil: null, freq: 2 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("advance" as const),
        seconds: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
          { weight: 1, arbitrary: fc.constantFrom(5, 60) },
          { weight: 1, arbitrary: fc.nat({ max: 120 }) },
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("boundary" as const), offset: fc.constantFrom(-1, 0, 0, 1) }),
    },
    // The community's alarm, now: it sweeps the mutes that ran out, the topics' with the community's.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("alarm" as const) }) },
  );
  const probe: fc.Arbitrary<TopicProbe> = fc.record({
    senders: fc.uniqueArray(fc.nat({ max: APP_ADMIN }), { minLength: 1, maxLength: 2 }),
    repeat: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    legacy: fc.boolean(),
  });
  return { who, scope, seconds, step, probe };
}
