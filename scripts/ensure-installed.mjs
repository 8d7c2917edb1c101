#!/usr/bin/env node
/**
 * Runs `npm ci` when node_modules is missing or does not match package-lock.json,
 * so that `npm start` and `npm test` each work as the first command on a fresh
 * clone, and again after a pull that changed the lockfile. Both scripts call this
 * one file. The check compares npm's own record of what it installed
 * (node_modules/.package-lock.json) with the lockfile: no stamp of our own to keep.
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function readPackages(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8")).packages ?? {};
  } catch {
    return null;
  }
}

/** Why node_modules must be installed again, or null when it matches the lockfile. */
function staleness() {
  const locked = readPackages(join(root, "package-lock.json"));
  if (locked === null) return "package-lock.json is missing or unreadable";
  const installed = readPackages(join(root, "node_modules", ".package-lock.json"));
  if (installed === null) return "node_modules is not installed";
  for (const [path, entry] of Object.entries(locked)) {
    if (path === "") continue;
    const have = installed[path];
    // Optional packages for other platforms are never installed.
    if (have === undefined) {
      if (entry.optional) continue;
      return `${path} is not installed`;
    }
    if (have.version !== entry.version) return `${path} is ${have.version}, the lockfile says ${entry.version}`;
  }
  for (const path of Object.keys(installed)) {
    if (!(path in locked)) return `${path} is installed but no longer in the lockfile`;
  }
  return null;
}

const why = staleness();
if (why !== null) {
  console.error(`Installing from package-lock.json (${why}).`);
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
