import { describe, expect, it } from "vitest";
import { Gcra } from "../../src/limiter/gcra";
import { LeaseHolder } from "../../src/limiter/lease-holder";

/**
 * Many Worker isolates (LeaseHolders, each with its own clock) against one
 * app object's budget (a Gcra), on a simulated clock: calls arrive at random,
 * renewals take a random time to reach the object and to come back, isolates
 * stop for good with their leases in hand. Every call admitted anywhere must
 * be one that a single GCRA of the same rate, asked at that moment, would have
 * admitted: no window of any length ever holds more than the limit allows.
 */

/** A realistic epoch in milliseconds. */
const S = 3_000_000_000_000;
/** The app object's lease time (as AppObject's). */
const TTL_MS = 2000;

/** A small deterministic PRNG (mulberry32), so that every run is the same. */
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

interface Scenario {
  seed: number;
  rate: number;
  isolates: number;
  seconds: number;
  /** Calls offered per second, all isolates together. */
  offered: number;
  /** One way, object to isolate or back, in ms: each renewal draws two. */
  latencyMs: [number, number];
  /** Each isolate's clock is off the object's by up to this many ms, either way. */
  skewMs?: number;
  /** The share of isolates that stop for good at a random moment, their lease in hand. */
  dying?: number;
  /** Calls come in crowds at one instant now and then (up to a burst and a half). */
  crowds?: boolean;
  /** Most calls go to a few isolates (the first tenth takes 80 %). */
  skewed?: boolean;
  /** Each isolate falls quiet for most of a period of 2 to 5 s, its lease in hand, then comes back. */
  intermittent?: boolean;
  /**
   * Every isolate falls quiet at the same moments, for `quietMs` of every `periodMs`, and all come
   * back with a crowd of twice the rate at once: leases still in hand then, and a full budget.
   */
  together?: { periodMs: number; quietMs: number };
}

interface Outcome {
  /** When each admitted call was admitted, on the object's clock. */
  admitted: number[];
  offered: number;
  granted: number;
  /** Renewals sent (ahead, reports, and those of calls that found no token). */
  renewals: number;
  /** Calls the app object admitted itself (a renewal was in flight when they found no token). */
  directAdmits: number;
  /** When each call that found no token arrived (ms since the start): it took one hop, to renew or be admitted. */
  direct: number[];
}

interface Isolate {
  holder: LeaseHolder;
  skew: number;
  diesAt: number;
  /** Its period and quiet share (intermittent): quiet while (t − S + phase) mod period < quiet. */
  period: number;
  quiet: number;
  phase: number;
}

type Event = { at: number; seq: number; run: () => void };

/** A binary min-heap of events by time, then by when they were scheduled. */
class Events {
  private readonly heap: Event[] = [];
  private readonly before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

  push(event: Event): void {
    const h = this.heap;
    h.push(event);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function simulate(o: Scenario): Outcome {
  const random = prng(o.seed);
  const budget = new Gcra(o.rate, S);
  const end = S + o.seconds * 1000;
  const out: Outcome = { admitted: [], offered: 0, granted: 0, renewals: 0, directAdmits: 0, direct: [] };
  const events = new Events();
  let seq = 0;
  const at = (time: number, run: () => void) => {
    events.push({ at: time, seq: seq++, run });
  };
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  const isolates: Isolate[] = Array.from({ length: o.isolates }, (_, i) => ({
    holder: new LeaseHolder(`isolate-${i}`),
    skew: Math.round((random() * 2 - 1) * (o.skewMs ?? 0)),
    diesAt: random() < (o.dying ?? 0) ? S + Math.floor(random() * o.seconds * 1000) : Number.POSITIVE_INFINITY,
    period: o.together?.periodMs ?? 2000 + Math.floor(random() * 3000),
    quiet:
      o.together !== undefined ? o.together.quietMs / o.together.periodMs : o.intermittent ? 0.5 + random() * 0.4 : 0,
    phase: o.together !== undefined ? 0 : Math.floor(random() * 5000),
  }));
  const quiet = (iso: Isolate, now: number) => (now - S + iso.phase) % iso.period < iso.quiet * iso.period;

  /** A renewal of the isolate's lease: off every call's path, or `urgent` for a call that found no token. */
  const renew = (iso: Isolate, now: number, urgent = false) => {
    const request = iso.holder.renewal(now + iso.skew, urgent);
    if (request === null) return;
    out.renewals += 1;
    const arrives = now + between(o.latencyMs);
    at(arrives, () => {
      const terms = budget.lease(request.holder, request.unspent, request.want, TTL_MS, arrives);
      out.granted += terms.granted;
      const back = arrives + between(o.latencyMs);
      at(back, () => {
        // The call that asked spends its token of the grant as the answer comes back.
        if (iso.holder.settle({ ...terms, ttlMs: TTL_MS, promiseMs: 0 })) out.admitted.push(back);
        if (urgent) renew(iso, back);
      });
    });
  };

  const arrive = (iso: Isolate, now: number) => {
    if (now >= iso.diesAt || quiet(iso, now)) return;
    out.offered += 1;
    const local = now + iso.skew;
    iso.holder.count(local);
    const taken = iso.holder.take(local);
    if (taken === "admitted") out.admitted.push(now);
    if (taken !== "wait") return renew(iso, now);
    // No token: the call renews the lease itself, or, with a renewal in flight, the app object admits it.
    out.direct.push(now - S);
    if (!iso.holder.asking) return renew(iso, now, true);
    out.directAdmits += 1;
    const arrives = now + between(o.latencyMs);
    at(arrives, () => {
      const admitted = budget.admit(arrives);
      if (admitted) {
        out.admitted.push(arrives);
        out.granted += 1;
      }
      const back = arrives + between(o.latencyMs);
      at(back, () => {
        renew(iso, back);
        // Refused: a token of a renewal that landed meanwhile, if there is one (as the Worker does).
        if (!admitted && iso.holder.take(back + iso.skew) === "admitted") out.admitted.push(back);
      });
    });
  };

  // Arrivals: a Poisson stream over the run, plus crowds.
  const pick = () => {
    if (o.skewed && random() < 0.8) return isolates[Math.floor(random() * Math.max(1, o.isolates / 10))]!;
    return isolates[Math.floor(random() * o.isolates)]!;
  };
  for (let t = S; t < end; ) {
    t += (-Math.log(1 - random()) * 1000) / o.offered;
    const when = Math.floor(t);
    const iso = pick();
    at(when, () => arrive(iso, when));
    if (o.crowds && random() < 0.002) {
      const crowd = Math.floor(random() * 1.5 * o.rate);
      for (let k = 0; k < crowd; k++) {
        const one = pick();
        at(when, () => arrive(one, when));
      }
    }
  }

  if (o.together !== undefined) {
    for (let back = S + o.together.quietMs; back < end; back += o.together.periodMs) {
      for (let k = 0; k < 2 * o.rate; k++) {
        const iso = isolates[k % o.isolates]!;
        at(back, () => arrive(iso, back));
      }
    }
  }

  // Run in time order (the order they were scheduled within a millisecond).
  for (let event = events.pop(); event !== undefined; event = events.pop()) event.run();
  out.admitted.sort((a, b) => a - b);
  return out;
}

/** The index of the first admitted call that one GCRA of `rate`, fed them all in time order, refuses; -1: none. */
function firstOverLimit(admitted: number[], rate: number): number {
  const reference = new Gcra(rate, S);
  return admitted.findIndex((t) => !reference.admit(t));
}

/** The most calls admitted in any window [t, t + 1000 ms) starting at or after `from`. */
function busiestSecond(admitted: number[], from: number): number {
  let most = 0;
  let lo = 0;
  for (let hi = 0; hi < admitted.length; hi++) {
    while (admitted[hi]! - admitted[lo]! >= 1000) lo += 1;
    if (admitted[lo]! >= from) most = Math.max(most, hi - lo + 1);
  }
  return most;
}

describe("leases: many isolates against one budget never admit more than the limit", () => {
  const scenarios: [string, Scenario][] = [
    [
      "one isolate, 5x the rate, local latency",
      { seed: 1, rate: 200, isolates: 1, seconds: 20, offered: 1000, latencyMs: [0, 2] },
    ],
    [
      "20 isolates, 5x the rate, ocean latency, skewed clocks, a third dying",
      { seed: 2, rate: 200, isolates: 20, seconds: 20, offered: 1000, latencyMs: [5, 150], skewMs: 5000, dying: 0.3 },
    ],
    [
      "200 isolates at a rate of 10: more isolates than tokens",
      { seed: 3, rate: 10, isolates: 200, seconds: 30, offered: 40, latencyMs: [1, 300], skewMs: 60_000, dying: 0.5 },
    ],
    [
      "50 isolates, crowds of up to a burst and a half at one instant, most calls on five of them",
      { seed: 4, rate: 1000, isolates: 50, seconds: 10, offered: 1500, latencyMs: [0, 40], crowds: true, skewed: true },
    ],
    [
      "10 isolates that fall quiet for seconds with a lease in hand and come back busy",
      {
        seed: 7,
        rate: 50,
        isolates: 10,
        seconds: 60,
        offered: 400,
        latencyMs: [0, 30],
        intermittent: true,
        crowds: true,
      },
    ],
    [
      "5 isolates falling quiet together for just longer than a lease, then all back in a crowd",
      {
        seed: 8,
        rate: 200,
        isolates: 5,
        seconds: 60,
        offered: 150,
        latencyMs: [0, 20],
        together: { periodMs: 3000, quietMs: 2100 },
      },
    ],
    [
      "rate 1, 10 isolates, calls now and then",
      { seed: 5, rate: 1, isolates: 10, seconds: 120, offered: 3, latencyMs: [1, 200], dying: 0.2 },
    ],
    [
      "rate 7, 30 isolates under the rate",
      { seed: 6, rate: 7, isolates: 30, seconds: 60, offered: 5, latencyMs: [0, 100], skewMs: 1000 },
    ],
  ];

  it.each(scenarios)("%s: every admitted call fits one GCRA of the rate", (_, scenario) => {
    const out = simulate(scenario);
    expect(out.admitted.length).toBeGreaterThan(0);
    expect(firstOverLimit(out.admitted, scenario.rate)).toBe(-1);
    // Tokens are charged when granted (a direct admission is one): admitted never exceeds granted (the
    // rest is lost, never reused).
    expect(out.admitted.length).toBeLessThanOrEqual(out.granted);
    // Hence, whatever second one looks at: at most one burst plus one second's refill.
    expect(busiestSecond(out.admitted, S)).toBeLessThanOrEqual(2 * scenario.rate);
  });

  it("20 isolates at 5x the rate, ocean latency: the budget is used, not wasted (96 % or more of it)", () => {
    const rate = 200;
    const seconds = 20;
    const out = simulate({ seed: 12, rate, isolates: 20, seconds, offered: 5 * rate, latencyMs: [5, 150] });
    expect(firstOverLimit(out.admitted, rate)).toBe(-1);
    // What one GCRA allows over the run: a burst and the rate every second.
    const allowed = rate + rate * seconds;
    expect(out.admitted.length).toBeLessThanOrEqual(allowed + rate * 0.3);
    expect(out.admitted.length).toBeGreaterThanOrEqual(0.96 * allowed);
  });

  it("one isolate at 5x the rate is held to the rate within 2 %, and almost every admitted call needed no hop", () => {
    const rate = 200;
    const seconds = 20;
    const out = simulate({ seed: 21, rate, isolates: 1, seconds, offered: 5 * rate, latencyMs: [0, 2] });
    const steady = out.admitted.filter((t) => t >= S + 1000).length / (seconds - 1);
    expect(Math.abs(steady - rate) / rate).toBeLessThanOrEqual(0.02);
    // Refused calls are answered by the isolate alone: the app object hears from it (renewals and calls
    // it admits itself) for one in ten calls offered, where every call was one hop before leases.
    expect(out.renewals + out.directAdmits).toBeLessThan(out.offered / 10);
  });

  it("an isolate under the rate loses nothing: every call is admitted, and renewals are a small share of calls", () => {
    const out = simulate({ seed: 31, rate: 200, isolates: 4, seconds: 20, offered: 150, latencyMs: [1, 50] });
    expect(out.admitted.length).toBe(out.offered);
    // Calls went to the app object only while the isolates learned their rate, in the first second.
    expect(out.direct.length).toBeGreaterThan(0);
    expect(out.direct.every((ms) => ms < 1000)).toBe(true);
    expect(out.renewals).toBeLessThan(out.offered / 5);
  });
});
