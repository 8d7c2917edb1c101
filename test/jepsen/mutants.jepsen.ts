/**
 * The chain proven on faults made on purpose (mutants.ts): each broken build, under the same
 * workload and crashes, must yield a history that the checker rejects. Each writes its minimal
 * non-linearizable sub-histories under jepsen-out/, where `npm run -s jepsen:check` replays them.
 */
import { expect, it } from "vitest";
import { MUTANTS } from "./harness/mutants";
import { type RunReport, runJepsen } from "./harness/run";

/** Each run of a mutant: short, yet enough to catch the first two every time seen (docs/reliability.md). */
const OPERATIONS = Number(process.env.JEPSEN_MUTANT_OPS ?? 800);
/**
 * A fault that only a crash shows is caught when a kill falls while an acknowledged write waits:
 * most runs of 5 crashes, not all. A mutant gets up to this many runs; one rejected run suffices.
 */
const RUNS = 3;

for (const mutant of MUTANTS) {
  it(`catches ${mutant.name}: ${mutant.fault}`, async () => {
    let report: RunReport | undefined;
    for (let run = 1; run <= RUNS && report?.verdict !== "not linearizable"; run++) {
      report = await runJepsen({ operations: OPERATIONS, crashes: 5, mutant: mutant.name });
      console.log(`  ${mutant.name}: run ${run}, ${report.verdict}`);
    }
    expect(report!.verdict).toBe("not linearizable");
    expect(report!.files.length).toBeGreaterThan(1);
  });
}
