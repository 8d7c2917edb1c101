/**
 * `npm run -s jepsen:check -- FILE`: checks a saved history again, a whole run's
 * (history.json) or one minimal sub-history (minimal-*.json), and says the verdict;
 * exits 1 when it is not linearizable.
 */
import { readFileSync } from "node:fs";
import { check } from "./checker";
import { checkAll, describe, type HistoryFile, read, type SubHistoryFile } from "./history";
import { modelOf } from "./model";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: npm run -s jepsen:check -- <history.json | minimal-*.json>");
  process.exit(2);
}
const saved = JSON.parse(readFileSync(file, "utf8")) as HistoryFile | SubHistoryFile;
let failed = false;
if (saved.format === "jepsen-subhistory/1") {
  const { model, ops } = modelOf(saved.history);
  const verdict = check(model, ops);
  console.log(`${saved.note}\n${describe(saved.history)}`);
  console.log(
    `${saved.history.key} (${saved.history.model}, ${ops.length} operations): ${verdictText(verdict.linearizable)}`,
  );
  failed = verdict.linearizable !== true;
} else {
  const reading = read(saved);
  for (const a of reading.anomalies) console.log(`anomaly: ${a}`);
  const verdicts = checkAll(reading.subs);
  for (const v of verdicts) {
    if (v.verdict.linearizable === true) continue;
    console.log(`${v.key} (${v.model}, ${v.ops} operations): ${verdictText(v.verdict.linearizable)}`);
    if (v.minimal !== undefined) console.log(describe(v.minimal));
  }
  failed = reading.anomalies.length > 0 || verdicts.some((v) => v.verdict.linearizable !== true);
  console.log(
    `${verdicts.length} sub-histories, ${saved.ops.length} recorded operations: ` +
      (failed ? "NOT linearizable" : "linearizable"),
  );
}
process.exit(failed ? 1 : 0);

function verdictText(v: boolean | "unknown"): string {
  return v === true ? "linearizable" : v === false ? "NOT linearizable" : "unknown (over the search budget)";
}
