import { beforeEach, describe, expect, it } from "vitest";
import { clock as serviceClock } from "../../src/clock";
import type { LeaseGrant, LeaseRequest } from "../../src/contract/app-rpc";
import { Gcra } from "../../src/limiter/gcra";
import { LeaseHolder } from "../../src/limiter/lease-holder";
import { type AdmissionHooks, Leases } from "../../src/limiter/leases";
import { accept } from "../../src/wire/errors";
import { appStub, call, createGroup, fail, OK, sendText, T0, type TestClock, useTestClock } from "../helpers";

let testNumber = 0;
let clock: TestClock;
beforeEach(() => {
  testNumber += 1;
  clock = useTestClock(T0 + 200_000 + 10_000 * testNumber);
});

/** A small deterministic PRNG (mulberry32). */
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

/** One simulated Worker isolate: its own leases, on a clock `skewMs` off the app object's. */
function worker(app: ReturnType<typeof appStub>, command: string, rate: number, skewMs: number) {
  const leases = new Leases(() => serviceClock.nowMs() + skewMs);
  const ask = async (request: LeaseRequest): Promise<LeaseGrant> => accept(await app.lease(command, rate, request));
  const background: Promise<unknown>[] = [];
  const hooks: AdmissionHooks = {
    offPath: () => undefined,
    waitUntil: (work) => {
      background.push(work);
    },
    failed: (error) => {
      throw error;
    },
  };
  const key = `app:${command}`;
  return {
    /** As the Worker admits a call: from the lease, by its own renewal, or by the app object. */
    admit: async (): Promise<boolean> => {
      const taken = leases.take(key, false, ask, hooks);
      if (taken instanceof Promise) return taken;
      if (taken !== "direct") return taken === "admitted";
      const admission = accept(await app.admit(command, rate));
      leases.renew(key, ask, hooks);
      return admission.admitted;
    },
    /** Lets the renewals sent off the calls' paths finish (the runtime's waitUntil). */
    settle: async () => {
      await Promise.all(background.splice(0));
    },
  };
}

describe("leases against the real app object: concurrent Workers never admit more than the limit", () => {
  it("12 Workers, skewed clocks, 5x the rate in crowds and trickles for 12 s: every call fits one GCRA", async () => {
    const rate = 20;
    const app = appStub(`leases-${crypto.randomUUID()}`);
    const random = prng(7);
    const workers = Array.from({ length: 12 }, () => worker(app, "cmd", rate, Math.round((random() - 0.5) * 20_000)));
    const start = serviceClock.nowMs();
    const admitted: number[] = [];
    let offered = 0;
    while (serviceClock.nowMs() < start + 12_000) {
      clock.advance(Math.floor(random() * 60) / 1000);
      // Mostly a few calls, now and then a crowd of up to two bursts at one instant.
      const n = random() < 0.03 ? Math.floor(random() * 2 * rate) : Math.floor(random() * 12);
      offered += n;
      const answers = await Promise.all(
        Array.from({ length: n }, () => workers[Math.floor(random() * workers.length)]!.admit()),
      );
      for (const yes of answers) if (yes) admitted.push(serviceClock.nowMs());
      await Promise.all(workers.map((w) => w.settle()));
    }
    const reference = new Gcra(rate, start);
    expect(admitted.findIndex((t) => !reference.admit(t))).toBe(-1);
    // It was overloaded (5x), and still used its budget: one burst and the rate each second, give or take.
    expect(offered).toBeGreaterThan(4 * rate * 12);
    expect(admitted.length).toBeLessThanOrEqual(rate + rate * 12);
    expect(admitted.length).toBeGreaterThan(0.8 * rate * 12);
  }, 60_000);
});

describe("send_group_msg's promise that no app-wide mute is in force", () => {
  /** Another Worker isolate's send lease of the demo app, renewed straight from the app object. */
  async function otherIsolatesLease(holder: LeaseHolder) {
    const request = holder.renewal(serviceClock.nowMs(), true)!;
    const grant = accept(await appStub().lease("send_group_msg", 200, request));
    holder.settle(grant);
    return grant;
  }

  it("setnospeaking waits until another isolate's promise ran out; its mute then holds from the answer", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "kim" }] });
    const other = new LeaseHolder("other-isolate", true);
    other.count(serviceClock.nowMs());
    const sentAt = serviceClock.nowMs();
    expect((await otherIsolatesLease(other)).promiseMs).toBe(1000);
    expect(other.promised(sentAt + 949)).toBe(true);

    clock.advance(0.3);
    clock.hold();
    const config = { service: "openconfigsvr" };
    const slept = clock.nextSleep();
    const muting = call("setnospeaking", { Set_Account: "kim", GroupmsgNospeakingTime: 60 }, config);
    await slept;
    // It sleeps until the promise it made ends (the holder stops trusting it 50 ms sooner).
    expect(clock.sleeps).toEqual([sentAt + 1000]);
    // Meanwhile no promise is made: the other isolate's renewal says to read the mute.
    expect((await otherIsolatesLease(other)).promiseMs).toBe(0);
    expect(other.promised(serviceClock.nowMs())).toBe(false);

    clock.set((sentAt + 1000) / 1000);
    clock.wake();
    expect(await muting).toEqual(OK);
    // Sixty seconds from the write, after the wait.
    expect(await call("getnospeaking", { Get_Account: "kim" }, config)).toMatchObject({
      ...OK,
      GroupmsgNospeakingTime: 60,
    });
    expect(await sendText(g, "kim")).toMatchObject(fail(10017));
    expect((await otherIsolatesLease(other)).promiseMs).toBe(0);
  });

  it("a promise that one sender is not muted (an app with mutes in force) is waited for too", async () => {
    const config = { service: "openconfigsvr" };
    expect(await call("setnospeaking", { Set_Account: "x", GroupmsgNospeakingTime: 600 }, config)).toEqual(OK);
    clock.advance(2);
    // Another isolate reads lee's mute for a send: none, promised for a second.
    const readAt = serviceClock.nowMs();
    const read = accept(await appStub().groupMuteOf("lee"));
    expect(read).toMatchObject({ until: 0, promiseMs: 1000 });
    clock.advance(0.5);
    const slept = clock.nextSleep();
    expect(await call("setnospeaking", { Set_Account: "lee", GroupmsgNospeakingTime: 60 }, config)).toEqual(OK);
    expect(await slept).toBe(readAt + 1000);
    // Now lee is muted, and no promise is made for lee.
    expect(accept(await appStub().groupMuteOf("lee"))).toMatchObject({ until: clock.now + 60, promiseMs: 0 });
  });

  it("no wait without a promise out, nor to lift a mute or set a one-to-one mute only", async () => {
    const config = { service: "openconfigsvr" };
    // The object's start counts as a promise (a life before it may have made one): past it now.
    expect(await call("getnospeaking", { Get_Account: "a" }, config)).toMatchObject(OK);
    clock.advance(2);
    const before = clock.sleeps.length;
    expect(await call("setnospeaking", { Set_Account: "a", C2CmsgNospeakingTime: 60 }, config)).toEqual(OK);
    expect(await call("setnospeaking", { Set_Account: "a", GroupmsgNospeakingTime: 0 }, config)).toEqual(OK);
    expect(clock.sleeps.length).toBe(before);
    expect(await call("setnospeaking", { Set_Account: "a", GroupmsgNospeakingTime: 60 }, config)).toEqual(OK);
    // A sleep to a time already past: at once.
    expect(clock.sleeps.slice(before).every((at) => at <= serviceClock.nowMs())).toBe(true);
  });
});
