import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { MuteStore } from "../../src/group/mute-store";
import { MAX_BATCH_CHARS } from "../../src/scheduler/group-commit";
import { Scheduler } from "../../src/scheduler/scheduler";
import {
  accounts,
  captureFaults,
  createGroup,
  fail,
  getMuted,
  groupStub,
  mute,
  mutedList,
  OK,
  outgoing,
  rpcAnswer,
  T0,
  useTestClock,
} from "../helpers";

beforeEach(() => void useTestClock());

const originalMuteUntil = MuteStore.prototype.muteUntil;
const originalDueBy = Scheduler.prototype.dueBy;
afterEach(() => {
  MuteStore.prototype.muteUntil = originalMuteUntil;
  Scheduler.prototype.dueBy = originalDueBy;
});

/** The fault line of a forbid_send_msg whose write threw the injected fault. */
const INJECTED = { event: "forbid_failed", error: "Error: injected storage fault" };

const rows = (state: DurableObjectState) =>
  state.storage.sql
    .exec<{ account: string; until: number }>("SELECT account, until FROM mutes ORDER BY account")
    .toArray();

/**
 * Inside the object, calls made in one turn stand for calls that arrive
 * together: their mutes wait for the end of the turn and are written in one.
 */
describe("mutes of calls that arrive together", () => {
  it("are written at the end of the turn, in arrival order", async () => {
    const g = await createGroup();
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const answers = [
        group.forbid('["a"]', 100, null),
        group.forbid('["a"]', 0, null),
        group.forbid('["b"]', 50, null),
        group.forbid('["c"]', 0, null),
      ];
      expect(rows(state)).toEqual([]);
      expect((await Promise.all(answers)).map(rpcAnswer)).toEqual([{}, {}, {}, {}]);
      expect(rows(state)).toEqual([{ account: "b", until: T0 + 50 }]);
    });
  });

  it("are seen by a read that arrives after them", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "a" }] });
    await runInDurableObject(groupStub(g), async (group: GroupObject) => {
      const pending = [group.forbid('["a"]', 100, null), group.forbid('["b"]', 30, null)];
      const list = group.listMuted(false, null) as { groupId: string; mutedJson: Uint8Array };
      expect(list.groupId).toBe(g);
      expect(utf8(list.mutedJson)).toEqual([
        { Member_Account: "a", MutedUntil: T0 + 100 },
        { Member_Account: "b", MutedUntil: T0 + 30 },
      ]);
      pending.push(group.forbid('["owner"]', 40, null));
      const onlyMutes = { fields: ["MuteUntil" as const], roles: null, appKeys: null };
      const page = group.memberPage(onlyMutes, { offset: 0, next: "" }, 10) as { membersJson: Uint8Array };
      expect(utf8(page.membersJson)).toEqual([
        { Member_Account: "owner", MuteUntil: T0 + 40, ShutUpUntil: T0 + 40 },
        { Member_Account: "a", MuteUntil: T0 + 100, ShutUpUntil: T0 + 100 },
      ]);
      pending.push(group.forbid('["a"]', 0, null));
      expect(rpcAnswer(await group.send(outgoing("a", 1)))).toEqual({ seq: 1, time: T0, dropReason: null });
      pending.push(group.forbid('["a"]', 10, null));
      expect(await group.send(outgoing("a", 2))).toMatchObject({ refused: 10017 });
      await Promise.all(pending);
    });
  });

  it("are answered and applied before a destroy that arrives after them", async () => {
    const g = await createGroup();
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const muted = group.forbid('["a"]', 100, null);
      expect(rpcAnswer(await group.destroy())).toEqual({});
      expect(rpcAnswer(await muted)).toEqual({});
      expect(state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'mutes'").toArray()).toEqual([]);
    });
    expect(await getMuted(g)).toMatchObject(fail(10010));
  });

  it("each keep their own atomicity: a write that throws fails only its own call", async () => {
    const g = await createGroup();
    MuteStore.prototype.muteUntil = function (this: MuteStore, scope: string, list: string, until: number) {
      if (list.includes("boom")) throw new Error("injected storage fault");
      originalMuteUntil.call(this, scope, list, until);
    };
    const together = await captureFaults(() =>
      runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
        const answers = await Promise.all([
          group.forbid('["a"]', 10, null),
          group.forbid('["boom"]', 20, null),
          group.forbid('["c"]', 30, null),
        ]);
        // Nothing is thrown across the RPC boundary: the failed write is its call's 10002.
        expect(answers.map(rpcAnswer)).toEqual([{}, { refused: 10002, info: "internal error; safe to retry" }, {}]);
        expect(rows(state)).toEqual([
          { account: "a", until: T0 + 10 },
          { account: "c", until: T0 + 30 },
        ]);
      }),
    );
    // The failed call's fault is logged where it happened, once.
    expect(together.faults).toEqual([INJECTED]);
    // Through the API, the failed call is 10002 and changes nothing; the next one succeeds.
    const alone = await captureFaults(async () => expect(await mute(g, ["boom"], 5)).toMatchObject(fail(10002)));
    expect(alone.faults).toEqual([INJECTED]);
    expect(await mute(g, ["d"], 5)).toEqual(OK);
    expect((await mutedList(g)).map((m) => m.Member_Account)).toEqual(["a", "c", "d"]);
  });

  it("a call whose schedule write fails leaves no mute either", async () => {
    const g = await createGroup();
    Scheduler.prototype.dueBy = () => {
      throw new Error("injected storage fault");
    };
    const { faults } = await captureFaults(async () => expect(await mute(g, ["a"], 10)).toMatchObject(fail(10002)));
    expect(faults).toEqual([INJECTED]);
    Scheduler.prototype.dueBy = originalDueBy;
    await runInDurableObject(groupStub(g), (_group: GroupObject, state) => {
      expect(rows(state)).toEqual([]);
      expect(state.storage.sql.exec("SELECT kind FROM schedule").toArray()).toEqual([]);
    });
    expect(await mute(g, ["a"], 10)).toEqual(OK);
    expect(await mutedList(g)).toEqual([{ Member_Account: "a", MutedUntil: T0 + 10 }]);
  });

  it("are written at once when the batch reaches its size cap, without waiting for the turn to end", async () => {
    const g = await createGroup();
    // 500 accounts of 32 bytes: about 17.5 KB of JSON per call, so the cap falls on the fourth call.
    const lists = [0, 1, 2, 3].map((i) => JSON.stringify(accounts(500, `${i}-`.padEnd(28, "x"))));
    expect(lists[0]!.length * 3).toBeLessThan(MAX_BATCH_CHARS);
    expect(lists[0]!.length * 4).toBeGreaterThanOrEqual(MAX_BATCH_CHARS);
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const answers = lists.slice(0, 3).map((list) => group.forbid(list, 60, null));
      expect(rows(state)).toHaveLength(0);
      answers.push(group.forbid(lists[3]!, 60, null));
      expect(rows(state)).toHaveLength(2000);
      expect((await Promise.all(answers)).map(rpcAnswer)).toEqual([{}, {}, {}, {}]);
    });
  });
});

/** A long answer's UTF-8 JSON, parsed. */
function utf8(json: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(json));
}
