import { describe, expect, it } from "vitest";
import { Gcra } from "../../src/limiter/gcra";

/** A realistic epoch in milliseconds (the test clock's T0), so the arithmetic runs on large numbers. */
const S = 3_000_000_000_000;

/** Rates that divide 1000 and rates that don't, from the smallest to beyond one call per millisecond. */
const RATES = [1, 3, 7, 10, 200, 999, 1000, 1500];

/** Offers calls at `nowMs` until one is refused; answers how many were accepted. */
function drain(g: Gcra, nowMs: number): number {
  let n = 0;
  // Bounded, so a broken limiter fails the test instead of hanging it.
  while (n <= g.rate * 3 + 10 && g.admit(nowMs)) n += 1;
  return n;
}

/** A small deterministic PRNG (mulberry32), so the randomised test is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("Gcra: burst", () => {
  it.each(RATES)(
    "rate %i: exactly `rate` calls are accepted at once from fresh, then every call is refused",
    (rate) => {
      const g = new Gcra(rate, S);
      expect(drain(g, S)).toBe(rate);
      for (let i = 0; i < 5; i++) expect(g.admit(S)).toBe(false);
    },
  );

  it("a limiter first used long after it was made still has only one burst", () => {
    const g = new Gcra(7, S);
    expect(drain(g, S + 3_600_000)).toBe(7);
    expect(g.admit(S + 3_600_000)).toBe(false);
  });

  it("refused calls cost nothing: hammering a full budget does not delay the next admission", () => {
    const g = new Gcra(10, S);
    expect(drain(g, S)).toBe(10);
    for (let ms = 0; ms < 100; ms++) for (let i = 0; i < 50; i++) expect(g.admit(S + ms)).toBe(false);
    expect(g.admit(S + 100)).toBe(true);
    expect(g.admit(S + 100)).toBe(false);
  });
});

describe("Gcra: refill", () => {
  // RATES, and more rates that divide 1000.
  it.each([1, 2, 3, 4, 5, 7, 8, 10, 125, 200, 500, 999, 1000, 1500])(
    "rate %i: after the burst, the k-th call is accepted exactly at ceil(1000·k/rate) ms, not a moment sooner",
    (rate) => {
      // E.g. rate 3: the three calls of each second come at 334, 667 and 1000 ms after the burst.
      const g = new Gcra(rate, S);
      expect(drain(g, S)).toBe(rate);
      const acceptedAt: number[] = [];
      for (let ms = 1; ms <= 3000; ms++) {
        const n = drain(g, S + ms);
        for (let i = 0; i < n; i++) acceptedAt.push(ms);
        // Nothing is lost or gained to rounding: by any millisecond, exactly floor(ms·rate/1000) more.
        expect(acceptedAt.length).toBe(Math.floor((ms * rate) / 1000));
      }
      expect(acceptedAt).toEqual(Array.from({ length: 3 * rate }, (_, i) => Math.ceil((1000 * (i + 1)) / rate)));
    },
  );

  it("rate 999: 999 calls per second, never two in one millisecond once the burst is spent", () => {
    const g = new Gcra(999, S);
    expect(drain(g, S)).toBe(999);
    let total = 0;
    for (let ms = 1; ms <= 10_000; ms++) {
      const n = drain(g, S + ms);
      expect(n).toBeLessThanOrEqual(1);
      total += n;
    }
    expect(total).toBe(9990);
  });

  it.each([1, 7, 200, 1000])("rate %i: a partial idle refills in proportion, never past one burst", (rate) => {
    const g = new Gcra(rate, S);
    expect(drain(g, S)).toBe(rate);
    expect(drain(g, S + 500)).toBe(Math.floor(rate / 2));
    expect(drain(g, S + 1500)).toBe(rate);
  });

  it.each(RATES)("rate %i: idle for a long time refills only one burst", (rate) => {
    const g = new Gcra(rate, S);
    expect(drain(g, S)).toBe(rate);
    let t = S;
    for (const idle of [1_000, 10_000, 3_600_000, 30 * 86_400_000, 1e12]) {
      t += idle;
      expect(drain(g, t)).toBe(rate);
      expect(g.admit(t)).toBe(false);
    }
  });
});

describe("Gcra: steady overload", () => {
  /** Offers 5x the rate evenly over 10 s from fresh; answers the calls accepted in each second. */
  function offerFiveTimesTheRate(rate: number): number[] {
    const g = new Gcra(rate, S);
    const offers = 5 * rate * 10;
    const perSecond = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < offers; i++) {
      const ms = Math.floor((i * 1000) / (5 * rate));
      if (g.admit(S + ms)) perSecond[Math.floor(ms / 1000)]! += 1;
    }
    return perSecond;
  }

  it.each([200, 999, 1000])("rate %i: 5x the rate offered evenly over 10 s is held to the rate within 1%", (rate) => {
    const perSecond = offerFiveTimesTheRate(rate);
    const total = perSecond.reduce((a, b) => a + b, 0);
    // One burst on top of ten seconds' worth, at most.
    expect(total).toBeLessThanOrEqual(11 * rate);
    // Beyond the first burst, the rate per second overall is within 1%.
    expect(Math.abs((total - rate) / 10 - rate)).toBeLessThanOrEqual(rate / 100);
    // Once the first burst is spent, every whole second is within 1% (or one call) of the rate.
    for (const n of perSecond.slice(1)) expect(Math.abs(n - rate)).toBeLessThanOrEqual(Math.max(1, rate / 100));
    // The first second holds at most the burst plus what refills during it.
    expect(perSecond[0]).toBeLessThanOrEqual(2 * rate);
  });

  it.each([3, 7, 10])(
    "rate %i: 5x the rate offered evenly over 10 s accepts one burst plus exactly `rate` per second",
    (rate) => {
      const perSecond = offerFiveTimesTheRate(rate);
      for (const n of perSecond.slice(1)) expect(Math.abs(n - rate)).toBeLessThanOrEqual(1);
      const total = perSecond.reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(11 * rate - 1);
      expect(total).toBeLessThanOrEqual(11 * rate);
    },
  );
});

describe("Gcra: clock going backwards", () => {
  it("an earlier time grants nothing, and the return to the present grants nothing extra", () => {
    const g = new Gcra(10, S);
    expect(drain(g, S)).toBe(10);
    expect(drain(g, S - 1)).toBe(0);
    expect(drain(g, S - 5_000)).toBe(0);
    expect(drain(g, 0)).toBe(0);
    // Back to the present: the budget is as it was, 100 ms per call.
    expect(drain(g, S)).toBe(0);
    expect(drain(g, S + 99)).toBe(0);
    expect(drain(g, S + 100)).toBe(1);
    expect(drain(g, S + 150)).toBe(0);
    expect(drain(g, S + 200)).toBe(1);
  });

  it("a jump back in the middle of a burst counts as no time at all", () => {
    const g = new Gcra(10, S);
    expect(drain(g, S)).toBe(10);
    expect(drain(g, S + 500)).toBe(5);
    // Five seconds back: the remaining budget is what it was at S + 500, i.e. none.
    expect(drain(g, S - 4_500)).toBe(0);
    // Had the jump been taken as the new "last seen", S + 600 would look like 5.1 s of refill.
    expect(drain(g, S + 600)).toBe(1);
    expect(drain(g, S + 600)).toBe(0);
  });

  it("a half-spent budget can be used at an earlier time, but never beyond one burst", () => {
    const g = new Gcra(10, S);
    for (let i = 0; i < 4; i++) expect(g.admit(S)).toBe(true);
    expect(drain(g, S - 60_000)).toBe(6);
    expect(drain(g, S)).toBe(0);
    expect(drain(g, S + 1000)).toBe(10);
  });

  it("a limiter made at a later time than its first call still holds one burst", () => {
    const g = new Gcra(5, S);
    expect(drain(g, S - 10_000)).toBe(5);
    expect(drain(g, S)).toBe(0);
    expect(drain(g, S + 200)).toBe(1);
  });
});

describe("Gcra: exact against the definition", () => {
  /**
   * With calls accepted at t_1 ≤ … ≤ t_n, a call at t fits iff for every accepted t_i the calls
   * in [t_i, t] including this one number at most rate + (t − t_i)·rate/1000 (and at most `rate`
   * in all when there is no history). GCRA accepts exactly the calls that fit; checked in integers.
   */
  function fits(accepted: readonly number[], t: number, rate: number): boolean {
    let n = 0;
    for (let i = accepted.length - 1; i >= 0; i--) {
      n += 1;
      const ti = accepted[i]!;
      if (1000 * (n + 1) > 1000 * rate + (t - ti) * rate) return false;
    }
    return true;
  }

  it.each([1, 3, 7, 10, 200, 999, 1000])(
    "rate %i: 3000 irregular offers, each answered exactly as the definition says",
    (rate) => {
      const random = prng(rate * 7919 + 17);
      const g = new Gcra(rate, S);
      const accepted: number[] = [];
      let t = S;
      let admitted = 0;
      let offered = 0;
      while (offered < 3000) {
        const r = random();
        if (r < 0.3) {
          // same instant
        } else if (r < 0.95) t += Math.floor(random() * ((2 * 1000) / rate + 1));
        else t += Math.floor(random() * 3000);
        // Mostly single calls, sometimes a crowd of up to 1.5 bursts at one instant.
        const batch = random() < 0.1 ? 1 + Math.floor(random() * 1.5 * rate) : 1;
        for (let k = 0; k < batch && offered < 3000; k++, offered++) {
          const expected = fits(accepted, t, rate);
          const got = g.admit(t);
          expect(got, `offer ${offered} at +${t - S} ms`).toBe(expected);
          if (got) {
            accepted.push(t);
            admitted += 1;
          }
        }
      }
      // The offers both overloaded the limiter and left it room, so both answers were exercised.
      expect(admitted).toBeGreaterThan(0);
      expect(admitted).toBeLessThan(3000);
    },
  );
});

describe("a rate changed by configuration", () => {
  it("keeps the time already owed instead of starting a full burst", () => {
    const g = new Gcra(10, 0);
    for (let i = 0; i < 10; i++) expect(g.admit(0)).toBe(true);
    expect(g.admit(0)).toBe(false);
    // One second is owed at 10/s; at 20/s it is still one second: 20 calls' worth, no room now.
    g.retune(20);
    expect(g.rate).toBe(20);
    expect(g.admit(0)).toBe(false);
    expect(g.admit(49)).toBe(false);
    expect(g.admit(50)).toBe(true);
    expect(g.admit(50)).toBe(false);
  });
});

describe("Gcra: leases", () => {
  it("a lease is charged when granted and holds the refill back until reported or run out", () => {
    const g = new Gcra(10, S);
    expect(g.lease("a", 0, 6, 2000, S)).toEqual({ granted: 6, retryInMs: 0 });
    expect(drain(g, S)).toBe(4);
    // A second later the budget refilled what was admitted directly; the 6 leased may still be spent.
    expect(drain(g, S + 1000)).toBe(4);
    // The holder reports 2 spent, 4 unspent: the refill of the 2 goes on from now, not from the grant.
    expect(g.lease("a", 4, 0, 2000, S + 1000)).toEqual({ granted: 0, retryInMs: 100 });
    expect(g.leased).toBe(4);
    expect(drain(g, S + 1200)).toBe(2);
    // Meanwhile the 4 unspent still hold their share of the refill back; then they run out unspent:
    // lost, and their refill starts at the lease's end (S + 3000).
    expect(drain(g, S + 3000)).toBe(6);
    expect(g.leased).toBe(0);
    expect(drain(g, S + 3300)).toBe(3);
  });

  it("grants what the budget has, at most what was asked, and says when the next token is", () => {
    const g = new Gcra(200, S);
    expect(g.lease("a", 0, 150, 2000, S).granted).toBe(150);
    // Leases hold the whole burst: no refill until a holder reports, so the hint is 50 ms, not 5.
    expect(g.lease("b", 0, 150, 2000, S)).toEqual({ granted: 50, retryInMs: 50 });
    expect(g.admit(S + 4)).toBe(false);
    expect(g.lease("c", 0, 1, 2000, S + 4)).toEqual({ granted: 0, retryInMs: 50 });
    // "a" reports all spent: the refill goes on from now.
    expect(g.lease("a", 0, 0, 2000, S + 5).granted).toBe(0);
    expect(g.admit(S + 5)).toBe(false);
    expect(g.admit(S + 10)).toBe(true);
    // Nonsense from an isolate grants nothing and breaks nothing.
    expect(g.lease("d", Number.NaN, Number.POSITIVE_INFINITY, 2000, S + 15).granted).toBe(0);
    expect(g.admit(S + 15)).toBe(true);
  });

  it("a lease it does not know (after a restart) is charged its unspent tokens", () => {
    const g = new Gcra(10, S);
    expect(g.lease("old", 7, 5, 2000, S)).toEqual({ granted: 3, retryInMs: 100 });
    expect(g.leased).toBe(10);
    expect(g.admit(S)).toBe(false);
  });
});
