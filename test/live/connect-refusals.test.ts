import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, LIMITED_APP } from "../fixtures/apps";
import { appSocket, connect } from "../fixtures/live-socket";
import { asApp, createGroup, type TestClock, useTestClock, validSig } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

/** A connect's first frame and close code, for a query built from `params`. */
async function refusal(g: string, params: [string, string][]) {
  const client = await connect(g, "bob", { query: new URLSearchParams(params).toString() });
  return { frame: await client.next(), closed: await client.closed };
}

describe("a refused connect: one Error frame, then a close of 4000", () => {
  it("a query that is missing a field, malformed, or names one twice", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const base: [string, string][] = [
      ["sdkappid", String(DEMO_APP.sdkappid)],
      ["identifier", "bob"],
      ["usersig", await validSig(DEMO_APP.sdkappid, "bob")],
    ];
    const cases: [[string, string][], number, string][] = [
      [base, 10004, "query parameter GroupId is missing"],
      [[...base, ["GroupId", g], ["Since", "-1"]], 10004, "query parameter Since must be a Seq: a whole number"],
      [[...base, ["GroupId", g], ["GroupId", g]], 60002, "query parameter GroupId is given 2 times"],
      [[...base, ["GroupId", "has space"]], 10015, "query parameter GroupId is malformed"],
      [base.slice(1).concat([["GroupId", g]]), 60012, "query parameter sdkappid is missing"],
    ];
    for (const [params, ErrorCode, ErrorInfo] of cases) {
      expect(await refusal(g, params)).toEqual({ frame: { Type: "Error", ErrorCode, ErrorInfo }, closed: 4000 });
    }
  });

  it("past the app's connects a second (group_live_connect, else its default: 10 here): 60007", async () => {
    clock.advance(700_000);
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({ Owner_Account: "owner" }, o);
    const firsts = [];
    for (let i = 0; i < 11; i++) firsts.push((await (await appSocket(LIMITED_APP, g, "owner")).next()).Type);
    expect(firsts.slice(0, 10)).toEqual(Array(10).fill("State"));
    expect(firsts[10]).toBe("Error");
    const late = await appSocket(LIMITED_APP, g, "owner");
    expect(await late.next()).toEqual({
      Type: "Error",
      ErrorCode: 60007,
      ErrorInfo: "connects are over this app's limit; retry later",
    });
    expect(await late.closed).toBe(4000);
    clock.advance(1);
    expect(await (await appSocket(LIMITED_APP, g, "owner")).next()).toMatchObject({ Type: "State" });
  });
});
