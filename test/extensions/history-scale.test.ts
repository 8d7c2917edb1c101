import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { HistoryPage, MuteLadder } from "../../src/contract/group-rpc";
import type { GroupObject } from "../../src/group/group-object";
import type { Outcome } from "../../src/wire/errors";
import { PERMANENT } from "../../src/wire/mute-time";
import {
  accounts,
  call,
  createGroup,
  groupStub,
  mutedList,
  OK,
  rpcAnswer,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

/**
 * Issue 26: what one call reads of the mute history does not grow with it.
 * Each test does the same call on two groups that differ only by a long
 * history of other accounts, and counts the rows the group's SQLite read
 * (every statement's cursor, `rowsRead`) while the call ran in the object.
 */

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const LADDER: MuteLadder = { steps: [600, 3600, 86_400], decayDays: 30 };

/** Runs `run` in the group's object and counts the rows its SQLite read meanwhile. */
function rowsRead<T>(
  groupId: string,
  run: (group: GroupObject) => T | Promise<T>,
): Promise<{ rows: number; answer: T }> {
  return runInDurableObject(groupStub(groupId), async (group: GroupObject, state) => {
    const sql = state.storage.sql;
    const exec = sql.exec;
    const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
    sql.exec = ((query: string, ...bindings: unknown[]) => {
      const cursor = exec.call(sql, query, ...bindings);
      cursors.push(cursor);
      return cursor;
    }) as typeof sql.exec;
    try {
      const answer = await run(group);
      return { rows: cursors.reduce((n, c) => n + c.rowsRead, 0), answer };
    } finally {
      sql.exec = exec;
    }
  });
}

/** `calls` mutes of 100 other accounts each, written in the object (a history of calls x 100 entries). */
const others = (groupId: string, calls: number, prefix = "o", seconds = 3600) =>
  runInDurableObject(groupStub(groupId), async (group: GroupObject) => {
    for (let c = 0; c < calls; c++) {
      expect(
        rpcAnswer(await group.forbid(JSON.stringify(accounts(100, `${prefix}${c}-`)), seconds, null, "op", "")),
      ).toEqual({});
    }
  });

/** A page's entries, as answered. */
type Shown = { Action: string; Member_Account: string; MutedUntil: number };
const entriesOf = (page: Outcome<HistoryPage>): Shown[] =>
  page.refused === undefined ? (JSON.parse(page.entriesJson) as Shown[]) : [];

const mute = (groupId: string, list: string[], seconds: number | MuteLadder) =>
  runInDurableObject(groupStub(groupId), (group: GroupObject) =>
    group.forbid(JSON.stringify(list), seconds, null, "op", ""),
  );

/** Two groups with the same story for `t`; the second's history also holds 30,000 entries of others, around it. */
async function twoGroups(story: (groupId: string) => Promise<void>): Promise<[string, string]> {
  const short = await createGroup();
  const long = await createGroup();
  await story(short);
  await others(long, 150, "before");
  await story(long);
  await others(long, 150, "after");
  return [short, long];
}

describe("Escalate with a long history", () => {
  it("reads as many rows as with a short one, and counts the same mutes", async () => {
    const [short, long] = await twoGroups(async (g) => {
      await mute(g, ["t"], 60);
      await mute(g, ["t", "u"], 60);
    });
    const escalate = (g: string) => rowsRead(g, (group) => group.forbid(JSON.stringify(["t", "u", "v"]), LADDER, null));
    const a = await escalate(short);
    const b = await escalate(long);
    expect([rpcAnswer(a.answer), rpcAnswer(b.answer)]).toEqual([{}, {}]);
    expect(b.rows).toBe(a.rows);
    // In proportion to the accounts named: a few rows each.
    expect(a.rows).toBeLessThan(40);
    // t had two mutes (the third step), u one (the second), v none (the first).
    for (const g of [short, long]) {
      const until = Object.fromEntries((await mutedList(g)).map((e) => [e.Member_Account, e.MutedUntil]));
      expect([until.t, until.u, until.v]).toEqual([T0 + 86_400, T0 + 3600, T0 + 600]);
    }
  });
});

describe("get_group_mute_history of one account with a long history", () => {
  /** t: 30 entries, muted and unmuted in turn, a second apart. */
  const story = async (g: string) => {
    for (let i = 0; i < 15; i++) {
      await mute(g, ["t", `x${i}`], 600 + i);
      clock.advance(1);
      await mute(g, ["t"], 0);
      clock.advance(1);
    }
  };

  it("reads a page's rows, not the history's; Next goes on where the page ended", async () => {
    const start = clock.now;
    const [short, long] = await twoGroups(async (g) => {
      clock.set(start);
      await story(g);
    });
    const page = (g: string, next: string) => rowsRead(g, (group) => group.muteHistoryPage("t", next, 10));
    const read = async (g: string) => {
      const pages: { rows: number; entries: Shown[] }[] = [];
      let next = "";
      do {
        const p = await page(g, next);
        pages.push({ rows: p.rows, entries: entriesOf(p.answer) });
        next = p.answer.refused === undefined ? p.answer.next : "";
      } while (next !== "");
      return pages;
    };
    const a = await read(short);
    const b = await read(long);
    expect(b.map((p) => p.rows)).toEqual(a.map((p) => p.rows));
    // A page of 10: a few rows an entry.
    expect(Math.max(...a.map((p) => p.rows))).toBeLessThan(40);
    const entries = (pages: typeof a) => pages.flatMap((p) => p.entries);
    expect(entries(b)).toEqual(entries(a));
    expect(entries(a).map((e) => e.Action)).toEqual(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? "Unmute" : "Mute")),
    );
    expect(entries(a)[29]).toEqual({
      Time: start,
      Action: "Mute",
      Member_Account: "t",
      Operator_Account: "op",
      MutedUntil: start + 600,
      Reason: "",
    });
  });

  it("a Next stays where it was while more entries are written; any other number means below it", async () => {
    const g = await createGroup();
    await story(g);
    const ofT = (extra: Record<string, unknown>) =>
      call("get_group_mute_history", { GroupId: g, Member_Account: "t", ...extra });
    // The number of another account's entry (the 5th newest of the group's; x14's): t's entries below it.
    const whole = await call("get_group_mute_history", { GroupId: g, Limit: 100 });
    expect(whole.HistoryList).toHaveLength(45);
    const fifth = await call("get_group_mute_history", { GroupId: g, Limit: 5 });
    expect((await ofT({ Limit: 100, Next: fifth.Next })).HistoryList).toEqual(
      whole.HistoryList.slice(5).filter((e: Shown) => e.Member_Account === "t"),
    );
    const x14 = whole.HistoryList.findIndex((e: Shown) => e.Member_Account === "x14");
    const atX14 = await call("get_group_mute_history", { GroupId: g, Limit: x14 + 1 });
    expect(atX14.HistoryList.at(-1).Member_Account).toBe("x14");
    expect((await ofT({ Limit: 100, Next: atX14.Next })).HistoryList).toEqual(
      whole.HistoryList.slice(x14 + 1).filter((e: Shown) => e.Member_Account === "t"),
    );
    // Its own pages, while more is written.
    const first = await ofT({ Limit: 4 });
    await others(g, 3);
    await mute(g, ["t"], 60);
    const second = await ofT({ Limit: 4, Next: first.Next });
    const all = await ofT({ Limit: 100 });
    expect(all.HistoryList).toHaveLength(31);
    expect([...first.HistoryList, ...second.HistoryList]).toEqual(all.HistoryList.slice(1, 9));
    // Past the newest: from the newest.
    expect((await ofT({ Next: "999999999" })).HistoryList).toEqual(all.HistoryList.slice(0, 20));
    // Below the first entry: none.
    expect((await ofT({ Next: "1" })).HistoryList).toEqual([]);
  });
});

describe("get_group_mute_history from a Next deep in a long history", () => {
  it("reads from the entry it names, not from the newest", async () => {
    const g = await createGroup();
    await others(g, 300);
    const deep = (next: string) => rowsRead(g, (group) => group.muteHistoryPage(null, next, 5));
    const newest = await deep("");
    const oldest = await deep("50");
    expect(entriesOf(oldest.answer).map((e) => e.Member_Account)).toEqual([
      "o0-48",
      "o0-47",
      "o0-46",
      "o0-45",
      "o0-44",
    ]);
    expect(oldest.rows).toBeLessThanOrEqual(newest.rows + 2);
  });
});

describe("pruning", () => {
  it("forgets the accounts whose every entry is pruned; the others' pages and counts stay", async () => {
    const g = await createGroup();
    await mute(g, ["t"], 60);
    await others(g, 105, "o", PERMANENT);
    const known = () =>
      runInDurableObject(
        groupStub(g),
        (_: unknown, s: DurableObjectState) =>
          s.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM history_accounts").one().n,
      );
    expect(await known()).toBe(10_501);
    clock.advance(91 * 86_400);
    const at = clock.now;
    await mute(g, ["t"], LADDER);
    // Past 90 days and the last 10,000 entries: t's first mute and o0..o4's; the alarm deletes them,
    // then looks through the accounts, 1,000 a run.
    for (let run = 0; run < 12; run++) {
      await runDurableObjectAlarm(groupStub(g));
      clock.advance(1);
    }
    expect(await known()).toBe(10_001);
    const ofT = await call("get_group_mute_history", { GroupId: g, Member_Account: "t" });
    expect(ofT).toMatchObject({ ...OK, Next: "" });
    // The Expire of its first mute was recorded with the escalation, which counted none: the first step.
    expect(ofT.HistoryList.map((e: Shown) => [e.Action, e.MutedUntil])).toEqual([
      ["Mute", at + 600],
      ["Expire", T0 + 60],
    ]);
    expect((await call("get_group_mute_history", { GroupId: g, Member_Account: "o4-1" })).HistoryList).toEqual([]);
    expect((await call("get_group_mute_history", { GroupId: g, Member_Account: "o5-1" })).HistoryList).toHaveLength(1);
  });
});
