import { beforeEach, describe, expect, it } from "vitest";
import { verifiedSigs } from "../../src/auth/authenticate";
import { VerifiedCache } from "../../src/auth/verified-cache";
import { AnswerCache, isolateCacheBytes } from "../../src/group/answer-cache";
import { isTimeZone, openOccurrence, zoneMemorySizes } from "../../src/group/quiet-hours";
import { BoundedMap } from "../../src/memory/bounded-map";
import { call, fail, getMuted, sign, uniqueGroupId, useTestClock } from "../helpers";

/** The n-th letter-case spelling of `zone` (Intl takes every one of them as the same zone). */
function spelling(zone: string, n: number): string {
  let bit = 0;
  return [...zone]
    .map((c) => {
      if (c.toLowerCase() === c.toUpperCase()) return c;
      return (n >> bit++) & 1 ? c.toUpperCase() : c.toLowerCase();
    })
    .join("");
}

// The test clock: real alarms (the directory's retry) are not armed for the next seconds of wall time.
beforeEach(() => {
  useTestClock();
});

describe("per-isolate memory is bounded whatever callers send", () => {
  it("10,000 spellings of one time zone keep one formatter and a bounded memory of spellings", () => {
    const zone = "America/Argentina/ComodRivadavia";
    const everyDay = (TimeZone: string) => [{ Days: [1, 2, 3, 4, 5, 6, 7], Start: "00:00", End: "23:59", TimeZone }];
    const open = openOccurrence(everyDay(zone), 1e9);
    const formatters = zoneMemorySizes().formatters;
    for (let n = 0; n < 10_000; n++) {
      expect(isTimeZone(spelling(zone, n))).toBe(true);
      // Every spelling computes the same local time, through the same formatter.
      if (n % 100 === 0) expect(openOccurrence(everyDay(spelling(zone, n)), 1e9)).toBe(open);
    }
    expect(zoneMemorySizes()).toMatchObject({ spellings: 512, formatters });
  });

  it("spellings in calls refused with 10010 (no such group) go through the same bounded memory", async () => {
    const before = zoneMemorySizes().spellings;
    for (let n = 0; n < 100; n++) {
      const window = { Days: [1], Start: "01:00", End: "02:00", TimeZone: spelling("Asia/Shanghai", n) };
      const answer = await call("modify_group_base_info", { GroupId: uniqueGroupId(), MuteAllSchedule: [window] });
      expect(answer).toMatchObject(fail(10010));
    }
    // The Worker's calls share this module: the refused calls were seen, and are bounded as above.
    expect(zoneMemorySizes().spellings).toBe(Math.min(before + 100, 512));
  });

  it("a BoundedMap forgets the least recently used entry past its capacity", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1);
    m.set("b", 2);
    expect(m.get("a")).toBe(1);
    m.set("c", 3);
    expect([m.get("a"), m.get("b"), m.get("c"), m.size]).toEqual([1, undefined, 3, 2]);
  });

  it("the answer caches of all groups in the isolate keep at most 32 MB together, the oldest going first", () => {
    const caches = Array.from({ length: 10 }, () => new AnswerCache());
    const answer = "x".repeat(5_000_000);
    for (const [i, cache] of caches.entries()) cache.keep("page", answer, Number.POSITIVE_INFINITY, i);
    expect(isolateCacheBytes()).toBeLessThanOrEqual(32_000_000);
    expect(caches[0]!.get("page", 0)).toBeNull();
    expect(caches[9]!.get("page", 0)?.extra).toBe(9);
    for (const cache of caches) cache.clear();
    expect(caches[9]!.get("page", 0)).toBeNull();
  });

  it("verified UserSigs are remembered within a count and a size, however long each signature is", () => {
    const cache = new VerifiedCache(100, 50_000);
    for (let i = 0; i < 1000; i++) cache.remember(`${i}:${"s".repeat(4096)}`, Number.MAX_SAFE_INTEGER);
    expect(cache.size.chars).toBeLessThanOrEqual(50_000);
    expect(cache.has(`999:${"s".repeat(4096)}`, 0)).toBe(true);
    expect(cache.has(`0:${"s".repeat(4096)}`, 0)).toBe(false);
    for (let i = 0; i < 1000; i++) cache.remember(`short ${i}`, Number.MAX_SAFE_INTEGER);
    expect(cache.size.entries).toBe(100);
  });

  it("every app's calls share the isolate's one bounded memory of verified UserSigs", async () => {
    const before = verifiedSigs.size.entries;
    // A signature made long on purpose, with a userbuf of random (incompressible) text.
    const userbuf = Array.from(crypto.getRandomValues(new Uint8Array(1500)), (b) => b.toString(36)).join("");
    const usersig = await sign({ userbuf });
    expect(usersig.length).toBeGreaterThan(2000);
    expect(await getMuted(uniqueGroupId(), { usersig })).toMatchObject(fail(10010));
    expect(verifiedSigs.size.entries).toBe(Math.min(before + 1, 10_000));
    expect(verifiedSigs.size.chars).toBeLessThanOrEqual(4_000_000);
  });
});
