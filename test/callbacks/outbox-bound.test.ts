import { describe, expect, it } from "vitest";
import { Outbox } from "../../src/scheduler/outbox";
import { withModules } from "../group/modules/harness";
import { captureFaults } from "../helpers";

const APP = 1400000000;

describe("an outbox whose receiver does not take its events", () => {
  it("keeps at most its bound, dropping the oldest with a callback_dropped line; the rest stay in order", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const outbox = new Outbox(
        g.sql,
        () => APP,
        () => {},
        { maxEvents: 10, checkEvery: 4 },
      );
      const { faults } = await captureFaults(async () => {
        for (let i = 1; i <= 25; i++) outbox.add("Group.CallbackAfterSendMsg", { N: i });
      });
      // Looked at after every fourth add: at 12 events two go, at 16, 20 and 24 four each.
      expect(faults.map((f) => [f.event, f.dropped, f.sdkappid])).toEqual([
        ["callback_dropped", 2, APP],
        ["callback_dropped", 4, APP],
        ["callback_dropped", 4, APP],
        ["callback_dropped", 4, APP],
      ]);
      expect(faults[0]!.error).toBe("over 10 events waiting for the receiver");
      const kept = outbox.head(100).map((row) => JSON.parse(row.payload).N);
      expect(kept).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    }));

  it("under its bound drops nothing", () =>
    withModules(async ({ g }) => {
      g.sql.exec(`DELETE FROM outbox`);
      const outbox = new Outbox(
        g.sql,
        () => APP,
        () => {},
        { maxEvents: 10, checkEvery: 2 },
      );
      const { faults } = await captureFaults(async () => {
        for (let i = 1; i <= 10; i++) outbox.add("Group.CallbackAfterSendMsg", { N: i });
      });
      expect(faults).toEqual([]);
      expect(outbox.count()).toBe(10);
    }));
});
