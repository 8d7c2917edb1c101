#!/usr/bin/env node
/**
 * The console's browser test drives Debian's Chromium (/usr/bin/chromium) with
 * playwright-core: nothing may download a browser. `npm test` calls this first,
 * so that the test command alone sets a fresh Debian machine up: it installs
 * the package when it is missing and apt-get can (as root), else says how.
 */
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).`);
    process.exit(1);
  }
  console.log("Installing Debian's chromium for the console's browser test (apt-get)...");
  execSync("apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium", {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
