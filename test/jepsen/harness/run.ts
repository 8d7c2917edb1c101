/**
 * One run: bundle the service (clean, or a mutant), serve it, record a history
 * under crashes, check it, and say what was found. A run that is not judged
 * linearizable writes its whole history and each minimal non-linearizable
 * sub-history, with the command that checks the file again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { checkAll, describe, type HistoryFile, read, type SubHistoryFile, type SubVerdict } from "./history";
import { MUTANTS } from "./mutants";
import { JEPSEN_APPS, record } from "./recorder";
import { bundle, serve } from "./service";

export interface RunOptions {
  operations: number;
  crashes: number;
  seed?: number;
  /** A name of MUTANTS, or null for main's code. */
  mutant?: string | null;
  /** Where a failing run writes its files. */
  outDir?: string;
}

export interface RunReport {
  operations: number;
  indeterminate: number;
  refused: number;
  crashes: number;
  frames: number;
  resyncs: number;
  verdict: "linearizable" | "not linearizable" | "unknown";
  /** Sub-histories not judged linearizable, and anomalies seen outside the checker. */
  failures: SubVerdict[];
  anomalies: string[];
  files: string[];
  recordMs: number;
  checkMs: number;
  lines: string[];
}

export async function runJepsen(o: RunOptions): Promise<RunReport> {
  const seed = o.seed ?? Math.floor(Math.random() * 1_000_000);
  const mutant = o.mutant === undefined || o.mutant === null ? null : MUTANTS.find((m) => m.name === o.mutant);
  if (mutant === undefined) throw new Error(`no mutant ${o.mutant}`);
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const label = mutant === null ? "main" : `mutant ${mutant.name}`;
  const work = mkdtempSync(join(tmpdir(), "jepsen-"));
  try {
    await bundle(work, mutant?.patches ?? []);
    const service = await serve(work, JEPSEN_APPS, 19_500 + Math.floor(Math.random() * 400));
    say(`jepsen (${label}, seed ${seed}): ${o.operations} operations, ${o.crashes} crashes, 32 clients`);
    const started = Date.now();
    let history: HistoryFile;
    try {
      history = await record(service, {
        operations: o.operations,
        crashes: o.crashes,
        seed,
        mutant: mutant?.name,
        say,
      });
    } finally {
      await service.kill();
    }
    const recordMs = Date.now() - started;
    const checking = Date.now();
    const reading = read(history);
    const verdicts = checkAll(reading.subs);
    const checkMs = Date.now() - checking;
    const failures = verdicts.filter((v) => v.verdict.linearizable !== true);
    const verdict =
      failures.some((v) => v.verdict.linearizable === false) || reading.anomalies.length > 0
        ? "not linearizable"
        : failures.length > 0
          ? "unknown"
          : "linearizable";
    const c = reading.counts;
    const { lo, hi, samples } = reading.offset;
    say(
      `  ${c.operations} operations (${c.indeterminate} indeterminate, ${c.refused} refused), ` +
        `${history.meta.kills.length} crashes, ${c.frames} frames received (${c.resyncs} Resync) ` +
        `in ${(recordMs / 1000).toFixed(1)} s; ` +
        `load average ${loadavg()[0]!.toFixed(2)}`,
    );
    say(`  the server's clock: recorder ${lo >= 0 ? "+" : ""}${lo}..${hi} ms, from ${samples} MsgTimes`);
    const largest = Math.max(...verdicts.map((v) => v.ops));
    say(
      `  ${verdicts.length} sub-histories (the largest ${largest} operations) ` +
        `checked in ${(checkMs / 1000).toFixed(1)} s`,
    );
    const files: string[] = [];
    if (verdict !== "linearizable") {
      const out = o.outDir ?? join(process.cwd(), "jepsen-out", `${mutant?.name ?? "main"}-${seed}`);
      mkdirSync(out, { recursive: true });
      const whole = join(out, "history.json");
      writeFileSync(whole, JSON.stringify(history));
      files.push(whole);
      for (const a of reading.anomalies.slice(0, 20)) say(`  anomaly: ${a}`);
      for (const f of failures) {
        const what = f.verdict.linearizable === false ? "NOT linearizable" : "unknown (over the search budget)";
        say(`  ${f.key} (${f.model}, ${f.ops} operations): ${what}`);
        if (f.minimal === undefined) continue;
        const file = join(out, `minimal-${f.key.replace(/[^\w-]+/g, "_")}.json`);
        const saved: SubHistoryFile = {
          format: "jepsen-subhistory/1",
          note: `${label}, seed ${seed}: the smallest part of ${f.key} that no order explains`,
          history: f.minimal,
        };
        writeFileSync(file, JSON.stringify(saved, null, 1));
        files.push(file);
        const where = relative(process.cwd(), file);
        say(`  minimal (${f.minimal.ops.length} operations), in ${where}:\n${describe(f.minimal)}`);
      }
      say(`  check again: npm run -s jepsen:check -- ${relative(process.cwd(), whole)}`);
    }
    say(`  verdict: ${verdict}`);
    return {
      operations: c.operations,
      indeterminate: c.indeterminate,
      refused: c.refused,
      crashes: history.meta.kills.length,
      frames: c.frames,
      resyncs: c.resyncs,
      verdict,
      failures,
      anomalies: reading.anomalies,
      files,
      recordMs,
      checkMs,
      lines,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
