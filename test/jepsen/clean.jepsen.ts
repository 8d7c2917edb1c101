/**
 * Main's code, under crashes: a history of JEPSEN_OPS operations (10,000 by default; CI runs
 * 2,000) with at least 5 SIGKILLs and restarts must be judged linearizable.
 */
import { expect, it } from "vitest";
import { runJepsen } from "./harness/run";

const operations = Number(process.env.JEPSEN_OPS ?? 10_000);
const crashes = Math.max(5, Math.round(operations / 1500));

it(`${operations} operations with ${crashes} crashes are linearizable`, async () => {
  const report = await runJepsen({ operations, crashes });
  expect(report.crashes).toBeGreaterThanOrEqual(5);
  expect(report.operations).toBeGreaterThanOrEqual(operations);
  expect(report.failures.map((f) => f.key)).toEqual([]);
  expect(report.anomalies).toEqual([]);
  expect(report.verdict).toBe("linearizable");
});
