import { describe, expect, it } from "vitest";
import type { LeaseGrant, LeaseRequest } from "../../src/contract/app-rpc";
import { Gcra } from "../../src/limiter/gcra";
import { LEASE_MARGIN_MS, LeaseHolder } from "../../src/limiter/lease-holder";
import { type AdmissionHooks, Leases } from "../../src/limiter/leases";

const S = 3_000_000_000_000;
const TTL_MS = 2000;

/** Lets every promise chain that can move on do so (microtasks only: no timer, no wall clock). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const grant = (granted: number, more: Partial<LeaseGrant> = {}): LeaseGrant => ({
  granted,
  ttlMs: TTL_MS,
  retryInMs: 0,
  promiseMs: 0,
  ...more,
});

/**
 * `calls` calls spread evenly over one second from `from`, each spending a token, the holder's
 * renewals answered at once in full. Answers how many waited for a renewal.
 */
function callFor(holder: LeaseHolder, from: number, calls: number): number {
  let waited = 0;
  for (let i = 0; i < calls; i++) {
    const t = from + Math.floor((i * 1000) / calls);
    holder.count(t);
    let taken = holder.take(t);
    if (taken === "wait") {
      // The call renews the lease itself and spends a token of the grant.
      waited += 1;
      if (holder.settle(grant(holder.renewal(t, true)!.want))) taken = "admitted";
    }
    expect(taken).toBe("admitted");
    const ahead = holder.renewal(t, false);
    if (ahead !== null) holder.settle(grant(ahead.want));
  }
  return waited;
}

describe("a lease holder sizes its leases to its own recent rate", () => {
  it("asks for one token cold, then for half a second of its calls, ahead of running out", () => {
    const h = new LeaseHolder("h");
    h.count(S);
    expect(h.take(S)).toBe("wait");
    const first = h.renewal(S, true)!;
    expect(first).toEqual({ holder: "h", unspent: 0, want: 1, promise: false });
    // The call that asked gets its token of the grant.
    expect(h.settle(grant(1))).toBe(true);
    // 400 calls a second: after the first, each admitted from leases asked ahead.
    expect(callFor(h, S + 1000, 400)).toBe(1);
    expect(callFor(h, S + 2000, 400)).toBe(0);
    const next = h.renewal(S + 3000, true);
    expect(next?.want).toBe(200);
  });

  it("holds at most three quarters of a second of its calls: what it can leave unused when it stops", () => {
    const h = new LeaseHolder("h");
    h.count(S);
    h.renewal(S, true);
    expect(h.settle(grant(1))).toBe(true);
    for (let s = 0; s < 5; s++) callFor(h, S + 1000 * s, 400);
    // It stops: what it holds now is lost to the budget once the lease runs out.
    const held = h.renewal(S + 5000, true)!.unspent;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(Math.ceil(0.75 * 400) + 1);
  });

  it("an idle isolate (calls over 1.5 s apart) asks for nothing ahead: one hop a call, as before leases", () => {
    const h = new LeaseHolder("h");
    // Its first call ever is taken for a busy isolate's: it asks ahead.
    h.count(S);
    h.renewal(S, true);
    expect(h.settle(grant(1))).toBe(true);
    expect(h.renewal(S, false)?.want).toBe(1);
    h.settle(grant(1));
    for (let s = 3; s < 12; s += 3) {
      const t = S + 1000 * s;
      h.count(t);
      expect(h.take(t)).toBe("wait");
      h.renewal(t, true);
      expect(h.settle(grant(1))).toBe(true);
      // Idle: nothing ahead, and its spent token is not even reported (it holds one token 2 s at most).
      expect(h.renewal(t, false)).toBeNull();
    }
  });

  it("a lease is spent only within its time, as the holder's own clock counts it from the request", () => {
    const h = new LeaseHolder("h");
    h.count(S);
    h.renewal(S, true);
    expect(h.settle(grant(5))).toBe(true);
    expect(h.take(S + TTL_MS - LEASE_MARGIN_MS - 1)).toBe("admitted");
    expect(h.take(S + TTL_MS - LEASE_MARGIN_MS)).toBe("wait");
    // A clock gone back before the request trusts none of it.
    expect(h.take(S - 1)).toBe("wait");
    // The renewal reports none unspent: they may no longer be spent.
    expect(h.renewal(S + TTL_MS, true)?.unspent).toBe(0);
  });

  it("a dry budget: refused alone until the app object said a token will be, then it asks again", () => {
    const h = new LeaseHolder("h");
    for (let i = 0; i < 10; i++) h.count(S);
    h.renewal(S, true);
    h.settle(grant(0, { retryInMs: 100 }));
    expect(h.take(S + 99)).toBe("refused");
    expect(h.renewal(S + 99, false)).toBeNull();
    expect(h.take(S + 100)).toBe("wait");
    // Short of what it asked: it refuses alone for a while rather than ask at every call.
    h.renewal(S + 100, true);
    expect(h.settle(grant(1, { retryInMs: 5 }))).toBe(true);
    expect(h.take(S + 100)).toBe("refused");
    expect(h.take(S + 149)).toBe("refused");
    expect(h.take(S + 150)).toBe("wait");
  });

  it("a send's promise lasts what the app object said, less the margin; a drop ends it for good", () => {
    const h = new LeaseHolder("h", true);
    h.count(S);
    expect(h.renewal(S, true)?.promise).toBe(true);
    h.settle(grant(3, { promiseMs: 1000 }));
    expect(h.promised(S + 949)).toBe(true);
    expect(h.promised(S + 950)).toBe(false);
    expect(h.renewal(S + 500, true)).not.toBeNull();
    h.dropPromise();
    expect(h.promised(S + 500)).toBe(false);
    h.settle(grant(3, { promiseMs: 1000 }));
    expect(h.promised(S + 600)).toBe(false);
    // The next renewal may bring one again.
    h.renewal(S + 600, true);
    h.settle(grant(3, { promiseMs: 1000 }));
    expect(h.promised(S + 600)).toBe(true);
    // A renewal without one (an app-wide mute is in force) ends it at once.
    h.renewal(S + 700, true);
    h.settle(grant(3));
    expect(h.promised(S + 700)).toBe(false);
  });
});

describe("Leases: one renewal in flight per holder; no call waits for another's", () => {
  /** An isolate's Leases on a clock of its own, asking `budget` once the test lets the requests through. */
  function isolate(budget: Gcra, clock: { now: number }) {
    const asked: { request: LeaseRequest; answer: (g: LeaseGrant) => void; fail: (e: Error) => void }[] = [];
    const leases = new Leases(() => clock.now);
    const ask = (request: LeaseRequest) =>
      new Promise<LeaseGrant>((answer, fail) => asked.push({ request, answer, fail }));
    /** Answers the requests made so far (not those they lead to) from the budget, at the clock. */
    const serve = async () => {
      for (const { request, answer } of asked.splice(0)) {
        const terms = budget.lease(request.holder, request.unspent, request.want, TTL_MS, clock.now);
        answer({ ...terms, ttlMs: TTL_MS, promiseMs: 0 });
      }
      await flush();
    };
    const counts = { offPath: 0, failed: 0 };
    const hooks: AdmissionHooks = {
      offPath: () => {
        counts.offPath += 1;
      },
      waitUntil: () => undefined,
      failed: () => {
        counts.failed += 1;
      },
    };
    const take = () => leases.take("app:cmd", false, ask, hooks);
    return { leases, ask, asked, serve, counts, hooks, take };
  }

  it("calls at one instant: the first renews the lease, the others go to the app object: the budget", async () => {
    const clock = { now: S };
    const budget = new Gcra(37, S);
    const i = isolate(budget, clock);
    const first = i.take();
    expect(first).toBeInstanceOf(Promise);
    const others = Array.from({ length: 99 }, () => i.take());
    expect(others.every((t) => t === "direct")).toBe(true);
    // The renewal was sent first, so it reaches the app object first; then the direct admissions.
    await i.serve();
    const admitted = [await first, ...others.map(() => budget.admit(S))].filter((a) => a);
    expect(admitted).toHaveLength(37);
    // The first call's answer sent the next renewal ahead: it hears the budget is dry, and the next
    // calls are refused here, without a hop.
    expect(i.asked).toHaveLength(1);
    await i.serve();
    expect(i.take()).toBe("refused");
    expect(i.asked).toHaveLength(0);
  });

  it("a failed renewal fails the call that asked (10002 upstream); one off the path is only reported", async () => {
    const clock = { now: S };
    const i = isolate(new Gcra(10, S), clock);
    const call = i.take() as Promise<boolean>;
    i.asked.shift()!.fail(new Error("app object unreachable"));
    await expect(call).rejects.toThrow("app object unreachable");
    // The next call asks again, and gets its token; its spent token is reported off the path.
    const again = i.take() as Promise<boolean>;
    await i.serve();
    expect(await again).toBe(true);
    expect(i.take()).toBe("direct");
    i.leases.renew("app:cmd", i.ask, i.hooks);
    expect(i.counts.offPath).toBe(1);
    i.asked.shift()!.fail(new Error("app object unreachable"));
    await flush();
    expect(i.counts.failed).toBe(1);
  });
});
