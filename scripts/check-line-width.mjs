#!/usr/bin/env node
/**
 * Biome wraps code at its line width but leaves comments and long string
 * literals alone: this fails on any line of a tracked source file over that
 * width, so that no line in the tree is wider than the formatter's.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const width = JSON.parse(readFileSync("biome.json", "utf8")).formatter.lineWidth;
// Generated files, and package.json, whose script strings cannot wrap.
const exempt = new Set(["src/worker-configuration.d.ts", "package-lock.json", "package.json"]);
const files = execFileSync(
  "git",
  ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.mjs", "*.json", "*.toml"],
  {
    encoding: "utf8",
  },
)
  .split("\n")
  .filter((f) => f !== "" && !exempt.has(f));

let over = 0;
for (const file of files) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.length > width) {
        over += 1;
        console.error(`${file}:${i + 1}: ${line.length} characters (the limit is ${width})`);
      }
    });
}
if (over > 0) process.exit(1);
