import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { GAP, LiveLog, type LogBounds } from "../../src/group/live-log";
import { connect } from "../fixtures/live-socket";
import { withModules } from "../group/modules/harness";
import { createGroup, groupStub, mute, useTestClock } from "../helpers";

const NOW = 1_800_000_000;

/**
 * Writes frames `from`..`to` in one statement, as a busy day would have: frame `seq` has
 * `bytes + (seq % 7) * vary` characters of text. Then `runningTotals` must be called.
 */
function fill(sql: SqlStorage, from: number, to: number, bytes: number, vary = 100): void {
  sql.exec(
    `WITH RECURSIVE n(seq) AS (SELECT ? UNION ALL SELECT seq + 1 FROM n WHERE seq < ?)
     INSERT INTO live_frames (seq, time, frame)
     SELECT seq, ?, '{"Type":"Message","Seq":' || seq || ',"Text":"' || printf('%.*c', ? + (seq % 7) * ?, 'x') || '"}'
       FROM n`,
    from,
    to,
    NOW,
    bytes,
    vary,
  );
}

/** Sets every frame's running total, as version 17's migration does. */
function runningTotals(sql: SqlStorage): void {
  sql.exec(
    `UPDATE live_frames SET total = sums.total
       FROM (SELECT seq, SUM(LENGTH(CAST(frame AS BLOB))) OVER (ORDER BY seq) AS total FROM live_frames) AS sums
       WHERE sums.seq = live_frames.seq`,
  );
}

/** The bytes of the frames after `seq`, read the long way. */
const bytesAfter = (sql: SqlStorage, seq: number) =>
  sql
    .exec<{ bytes: number }>(`SELECT TOTAL(LENGTH(CAST(frame AS BLOB))) AS bytes FROM live_frames WHERE seq > ?`, seq)
    .one().bytes;

/** A log over the group's table, read afresh (its last Seq from the rows, not from memory). */
const logOf = (sql: SqlStorage, bounds?: LogBounds) => new LiveLog(sql, () => 1, bounds);

const REPLAY = { keepFrames: 10, replayFrames: 12, replayBytes: 10_000, logBytes: 1e12, trimSlack: 1e6 };

describe("a resume's replay is bounded", () => {
  it("replays what is kept after its Seq when that is within replayFrames and replayBytes, else Resyncs", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 40, 600);
      g.sql.exec(`DELETE FROM live_frames WHERE seq <= 3`);
      runningTotals(g.sql);
      const log = logOf(g.sql, REPLAY);
      const verdicts = [];
      for (let since = 0; since <= 41; since++) {
        const kept = since >= 3 && since <= 40;
        const within = 40 - since <= REPLAY.replayFrames && bytesAfter(g.sql, since) <= REPLAY.replayBytes;
        expect(log.replayable(since)).toBe(kept && within);
        verdicts.push(log.replayable(since));
      }
      // Both bounds bite in this log: by bytes (about 1 KB a frame) before the frame count.
      expect(verdicts.filter(Boolean).length).toBeGreaterThan(3);
      expect(verdicts.filter(Boolean).length).toBeLessThan(REPLAY.replayFrames);
    }));

  it("at its own bounds: 100,000 small frames replay, one more is a Resync", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 100_001, 0, 0);
      runningTotals(g.sql);
      const log = logOf(g.sql);
      expect(log.replayable(1)).toBe(true);
      expect(log.replayable(0)).toBe(false);
      expect([...log.between(99_990, 100_001)].map((f) => f.seq)).toEqual([
        99_991, 99_992, 99_993, 99_994, 99_995, 99_996, 99_997, 99_998, 99_999, 100_000, 100_001,
      ]);
    }));

  it("a pruned frame, a gap or a Seq from the future cannot be replayed; the last Seq replays nothing", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 20, 10);
      g.sql.exec(`DELETE FROM live_frames WHERE seq <= 5`);
      g.sql.exec(`UPDATE live_frames SET frame = ? WHERE seq = 15`, GAP);
      runningTotals(g.sql);
      const log = logOf(g.sql);
      expect(log.replayable(4)).toBe(false);
      expect(log.replayable(5)).toBe(false);
      expect(log.replayable(14)).toBe(false);
      expect(log.replayable(15)).toBe(true);
      expect(log.replayable(20)).toBe(true);
      expect(log.replayable(21)).toBe(false);
      expect([...log.between(20, 20)]).toEqual([]);
      // The gap is found through its partial index, not by reading the frames after the Seq.
      const plan = g.sql
        .exec<{ detail: string }>(
          `EXPLAIN QUERY PLAN SELECT seq FROM live_frames WHERE frame = '{"Type":"Gap"}' AND seq > ? LIMIT 1`,
          5,
        )
        .toArray();
      expect(plan.map((row) => row.detail).join(" ")).toContain("live_gaps");
    }));

  it("frames are read a page at a time, in order, without the gap markers", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 1_300, 10);
      g.sql.exec(`UPDATE live_frames SET frame = ? WHERE seq = 600`, GAP);
      const seqs = [...logOf(g.sql).between(0, 1_300)].map((f) => f.seq);
      expect(seqs).toHaveLength(1_299);
      expect(seqs.slice(598, 601)).toEqual([599, 601, 602]);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    }));
});

const SMALL = { keepFrames: 5, replayFrames: 100, replayBytes: 1e6, logBytes: 10_000, trimSlack: 2_000 };

/** The log's rows: each frame's Seq, UTF-8 bytes and running total. */
const rowsOf = (sql: SqlStorage) =>
  sql
    .exec<{ seq: number; bytes: number; total: number }>(
      `SELECT seq, LENGTH(CAST(frame AS BLOB)) AS bytes, total FROM live_frames ORDER BY seq`,
    )
    .toArray();

describe("the log's bytes are bounded", () => {
  it("past its bytes and slack the oldest frames go, never the last ones it keeps; totals stay running sums", () =>
    withModules(({ g }) => {
      const log = new LiveLog(g.sql, () => 1, SMALL);
      let trimmed = false;
      for (let i = 1; i <= 60; i++) {
        expect(log.append({ Type: "Message", Text: "禁言".repeat(150) }, NOW)).toBe(i);
        const rows = rowsOf(g.sql);
        trimmed ||= rows[0]!.seq > 1;
        const floor = rows[0]!.total - rows[0]!.bytes;
        // The oldest frame kept may straddle the bound: at most one frame more.
        const frame = Math.max(...rows.map((r) => r.bytes));
        expect(rows.at(-1)!.total - floor).toBeLessThan(SMALL.logBytes + SMALL.trimSlack + frame);
        expect(rows.length).toBeGreaterThanOrEqual(Math.min(i, SMALL.keepFrames));
        rows.forEach((r, k) => {
          expect(r.seq).toBe(rows[0]!.seq + k);
          if (k > 0) expect(r.total).toBe(rows[k - 1]!.total + r.bytes);
        });
      }
      expect(trimmed).toBe(true);
      // Bytes and slack, 12,000, of ~930-byte frames: at most 13 frames, of the 60 written.
      expect(rowsOf(g.sql).length).toBeLessThanOrEqual(13);
    }));

  it("the last frames it keeps stay though they alone are over its bytes", () =>
    withModules(({ g }) => {
      const log = new LiveLog(g.sql, () => 1, SMALL);
      for (let i = 1; i <= 12; i++) log.append({ Type: "Message", Text: "x".repeat(4_000) }, NOW);
      expect(rowsOf(g.sql).map((r) => r.seq)).toEqual([8, 9, 10, 11, 12]);
    }));

  it("the hourly prune deletes 10,000 frames at a time, and says whether more are due", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 25_000, 0, 0);
      g.sql.exec(`UPDATE live_frames SET time = ?`, NOW - 2 * 86_400);
      runningTotals(g.sql);
      const log = logOf(g.sql, { ...SMALL, logBytes: 1e12 });
      for (let i = 0; i < 3; i++) log.append({ Type: "Message", Text: "new" }, NOW);
      const oldest = () => rowsOf(g.sql)[0]!.seq;
      expect(log.prune(NOW)).toBe(true);
      expect(oldest()).toBe(10_001);
      expect(log.prune(NOW)).toBe(true);
      expect(oldest()).toBe(20_001);
      expect(log.prune(NOW)).toBe(false);
      expect(rowsOf(g.sql).map((r) => r.seq)).toEqual([24_999, 25_000, 25_001, 25_002, 25_003]);
      expect(log.prune(NOW)).toBe(false);
    }));

  it("the hourly prune deletes what is older than 24 hours but for the last frames it keeps", () =>
    withModules(({ g }) => {
      const log = new LiveLog(g.sql, () => 1, SMALL);
      for (let i = 0; i < 20; i++) log.append({ Type: "Message", Text: "old" }, NOW - 2 * 86_400);
      for (let i = 0; i < 3; i++) log.append({ Type: "Message", Text: "new" }, NOW);
      log.prune(NOW);
      expect(rowsOf(g.sql).map((r) => r.seq)).toEqual([19, 20, 21, 22, 23]);
      for (let i = 0; i < 5; i++) log.append({ Type: "Message", Text: "newer" }, NOW);
      log.prune(NOW);
      expect(rowsOf(g.sql).map((r) => r.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28]);
    }));
});

describe("version 17: the running totals", () => {
  it("are built from the frames there: none lost, a resume replays them, the next frame counts on", async () => {
    useTestClock();
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const bob = await connect(g, "bob");
    await bob.next();
    for (const seconds of [60, 0, 30]) await mute(g, ["bob"], seconds);
    // The log as version 16 left it: no total column.
    await runInDurableObject(groupStub(g), (_o, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE v16 (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, frame TEXT NOT NULL)`);
      sql.exec(`INSERT INTO v16 SELECT seq, time, json_set(frame, '$.Note', '不') FROM live_frames`);
      sql.exec(`DROP TABLE live_frames`);
      sql.exec(`ALTER TABLE v16 RENAME TO live_frames`);
      sql.exec(`UPDATE schema_version SET version = 16`);
    });
    await abortAllDurableObjects();
    const again = await connect(g, "bob", { since: 1 });
    expect(await again.next()).toMatchObject({ Type: "State", Seq: 3 });
    expect(await again.next()).toMatchObject({ Seq: 2, Change: "Unmute", Note: "不" });
    expect(await again.next()).toMatchObject({ Seq: 3, Change: "Mute", Note: "不" });
    await mute(g, ["bob"], 0);
    const rows = await runInDurableObject(groupStub(g), (_o, state) => rowsOf(state.storage.sql));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    for (const [k, r] of rows.entries()) expect(r.total).toBe((k === 0 ? 0 : rows[k - 1]!.total) + r.bytes);
  });

  it("keep a log of more than 10,000 frames to its last 10,000: a resume from before them is a Resync", async () => {
    const clock = useTestClock();
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await runInDurableObject(groupStub(g), (_o, state) => {
      const sql = state.storage.sql;
      sql.exec(`DROP TABLE live_frames`);
      sql.exec(`CREATE TABLE live_frames (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, frame TEXT NOT NULL)`);
      sql.exec(
        `WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < 10005)
         INSERT INTO live_frames (seq, time, frame)
         SELECT seq, ?, json_object('Type', 'SystemNotification', 'Seq', seq, 'GroupId', ?, 'Content', 'n') FROM n`,
        clock.now,
        g,
      );
      sql.exec(`UPDATE schema_version SET version = 16`);
    });
    await abortAllDurableObjects();
    const late = await connect(g, "bob", { since: 4 });
    expect(await late.next()).toMatchObject({ Type: "State", Seq: 10_005, Resync: true });
    const recent = await connect(g, "bob", { since: 10_003 });
    expect(await recent.next()).toMatchObject({ Type: "State", Seq: 10_005 });
    expect(await recent.next()).toMatchObject({ Type: "SystemNotification", Seq: 10_004 });
    expect(await recent.next()).toMatchObject({ Type: "SystemNotification", Seq: 10_005 });
    const rows = await runInDurableObject(groupStub(g), (_o, state) => rowsOf(state.storage.sql));
    expect(rows).toHaveLength(10_000);
    expect(rows[0]!.seq).toBe(6);
  });
});
