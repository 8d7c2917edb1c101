import { describe, expect, it } from "vitest";
import { OUTBOX_SPAN, Outbox, type OutboxBounds } from "../../src/scheduler/outbox";
import { withModules } from "../group/modules/harness";
import { captureFaults } from "../helpers";

const APP = 1400000000;

/** The group's outbox table under `bounds`, for an app that has a receiver. */
const outboxOf = (sql: SqlStorage, bounds: OutboxBounds) =>
  new Outbox(
    sql,
    () => APP,
    () => {},
    bounds,
  );

describe("an outbox whose receiver does not take its events", () => {
  it("keeps at most its bound, dropping the oldest with a callback_dropped line; the rest stay in order", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const outbox = outboxOf(g.sql, { maxEvents: 10, checkEvery: 4 });
      const { faults } = await captureFaults(async () => {
        for (let i = 1; i <= 25; i++) {
          outbox.add("Group.CallbackAfterSendMsg", { N: i });
          outbox.report();
        }
      });
      // Looked at on the first add (a woken object's), then every fourth: at 13 events three go,
      // at 17, 21 and 25 four each.
      expect(faults.map((f) => [f.event, f.dropped, f.sdkappid])).toEqual([
        ["callback_dropped", 3, APP],
        ["callback_dropped", 4, APP],
        ["callback_dropped", 4, APP],
        ["callback_dropped", 4, APP],
      ]);
      expect(faults[0]!.error).toBe("over 10 events waiting for the receiver");
      const kept = outbox.head(100).map((row) => JSON.parse(row.payload).N);
      expect(kept).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    }));

  it("under its bound drops nothing", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const outbox = outboxOf(g.sql, { maxEvents: 10, checkEvery: 2 });
      const { faults } = await captureFaults(async () => {
        for (let i = 1; i <= 10; i++) {
          outbox.add("Group.CallbackAfterSendMsg", { N: i });
          outbox.report();
        }
      });
      expect(faults).toEqual([]);
      expect(outbox.count()).toBe(10);
    }));

  it("an object woken for a few events at a time still looks at its size on each wake", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const bounds = { maxEvents: 10, checkEvery: 1024 };
      const { faults } = await captureFaults(async () => {
        // Five wakes of three events each: a new Outbox per wake, as an evicted object gets.
        for (let wake = 0; wake < 5; wake++) {
          const outbox = outboxOf(g.sql, bounds);
          for (let i = 0; i < 3; i++) outbox.add("Group.CallbackAfterSendMsg", { N: wake * 3 + i + 1 });
          outbox.report();
        }
      });
      // The fifth wake's first add finds 13 waiting: three go.
      expect(faults.map((f) => f.dropped)).toEqual([3]);
      expect(outboxOf(g.sql, bounds).count()).toBe(12);
    }));

  it("tells a drop only once its change stuck: one that rolled back is not told, and the next event looks again", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const outbox = outboxOf(g.sql, { maxEvents: 10, checkEvery: 5 });
      for (let i = 1; i <= 10; i++) outbox.add("Group.CallbackAfterSendMsg", { N: i });
      const rolledBack = await captureFaults(async () => {
        // The change whose event crossed the bound (the 11th event: a look, as the 1st and 6th were) fails after it.
        expect(() =>
          g.ctx.storage.transactionSync(() => {
            outbox.add("Group.CallbackAfterSendMsg", { N: 11 });
            throw new Error("the change failed");
          }),
        ).toThrow("the change failed");
        outbox.report();
      });
      expect(rolledBack.faults).toEqual([]);
      expect(outbox.count()).toBe(10);
      const stuck = await captureFaults(async () => {
        outbox.add("Group.CallbackAfterSendMsg", { N: 12 });
        outbox.report();
      });
      expect(stuck.faults.map((f) => [f.event, f.dropped])).toEqual([["callback_dropped", 1]]);
      expect(outbox.head(100).map((row) => JSON.parse(row.payload).N)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    }));

  it("reads its size from the two ends of the key, not the whole table", () =>
    withModules(({ g }) => {
      const plan = g.sql
        .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${OUTBOX_SPAN}`)
        .toArray()
        .map((row) => row.detail);
      expect(plan.some((d) => d.startsWith("SCAN outbox"))).toBe(false);
    }));
});
