import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, createGroup, fail, OK, sendText, useTestClock } from "../helpers";

beforeEach(() => {
  useTestClock();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `work` and answers the access log lines it wrote (one per call). */
async function accessLog(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => "rid" in line);
}

/** The fields of the access log lines that say how a call went and its hops. */
const hopsOf = (lines: Record<string, unknown>[]) => lines.map(({ command, code, rpcs }) => ({ command, code, rpcs }));

describe("Durable Object hops per call, as the access log counts them", () => {
  it("forbid_send_msg and send_group_msg make two: the app object's admission, then the group", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    // App-wide mutes configured for other accounts and for bob: the admission reads them on its own hop.
    for (const account of ["x1", "x2", "bob"]) {
      await call("setnospeaking", { Set_Account: account, GroupmsgNospeakingTime: 600 }, { service: "openconfigsvr" });
    }
    const lines = await accessLog(async () => {
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["eve"], MuteTime: 60 })).toEqual(OK);
      expect(await sendText(g, "owner")).toMatchObject(OK);
      expect(await sendText(g, "bob")).toMatchObject(fail(10017));
      expect(await sendText(g, undefined)).toMatchObject(OK);
    });
    expect(hopsOf(lines)).toEqual([
      { command: "forbid_send_msg", code: 0, rpcs: 2 },
      { command: "send_group_msg", code: 0, rpcs: 2 },
      { command: "send_group_msg", code: 10017, rpcs: 2 },
      { command: "send_group_msg", code: 0, rpcs: 2 },
    ]);
  });

  it("the app-level commands make two as well; a refusal before admission makes none", async () => {
    const lines = await accessLog(async () => {
      await call("get_appid_group_list", {});
      await call("getnospeaking", { Get_Account: "a" }, { service: "openconfigsvr" });
      await call("get_appid_group_list", {}, { usersig: "bad" });
    });
    expect(lines.map((l) => l.rpcs)).toEqual([2, 2, 0]);
  });

  it("each line carries the SQLite rows its call read and wrote, over both objects", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const lines = await accessLog(async () => {
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 })).toEqual(OK);
      expect(await call("get_group_muted_account", { GroupId: g })).toMatchObject(OK);
      await call("get_group_muted_account", { GroupId: g }, { usersig: "bad" });
    });
    const rows = lines.map(({ rowsRead, rowsWritten }) => ({ rowsRead, rowsWritten }));
    // The mute writes its row (and what comes with it); the listing reads the mute and writes nothing.
    expect(rows[0]!.rowsWritten).toBeGreaterThan(0);
    expect(rows[1]!.rowsRead).toBeGreaterThan(0);
    expect(rows[1]!.rowsWritten).toBe(0);
    expect(rows[2]).toEqual({ rowsRead: 0, rowsWritten: 0 });
  });

  it("a mute writes three rows and a send four, once the group has the rows they update", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 })).toEqual(OK);
    expect(await sendText(g, "owner")).toMatchObject(OK);
    const lines = await accessLog(async () => {
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 61 })).toEqual(OK);
      expect(await sendText(g, "owner")).toMatchObject(OK);
    });
    // docs/benchmarks.md says why each row is there: the mute, its history entry and the account's
    // chain head; the message, its Random for the repeat window, the MsgSeq, the sender's last send.
    expect(lines.map(({ command, rowsWritten }) => ({ command, rowsWritten }))).toEqual([
      { command: "forbid_send_msg", rowsWritten: 3 },
      { command: "send_group_msg", rowsWritten: 4 },
    ]);
  });
});
