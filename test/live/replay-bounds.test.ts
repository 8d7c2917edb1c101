import { describe, expect, it } from "vitest";
import { LiveLog } from "../../src/group/live-log";
import { withModules } from "../group/modules/harness";

const NOW = 1_800_000_000;

/** Writes frames `from`..`to` of `bytes` characters each, in one statement, as a busy day would have. */
function fill(sql: SqlStorage, from: number, to: number, bytes: number): void {
  sql.exec(
    `WITH RECURSIVE n(seq) AS (SELECT ? UNION ALL SELECT seq + 1 FROM n WHERE seq < ?)
     INSERT INTO live_frames (seq, time, frame)
     SELECT seq, ?, '{"Type":"Message","Seq":' || seq || ',"Text":"' || printf('%.*c', ?, 'x') || '"}' FROM n`,
    from,
    to,
    NOW,
    bytes,
  );
}

/** A log over the group's table, read afresh (its last Seq from the rows, not from memory). */
const logOf = (sql: SqlStorage) => new LiveLog(sql, () => 1);

describe("a resume's replay is bounded", () => {
  it("the last 10,000 frames always replay, however large; further back, at most 16 MB", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 10_001, 2_000);
      const log = logOf(g.sql);
      expect(log.lastSeq()).toBe(10_001);
      expect(log.replayable(1)).toBe(true); // 10,000 frames of 2 KB: 20 MB
      expect(log.replayable(0)).toBe(false); // 10,001 frames, over 16 MB
    }));

  it("small frames replay up to 100,000 of them; a Since further back is a Resync without reading", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 100_001, 40);
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
      g.sql.exec(`UPDATE live_frames SET frame = '{"Type":"Gap"}' WHERE seq = 15`);
      const log = logOf(g.sql);
      expect(log.replayable(4)).toBe(false);
      expect(log.replayable(5)).toBe(false);
      expect(log.replayable(15)).toBe(true);
      expect(log.replayable(20)).toBe(true);
      expect(log.replayable(21)).toBe(false);
      expect([...log.between(20, 20)]).toEqual([]);
    }));

  it("frames are read a page at a time, in order, without the gap markers", () =>
    withModules(({ g }) => {
      fill(g.sql, 1, 1_300, 10);
      g.sql.exec(`UPDATE live_frames SET frame = '{"Type":"Gap"}' WHERE seq = 600`);
      const seqs = [...logOf(g.sql).between(0, 1_300)].map((f) => f.seq);
      expect(seqs).toHaveLength(1_299);
      expect(seqs.slice(598, 601)).toEqual([599, 601, 602]);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    }));
});
