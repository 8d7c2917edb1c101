/**
 * The chain proven on faults made on purpose (mutants.ts): each broken build, under the same
 * workload and crashes, must yield a history that the checker rejects. Each writes its minimal
 * non-linearizable sub-history under jepsen-out/, where `npm run -s jepsen:check` replays it.
 */
import { expect, it } from "vitest";
import { MUTANTS } from "./mutants";
import { runJepsen } from "./run";

/** Enough for each mutant to be caught in every run seen (docs/reliability.md), and still quick. */
const OPERATIONS = Number(process.env.JEPSEN_MUTANT_OPS ?? 800);

for (const mutant of MUTANTS) {
  it(`catches ${mutant.name}: ${mutant.fault}`, async () => {
    const report = await runJepsen({ operations: OPERATIONS, crashes: 5, mutant: mutant.name });
    expect(report.verdict).toBe("not linearizable");
    expect(report.files.length).toBeGreaterThan(1);
  });
}
