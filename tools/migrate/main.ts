/**
 * `npm run migrate`: copies an app's groups from a Tencent-compatible REST API
 * into this service (docs/migrate.md). Progress on stderr, the report on stdout.
 */
import { runMigration } from "./migrate";
import { parseOptions, USAGE, UsageError } from "./options";

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`migrate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stop = new AbortController();
  // The first Ctrl-C stops between calls and keeps the state; a second one leaves at once.
  process.on("SIGINT", () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write("\nmigrate: stopping after the calls under way (Ctrl-C again to leave now)\n");
    stop.abort();
  });
  const result = await runMigration({ ...options, signal: stop.signal });
  const { groups, members, mutes, messages } = result.counts;
  const clean = result.total - result.notClean.length;
  process.stdout.write(
    `${result.interrupted ? "Interrupted: " : ""}${clean} of ${result.total} groups copied cleanly ` +
      `(${result.done} done in all; this run: ${groups} groups, ${members} members, ${mutes} mutes, ` +
      `${messages} messages; ${result.calls.source} calls to the source, ${result.calls.target} to the target). ` +
      `State: ${options.statePath}\n`,
  );
  for (const { groupId, issues } of result.notClean) process.stdout.write(`${groupId}: ${issues.join("; ")}\n`);
  if (result.interrupted) return 130;
  return result.notClean.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`migrate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
