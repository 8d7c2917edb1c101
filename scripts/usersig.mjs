#!/usr/bin/env node
/**
 * Prints a UserSig for one of the local demo apps (README, "Configuration";
 * the same apps as .dev.vars), made with Tencent's official generator.
 *
 *   npm run -s usersig -- [identifier] [sdkappid]
 *
 * identifier defaults to "administrator", sdkappid to 1400000000. The sig is
 * valid for 180 days. Only the sig goes to stdout, so that
 *   curl "…&usersig=$(npm run -s usersig)&…"
 * works; every other message goes to stderr.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The demo apps of local development. These keys are public; production keys never appear here. */
const DEMO_KEYS = new Map([
  [1400000000, "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"],
  [1400000001, "121ec6ec39d0dfbc503b7511c44f224400fd38cb1ecfdc542d87fa9b861f19c1"],
]);
const DEFAULT_SDKAPPID = 1400000000;
const DEFAULT_IDENTIFIER = "administrator";
const VALID_SECONDS = 180 * 24 * 60 * 60;

const USAGE = "usage: npm run -s usersig -- [identifier] [sdkappid]";

/** Exit code 2 for a caller mistake, with the reason on stderr and nothing on stdout. */
function usageError(message) {
  process.stderr.write(`usersig: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  process.stderr.write(
    `${USAGE}\nPrints a UserSig (valid ${VALID_SECONDS / 86400} days) for a local demo app: ` +
      `${[...DEMO_KEYS.keys()].join(", ")}.\n`,
  );
  process.exit(0);
}
if (args.length > 2) usageError(`expected at most 2 arguments, got ${args.length}`);

const identifier = args[0] ?? DEFAULT_IDENTIFIER;
if (identifier === "" || Buffer.byteLength(identifier) > 32) usageError("identifier must be 1 to 32 bytes");

const sdkappidText = args[1] ?? String(DEFAULT_SDKAPPID);
const sdkappid = /^\d{1,10}$/.test(sdkappidText) ? Number(sdkappidText) : NaN;
const key = DEMO_KEYS.get(sdkappid);
if (key === undefined) {
  usageError(
    `unknown sdkappid ${JSON.stringify(sdkappidText)}: the local demo apps are ${[...DEMO_KEYS.keys()].join(" and ")}`,
  );
}

let Api;
try {
  ({ Api } = require("tls-sig-api-v2"));
} catch {
  process.stderr.write("usersig: the dev dependency tls-sig-api-v2 is not installed; run `npm ci` first\n");
  process.exit(1);
}

process.stdout.write(`${new Api(sdkappid, key).genUserSig(identifier, VALID_SECONDS)}\n`);
