import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { type DueWork, MAX_BACKOFF_MS, PAUSE_MS, SCHEDULE_TABLE, Scheduler } from "../../src/scheduler/scheduler";
import { captureFaults, groupStub, T0, type TestClock, uniqueGroupId, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const NOW = T0 * 1000;

/** A kind whose runs are scripted: each answer is a cursor, null (pass done) or an Error to throw. */
function scripted(kind: string, answers: (string | null | Error)[], next: () => number | null) {
  const runs: { nowMs: number; cursor: string }[] = [];
  const work: DueWork = {
    kind,
    run(nowMs, cursor) {
      runs.push({ nowMs, cursor });
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    },
    nextDue: next,
  };
  return { work, runs };
}

/** Runs `test` with a fresh scheduler over the storage of an object that holds nothing else. */
function withStorage(test: (storage: DurableObjectStorage) => Promise<void>): Promise<void> {
  return runInDurableObject(groupStub(uniqueGroupId("sched")), async (_instance, state) => {
    state.storage.sql.exec(SCHEDULE_TABLE);
    await test(state.storage);
  });
}

async function started(storage: DurableObjectStorage, ...kinds: DueWork[]): Promise<Scheduler> {
  const scheduler = new Scheduler(storage);
  for (const k of kinds) scheduler.register(k);
  await scheduler.readAlarm();
  scheduler.loadSchedule();
  return scheduler;
}

const rows = (storage: DurableObjectStorage) =>
  storage.sql.exec("SELECT kind, due_at, cursor, failures FROM schedule ORDER BY kind").toArray();

describe("the scheduler", () => {
  it("runs the kinds that are due, leaves the others, and arms the alarm at the earliest next due time", () =>
    withStorage(async (storage) => {
      const a = scripted("a", [null], () => NOW + 5000);
      const b = scripted("b", [], () => null);
      const scheduler = await started(storage, a.work, b.work);
      scheduler.dueBy("a", NOW + 1000);
      scheduler.dueBy("b", NOW + 9000);
      expect(await storage.getAlarm()).toBe(NOW + 1000);

      clock.advance(1);
      scheduler.runDue();
      expect(a.runs).toEqual([{ nowMs: NOW + 1000, cursor: "" }]);
      expect(b.runs).toEqual([]);
      expect(rows(storage)).toEqual([
        { kind: "a", due_at: NOW + 5000, cursor: "", failures: 0 },
        { kind: "b", due_at: NOW + 9000, cursor: "", failures: 0 },
      ]);
      expect(await storage.getAlarm()).toBe(NOW + 5000);
    }));

  it("only ever moves a kind earlier, writing nothing when it is due earlier already", () =>
    withStorage(async (storage) => {
      const scheduler = await started(storage, scripted("a", [], () => null).work);
      scheduler.dueBy("a", NOW + 3000);
      scheduler.dueBy("a", NOW + 4000);
      expect(rows(storage)).toEqual([{ kind: "a", due_at: NOW + 3000, cursor: "", failures: 0 }]);
      scheduler.dueBy("a", NOW + 2000);
      expect(scheduler.entry("a")).toEqual({ dueAt: NOW + 2000, cursor: "", failures: 0 });
      expect(await storage.getAlarm()).toBe(NOW + 2000);
    }));

  it("runs a pass that stops at its batch again after the pause, from its cursor, also after a restart", () =>
    withStorage(async (storage) => {
      const pass = scripted("sweep", ["k100", "k200", null], () => null);
      let scheduler = await started(storage, pass.work);
      scheduler.dueBy("sweep", NOW);
      scheduler.runDue();
      expect(scheduler.entry("sweep")).toEqual({ dueAt: NOW + PAUSE_MS, cursor: "k100", failures: 0 });
      expect(await storage.getAlarm()).toBe(NOW + PAUSE_MS);

      // A new instance (the object restarted) resumes where the last run stopped.
      scheduler = await started(storage, pass.work);
      clock.advance(PAUSE_MS / 1000);
      scheduler.runDue();
      clock.advance(PAUSE_MS / 1000);
      scheduler.runDue();
      expect(pass.runs.map((r) => r.cursor)).toEqual(["", "k100", "k200"]);
      expect(rows(storage)).toEqual([]);
      expect(await storage.getAlarm()).toBeNull();
    }));

  it("retries a failing kind from its cursor, backoff doubling and kept; a failed run's writes roll back", () =>
    withStorage(async (storage) => {
      storage.sql.exec("CREATE TABLE done (n INTEGER)");
      const failing = scripted(
        "flaky",
        ["c1", new Error("injected fault"), new Error("injected fault"), null],
        () => null,
      );
      const writing: DueWork = {
        ...failing.work,
        run(nowMs, cursor) {
          storage.sql.exec("INSERT INTO done VALUES (1)");
          return failing.work.run(nowMs, cursor);
        },
      };
      const steady = scripted("steady", [null, null], () => NOW + 60_000);
      const scheduler = await started(storage, writing, steady.work);
      scheduler.dueBy("flaky", NOW);
      scheduler.dueBy("steady", NOW);

      const { faults } = await captureFaults(async () => {
        scheduler.runDue();
        clock.advance(1);
        scheduler.runDue();
        // The failure is its own: the other kind ran, and the failed run's row in `done` is gone.
        expect(steady.runs).toHaveLength(1);
        expect(storage.sql.exec("SELECT COUNT(*) AS n FROM done").one().n).toBe(1);
        expect(scheduler.entry("flaky")).toEqual({ dueAt: NOW + 1000 + 2000, cursor: "c1", failures: 1 });
        // Work due sooner does not cut the backoff short.
        scheduler.dueBy("flaky", NOW + 1500);
        expect(scheduler.entry("flaky")?.dueAt).toBe(NOW + 3000);
        expect(await storage.getAlarm()).toBe(NOW + 3000);

        clock.advance(2);
        scheduler.runDue();
        expect(scheduler.entry("flaky")).toEqual({ dueAt: NOW + 3000 + 4000, cursor: "c1", failures: 2 });
      });
      expect(faults).toEqual([
        { event: "due_work_failed", kind: "flaky", attempt: 1, retryInMs: 2000, error: "Error: injected fault" },
        { event: "due_work_failed", kind: "flaky", attempt: 2, retryInMs: 4000, error: "Error: injected fault" },
      ]);
      clock.advance(4);
      scheduler.runDue();
      expect(failing.runs.map((r) => r.cursor)).toEqual(["", "c1", "c1", "c1"]);
      expect(scheduler.entry("flaky")).toBeUndefined();
      expect(await storage.getAlarm()).toBe(NOW + 60_000);
    }));

  it("never waits longer than the longest backoff", () =>
    withStorage(async (storage) => {
      const failing = scripted(
        "flaky",
        Array.from({ length: 12 }, () => new Error("injected fault")),
        () => null,
      );
      const scheduler = await started(storage, failing.work);
      scheduler.dueBy("flaky", NOW);
      const { faults } = await captureFaults(async () => {
        for (let i = 0; i < 12; i++) {
          scheduler.runDue();
          clock.set(scheduler.entry("flaky")!.dueAt / 1000);
        }
      });
      const last = scheduler.entry("flaky")!;
      expect(last.failures).toBe(12);
      expect(last.dueAt - failing.runs.at(-1)!.nowMs).toBe(MAX_BACKOFF_MS);
      // Each failure logged with the wait it set: doubling from 2 s, then held at the longest.
      const waits = [2, 4, 8, 16, 32, 64, 128, 256].map((s) => s * 1000);
      expect(faults).toEqual(
        [...waits, ...Array(4).fill(MAX_BACKOFF_MS)].map((retryInMs, i) => ({
          event: "due_work_failed",
          kind: "flaky",
          attempt: i + 1,
          retryInMs,
          error: "Error: injected fault",
        })),
      );
    }));

  it("arms the alarm at start for a row due before it, and drops the row of a kind it no longer has", () =>
    withStorage(async (storage) => {
      // As a migration writes them: rows, but no alarm.
      storage.sql.exec("INSERT INTO schedule (kind, due_at) VALUES ('retired', ?), ('a', ?)", NOW + 100, NOW + 500);
      const a = scripted("a", [null], () => null);
      const scheduler = await started(storage, a.work);
      expect(await storage.getAlarm()).toBe(NOW + 100);
      clock.advance(1);
      scheduler.runDue();
      expect(a.runs).toHaveLength(1);
      expect(rows(storage)).toEqual([]);
      expect(await storage.getAlarm()).toBeNull();
    }));

  it("runs the writes queued for the end of the turn before the due work, and clear() writes them before wiping", () =>
    withStorage(async (storage) => {
      storage.sql.exec("CREATE TABLE log (what TEXT)");
      const seen: number[] = [];
      const a = scripted("a", [], () => null);
      const reading: DueWork = {
        ...a.work,
        run: () => {
          seen.push(storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log").one().n);
          return null;
        },
      };
      const scheduler = await started(storage, reading);
      scheduler.dueBy("a", NOW);
      const queued = scheduler.queueWrite(() => void storage.sql.exec("INSERT INTO log VALUES ('queued')"), 10);
      scheduler.runDue();
      expect(seen).toEqual([1]);
      await queued;

      const last = scheduler.queueWrite(() => void storage.sql.exec("INSERT INTO log VALUES ('last')"), 10);
      scheduler.dueBy("a", NOW + 1000);
      scheduler.clear();
      await last;
      expect(storage.sql.exec("SELECT COUNT(*) AS n FROM log").one().n).toBe(2);
      expect(scheduler.entry("a")).toBeUndefined();
      expect(await storage.getAlarm()).toBeNull();
    }));
});
