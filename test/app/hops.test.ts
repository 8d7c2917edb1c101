import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  asApp,
  call,
  createGroup,
  fail,
  getMuted,
  LIMITED_APP,
  mute,
  OK,
  sendText,
  T0,
  useTestClock,
} from "../helpers";

/** Each test at its own time, far from the others' mutes and leases. */
let testNumber = 0;
beforeEach(() => {
  testNumber += 1;
  useTestClock(T0 + 50_000 * testNumber);
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface Hops {
  command: string;
  code: number;
  rpcs: number;
  leaseRpcs: number;
}

/** Runs `work` and answers the access log lines it wrote (one per call). */
async function accessLog(work: () => Promise<unknown>): Promise<Hops[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => "rid" in line)
    .map(({ command, code, rpcs, leaseRpcs }) => ({ command, code, rpcs, leaseRpcs }) as Hops);
}

const path = (lines: Hops[]) => lines.map(({ command, code, rpcs }) => ({ command, code, rpcs }));

describe("Durable Object hops on a call's path, as the access log counts them", () => {
  it("forbid_send_msg makes one, the group, once the isolate holds a lease; the first waits for it", async () => {
    const g = await createGroup();
    const lines = await accessLog(async () => {
      for (let i = 0; i < 6; i++)
        expect(await call("forbid_send_msg", { GroupId: g, Members_Account: [`e${i}`], MuteTime: 60 })).toEqual(OK);
    });
    expect(path(lines)).toEqual([
      { command: "forbid_send_msg", code: 0, rpcs: 2 },
      ...Array(5).fill({ command: "forbid_send_msg", code: 0, rpcs: 1 }),
    ]);
    // The next leases were asked for off the calls' path.
    expect(lines.reduce((n, l) => n + l.leaseRpcs, 0)).toBeGreaterThan(0);
  });

  it("send_group_msg makes one while no app-wide mute is in force, two after setnospeaking, seen at once", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await sendText(g, "owner");
    const config = { service: "openconfigsvr" };
    const lines = await accessLog(async () => {
      expect(await sendText(g, "bob")).toMatchObject(OK);
      expect(await sendText(g, "owner")).toMatchObject(OK);
      expect(await call("setnospeaking", { Set_Account: "bob", GroupmsgNospeakingTime: 600 }, config)).toEqual(OK);
      expect(await sendText(g, "bob")).toMatchObject(fail(10017));
      expect(await sendText(g, "owner")).toMatchObject(OK);
      // The app object said owner is not muted, and promised it for a second: the next send is one hop.
      expect(await sendText(g, "owner")).toMatchObject(OK);
      // The app admin (no From_Account) is never muted: nothing to read.
      expect(await sendText(g, undefined)).toMatchObject(OK);
    });
    expect(path(lines)).toEqual([
      { command: "send_group_msg", code: 0, rpcs: 1 },
      { command: "send_group_msg", code: 0, rpcs: 1 },
      { command: "setnospeaking", code: 0, rpcs: 2 },
      { command: "send_group_msg", code: 10017, rpcs: 2 },
      { command: "send_group_msg", code: 0, rpcs: 2 },
      { command: "send_group_msg", code: 0, rpcs: 1 },
      { command: "send_group_msg", code: 0, rpcs: 1 },
    ]);
  });

  it("the app-level commands make one with a lease in hand: the app object's own work", async () => {
    const lines = await accessLog(async () => {
      for (let i = 0; i < 2; i++) {
        await call("get_appid_group_list", {});
        await call("getnospeaking", { Get_Account: "a" }, { service: "openconfigsvr" });
      }
      await call("get_appid_group_list", {}, { usersig: "bad" });
    });
    expect(lines.map((l) => l.rpcs)).toEqual([2, 2, 1, 1, 0]);
  });

  it("a call refused for rate while the isolate knows the budget is dry makes none", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    const lines = await accessLog(async () => {
      for (let i = 0; i < 10; i++) expect(await mute(g, [`m${i}`], 60, o)).toEqual(OK);
      for (let i = 0; i < 3; i++) expect(await mute(g, ["late"], 60, o)).toMatchObject(fail(60007));
      expect(await getMuted(g, o)).toMatchObject(OK);
    });
    // The lease renewed off the 10th call's path found the budget dry: the refusals ask nobody, and the
    // next command's first call waits for its own lease.
    expect(lines.slice(10).map((l) => [l.command, l.code, l.rpcs])).toEqual([
      ["forbid_send_msg", 60007, 0],
      ["forbid_send_msg", 60007, 0],
      ["forbid_send_msg", 60007, 0],
      ["get_group_muted_account", 0, 2],
    ]);
  });
});
