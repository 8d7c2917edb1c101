import { beforeEach, describe, expect, it } from "vitest";
import { appObjectName } from "../../src/contract/object-names";
import {
  type Answer,
  admitted,
  appStub,
  asApp,
  call,
  createGroup,
  fail,
  getMuted,
  LIMITED_APP,
  mute,
  mutedAnswer,
  mutedList,
  OK,
  SECOND_APP,
  sign,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

const RATE_LIMITED = 60007;

/** Each test starts 1000 s after the previous one, so every budget left by an earlier test has refilled. */
let testNumber = 0;
let clock: TestClock;
beforeEach(() => {
  testNumber += 1;
  clock = useTestClock(T0 + 1000 * testNumber);
});

function expectRateLimited(answer: Answer, command: string, limit: number): void {
  expect(answer).toMatchObject(fail(RATE_LIMITED));
  expect(answer.ErrorInfo).toContain(command);
  expect(answer.ErrorInfo).toMatch(new RegExp(`\\b${limit}\\b`));
}

/** Makes `n` calls one after another and answers them in order. */
async function inSequence(n: number, make: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i++) out.push(await make(i));
  return out;
}

describe("limiter through the API (LIMITED_APP: 10/s, get_group_info 5/s)", () => {
  it("10 calls at one instant are accepted; the 11th gets 60007 naming the command and the limit", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const accepted = await inSequence(10, () => getMuted(g, o));
    for (const a of accepted) expect(a).toEqual(mutedAnswer(g));

    expectRateLimited(await getMuted(g, o), "get_group_muted_account", 10);
    // It stays refused while the clock stands still.
    expectRateLimited(await getMuted(g, o), "get_group_muted_account", 10);
  });

  it("100 ms later exactly one more call is accepted, not a millisecond sooner; a second later, 10 again", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const list = () => getMuted(g, o);
    await inSequence(10, list);
    expect((await list()).ErrorCode).toBe(RATE_LIMITED);

    clock.advance(0.099);
    expect((await list()).ErrorCode).toBe(RATE_LIMITED);
    clock.advance(0.001);
    expect(await list()).toMatchObject(OK);
    expect((await list()).ErrorCode).toBe(RATE_LIMITED);

    clock.advance(1);
    const again = await inSequence(11, list);
    expect(again.slice(0, 10).map((a) => a.ErrorCode)).toEqual(Array(10).fill(0));
    expect(again[10]!.ErrorCode).toBe(RATE_LIMITED);
  });

  it("get_group_info has its own budget of 5 (per-command override), separate from other commands", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const info = () => call("get_group_info", { GroupIdList: [g] }, o);
    const list = () => getMuted(g, o);

    const accepted = await inSequence(5, info);
    for (const a of accepted) expect(a).toMatchObject({ ...OK, GroupInfo: [{ GroupId: g, ErrorCode: 0 }] });
    expectRateLimited(await info(), "get_group_info", 5);

    // get_group_info being exhausted leaves get_group_muted_account its full 10.
    const listed = await inSequence(10, list);
    expect(listed.map((a) => a.ErrorCode)).toEqual(Array(10).fill(0));
    expectRateLimited(await list(), "get_group_muted_account", 10);

    // ... and forbid_send_msg its full default of 10.
    const muted = await inSequence(10, (i) => mute(g, [`m${i}`], 60, o));
    expect(muted.map((a) => a.ErrorCode)).toEqual(Array(10).fill(0));
    expectRateLimited(await mute(g, ["m10"], 60, o), "forbid_send_msg", 10);

    // After 200 ms get_group_info has one more (1/5 s each); get_group_muted_account has two (1/10 s each).
    clock.advance(0.2);
    expect(await info()).toMatchObject(OK);
    expect((await info()).ErrorCode).toBe(RATE_LIMITED);
    expect((await inSequence(3, list)).map((a) => a.ErrorCode)).toEqual([0, 0, RATE_LIMITED]);
  });

  it("exhausting get_group_muted_account leaves get_group_info its 5", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    await inSequence(10, () => getMuted(g, o));
    expect((await getMuted(g, o)).ErrorCode).toBe(RATE_LIMITED);
    const infos = await inSequence(6, () => call("get_group_info", { GroupIdList: [g] }, o));
    expect(infos.map((a) => a.ErrorCode)).toEqual([0, 0, 0, 0, 0, RATE_LIMITED]);
  });

  it("another app is unaffected while LIMITED_APP is exhausted", async () => {
    const o = await asApp(LIMITED_APP);
    const limitedGroup = await createGroup({}, o);
    const demoGroup = await createGroup();
    await inSequence(10, () => getMuted(limitedGroup, o));
    expect((await getMuted(limitedGroup, o)).ErrorCode).toBe(RATE_LIMITED);

    const demo = await inSequence(30, () => getMuted(demoGroup));
    for (const a of demo) expect(a).toEqual(mutedAnswer(demoGroup));

    // DEMO_APP's calls gave LIMITED_APP nothing back.
    expect((await getMuted(limitedGroup, o)).ErrorCode).toBe(RATE_LIMITED);
  });

  it("a refused forbid_send_msg leaves the group unchanged", async () => {
    const o = await asApp(LIMITED_APP);
    const target = await createGroup({}, o);
    const other = await createGroup({}, o);
    // Spend the forbid_send_msg budget on another group; those calls take effect.
    const spent = await inSequence(10, (i) => mute(other, [`spent${i}`], 3600, o));
    expect(spent.map((a) => a.ErrorCode)).toEqual(Array(10).fill(0));

    expectRateLimited(await mute(target, ["victim"], 3600, o), "forbid_send_msg", 10);
    expectRateLimited(await mute(target, ["victim"], 4294967295, o), "forbid_send_msg", 10);

    clock.advance(1);
    expect(await getMuted(target, o)).toEqual(mutedAnswer(target));
    expect((await mutedList(other, o)).map((m) => m.Member_Account).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `spent${i}`).sort(),
    );
  });

  it("the budget is checked before the body: an exhausted command answers 60007 even to a malformed one", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    // Before exhaustion a malformed body is a body error, and still spends one call of the budget.
    const malformed = await call("forbid_send_msg", null, { ...o, rawBody: "{not json" });
    expect(malformed.ActionStatus).toBe("FAIL");
    expect(malformed.ErrorCode).not.toBe(RATE_LIMITED);
    const invalid = await call("forbid_send_msg", { GroupId: g }, o);
    expect(invalid.ActionStatus).toBe("FAIL");
    expect(invalid.ErrorCode).not.toBe(RATE_LIMITED);

    const rest = await inSequence(8, (i) => mute(g, [`a${i}`], 60, o));
    expect(rest.map((a) => a.ErrorCode)).toEqual(Array(8).fill(0));

    expectRateLimited(await call("forbid_send_msg", null, { ...o, rawBody: "{not json" }), "forbid_send_msg", 10);
    expectRateLimited(await call("forbid_send_msg", { GroupId: g }, o), "forbid_send_msg", 10);
  });

  it("calls refused by authentication spend no budget", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const wrongSig = await sign({
      sdkappid: LIMITED_APP.sdkappid,
      identifier: LIMITED_APP.admin,
      key: "not-the-key",
      time: 0,
      expire: 4_000_000_000,
    });
    const refused = await inSequence(20, () => getMuted(g, { ...o, usersig: wrongSig }));
    for (const a of refused) {
      expect(a.ActionStatus).toBe("FAIL");
      expect(a.ErrorCode).not.toBe(RATE_LIMITED);
    }
    const accepted = await inSequence(11, () => getMuted(g, o));
    expect(accepted.map((a) => a.ErrorCode)).toEqual([...Array(10).fill(0), RATE_LIMITED]);
  });
});

describe("the app object's rate budgets", () => {
  it("keeps one budget per command, refills with the clock", async () => {
    const stub = appStub(`direct-${crypto.randomUUID()}`);
    const admitMany = async (command: string, rate: number, n: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < n; i++) out.push(admitted(await stub.admit(command, rate)));
      return out;
    };
    expect(await admitMany("alpha", 3, 4)).toEqual([true, true, true, false]);
    expect(await admitMany("beta", 3, 4)).toEqual([true, true, true, false]);
    expect(await admitMany("gamma", 1, 2)).toEqual([true, false]);
    // alpha is still exhausted: beta and gamma took nothing from it, nor it from them.
    expect(admitted(await stub.admit("alpha", 3))).toBe(false);

    // Half a second refills one call of a 3/s budget (1/3 s each), none of a 1/s budget.
    clock.advance(0.5);
    expect(await admitMany("alpha", 3, 2)).toEqual([true, false]);
    expect(await admitMany("beta", 3, 2)).toEqual([true, false]);
    expect(admitted(await stub.admit("gamma", 1))).toBe(false);

    // A long idle refills one burst, no more.
    clock.advance(3600);
    expect(await admitMany("alpha", 3, 4)).toEqual([true, true, true, false]);
    expect(await admitMany("gamma", 1, 2)).toEqual([true, false]);
  });

  it("concurrent RPCs at one instant get exactly `rate` admissions", async () => {
    const stub = appStub(`direct-${crypto.randomUUID()}`);
    const answers = await Promise.all(Array.from({ length: 100 }, async () => admitted(await stub.admit("burst", 37))));
    expect(answers.filter((a) => a).length).toBe(37);
  });

  it("two objects of the namespace have separate budgets", async () => {
    const one = appStub(`direct-${crypto.randomUUID()}`);
    const two = appStub(`direct-${crypto.randomUUID()}`);
    expect(admitted(await one.admit("cmd", 1))).toBe(true);
    expect(admitted(await one.admit("cmd", 1))).toBe(false);
    expect(admitted(await two.admit("cmd", 1))).toBe(true);
  });

  it("is the object the API uses for an app: the one named by its sdkappid", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const stub = appStub(appObjectName(LIMITED_APP.sdkappid));
    for (let i = 0; i < 10; i++) expect(admitted(await stub.admit("get_group_muted_account", 10))).toBe(true);
    expectRateLimited(await getMuted(g, o), "get_group_muted_account", 10);
  });
});

describe("limiter under concurrency", () => {
  it("400 concurrent mutes to one app at 200/s: exactly 200 OK and 200 60007; another app's 50 all OK", async () => {
    const demoGroup = await createGroup();
    const second = await asApp(SECOND_APP);
    const secondGroup = await createGroup({}, second);

    const [demo, other] = await Promise.all([
      Promise.all(Array.from({ length: 400 }, (_, i) => mute(demoGroup, [`c${i}`], 600))),
      Promise.all(Array.from({ length: 50 }, (_, i) => mute(secondGroup, [`s${i}`], 600, second))),
    ]);

    const ok = demo.flatMap((a, i) => (a.ErrorCode === 0 ? [`c${i}`] : []));
    const limited = demo.filter((a) => a.ErrorCode === RATE_LIMITED);
    expect(ok.length).toBe(200);
    expect(limited.length).toBe(200);
    for (const a of limited) expectRateLimited(a, "forbid_send_msg", 200);
    for (const a of other) expect(a).toEqual(OK);

    // Exactly the accepted calls took effect.
    clock.advance(1);
    expect((await mutedList(demoGroup)).map((m) => m.Member_Account).sort()).toEqual(ok.sort());
    expect(await mutedList(secondGroup, second)).toHaveLength(50);
  }, 60_000);

  it("DEMO_APP's 200/s default is per command: the 201st call at once is refused, another has 200", async () => {
    const g = await createGroup();
    const list = await Promise.all(Array.from({ length: 201 }, () => getMuted(g)));
    expect(list.filter((a) => a.ErrorCode === 0).length).toBe(200);
    expect(list.filter((a) => a.ErrorCode === RATE_LIMITED).length).toBe(1);
    const info = await Promise.all(Array.from({ length: 200 }, () => call("get_group_info", { GroupIdList: [g] })));
    expect(info.every((a) => a.ErrorCode === 0)).toBe(true);
    expect((await call("get_group_info", { GroupIdList: [g] })).ErrorCode).toBe(RATE_LIMITED);
    // The limits are per app: SECOND_APP's get_group_info is untouched.
    expect((await call("get_group_info", { GroupIdList: [g] }, await asApp(SECOND_APP))).ErrorCode).toBe(0);
  }, 60_000);

  it("through SELF too: 30 concurrent calls of LIMITED_APP at one instant, exactly 10 accepted", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const answers = await Promise.all(Array.from({ length: 30 }, () => getMuted(g, { ...o, viaSelf: true })));
    expect(answers.filter((a) => a.ErrorCode === 0).length).toBe(10);
    expect(answers.filter((a) => a.ErrorCode === RATE_LIMITED).length).toBe(20);
  });
});
