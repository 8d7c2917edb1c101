import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, createGroup, OK, sendText, useTestClock } from "../helpers";

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

describe("SQLite rows per call, as the access log counts them", () => {
  it("each line carries the rows its call read and wrote, over both objects", async () => {
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

describe("rows of the calls that reach more objects", () => {
  it("an add counts its members' rows, and the joined-group index's: five a member", async () => {
    const adds = [];
    for (const n of [10, 30]) {
      const g = await createGroup({ Owner_Account: "owner" });
      const MemberList = Array.from({ length: n }, (_, i) => ({ Member_Account: `m${n}-${i}` }));
      const [line] = await accessLog(async () => {
        expect(await call("add_group_member", { GroupId: g, MemberList })).toMatchObject(OK);
      });
      adds.push(line!.rowsWritten as number);
    }
    // Per member: its row and its listing entry; the index's row and its two entries (docs/benchmarks.md).
    // What the index must still hear is one row per change, whatever its size (joined_pending).
    expect(adds[1]! - adds[0]!).toBe(20 * 5);
  });
});
