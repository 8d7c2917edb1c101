/**
 * The full property-based fuzzing run: `npm run test:fuzz` (vitest.fuzz.config.ts).
 * The same properties as the slice in `npm test`, with over 10,000 generated requests in all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestClock } from "../helpers";
import {
  caseCount,
  type FuzzContext,
  mostRowsRead,
  PROPERTIES,
  runsFor,
  setupWorld,
  snapshotSentinel,
  takeCodeCounts,
} from "./properties";

/** Cases per property of weight 1; the weights add up to about 62, so 420 gives about 26,000 cases. */
const BASE_RUNS = 420;
const MIN_CASES = 10_000;

let ctx: FuzzContext;
const started = Date.now();

beforeAll(async () => {
  const world = await setupWorld(useTestClock());
  ctx = { world, snapshot: await snapshotSentinel(world) };
}, 60_000);

afterAll(() => {
  console.log(`fuzz: ${caseCount()} generated cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`fuzz: the most rows one call read: ${mostRowsRead.rows} (${mostRowsRead.what.slice(0, 200)})`);
});

describe("fuzz (full): every generated request gets the envelope with a code of the right class", () => {
  it("plans at least 10,000 cases", () => {
    expect(PROPERTIES.reduce((n, p) => n + runsFor(p, BASE_RUNS), 0)).toBeGreaterThanOrEqual(MIN_CASES);
  });

  for (const property of PROPERTIES) {
    it(property.name, async () => {
      const numRuns = runsFor(property, BASE_RUNS);
      takeCodeCounts();
      const t = Date.now();
      expect(await property.run(ctx, numRuns)).toBe(numRuns);
      const seconds = ((Date.now() - t) / 1000).toFixed(1);
      console.log(`fuzz: ${numRuns} cases of "${property.name}" in ${seconds} s; codes ${takeCodeCounts()}`);
      expect(await snapshotSentinel(ctx.world)).toEqual(ctx.snapshot);
    });
  }

  it("ran at least 10,000 generated cases", () => {
    console.log(`fuzz: ${caseCount()} generated cases in all`);
    expect(caseCount()).toBeGreaterThanOrEqual(MIN_CASES);
  });
});
