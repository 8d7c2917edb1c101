/**
 * The command line of `npm run migrate`: each setting from its flag, else its
 * environment variable (keys are better given so: a flag shows in `ps`).
 */
import type { Endpoint } from "./client";
import type { MigrateOptions } from "./migrate";

export const USAGE = `npm run migrate -- [flags]

Copies an app's groups from a Tencent-compatible REST API (the source) into another (the target):
profile, members with roles and join times, mutes with their time left and reasons, mute-all, and
recent messages. Safe to stop and run again: it resumes from its state file.

  --source-url URL          MIGRATE_SOURCE_URL         like https://console.tim.qq.com
  --source-sdkappid N       MIGRATE_SOURCE_SDKAPPID
  --source-identifier ID    MIGRATE_SOURCE_IDENTIFIER  an app admin of the source
  --source-key KEY          MIGRATE_SOURCE_KEY         the source app's secret key (signs the UserSig)
  --target-url URL          MIGRATE_TARGET_URL
  --target-sdkappid N       MIGRATE_TARGET_SDKAPPID
  --target-identifier ID    MIGRATE_TARGET_IDENTIFIER
  --target-key KEY          MIGRATE_TARGET_KEY
  --state FILE              MIGRATE_STATE              default migrate-state-<source>-<target>.json
  --messages N              MIGRATE_MESSAGES           recent messages per group, default 1000 (0: none)
  --concurrency N           MIGRATE_CONCURRENCY        groups at once, default 4
  --source-rate N           MIGRATE_SOURCE_RATE        calls a second per command, default 200
  --target-rate N           MIGRATE_TARGET_RATE        default 200
  --group ID                                           only this group (repeat for more)
  -h, --help

Exit status: 0 every group copied cleanly; 1 some did not (each is listed); 2 a usage error;
130 interrupted (run again to resume).`;

export class UsageError extends Error {}

const FLAGS: Record<string, string> = {
  "--source-url": "MIGRATE_SOURCE_URL",
  "--source-sdkappid": "MIGRATE_SOURCE_SDKAPPID",
  "--source-identifier": "MIGRATE_SOURCE_IDENTIFIER",
  "--source-key": "MIGRATE_SOURCE_KEY",
  "--target-url": "MIGRATE_TARGET_URL",
  "--target-sdkappid": "MIGRATE_TARGET_SDKAPPID",
  "--target-identifier": "MIGRATE_TARGET_IDENTIFIER",
  "--target-key": "MIGRATE_TARGET_KEY",
  "--state": "MIGRATE_STATE",
  "--messages": "MIGRATE_MESSAGES",
  "--concurrency": "MIGRATE_CONCURRENCY",
  "--source-rate": "MIGRATE_SOURCE_RATE",
  "--target-rate": "MIGRATE_TARGET_RATE",
};

/** The run's options from `argv` (after the script name) and `env`; "help" for -h. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): MigrateOptions | "help" {
  const given = new Map<string, string>();
  const groups: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== "--group" && !(name in FLAGS)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === "--group") groups.push(value);
    else given.set(name, value);
  }
  const get = (flag: string): string | undefined => given.get(flag) ?? env[FLAGS[flag]!];
  const need = (flag: string): string => {
    const v = get(flag);
    if (v === undefined || v === "") throw new UsageError(`${flag} (or ${FLAGS[flag]}) is required`);
    return v;
  };
  const integer = (flag: string, fallback: number, min: number, max = 4294967295): number => {
    const v = get(flag);
    if (v === undefined || v === "") return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
    }
    return Number(v);
  };
  const endpoint = (side: "source" | "target"): Endpoint => {
    const url = need(`--${side}-url`);
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--${side}-url must start with http:// or https://`);
    return {
      baseUrl: url,
      sdkappid: integer(`--${side}-sdkappid`, Number.NaN, 1),
      identifier: need(`--${side}-identifier`),
      key: need(`--${side}-key`),
      rate: integer(`--${side}-rate`, 200, 1, 100_000),
    };
  };
  const source = endpoint("source");
  const target = endpoint("target");
  if (Number.isNaN(source.sdkappid)) need("--source-sdkappid");
  if (Number.isNaN(target.sdkappid)) need("--target-sdkappid");
  return {
    source,
    target,
    statePath: get("--state") ?? `migrate-state-${source.sdkappid}-${target.sdkappid}.json`,
    maxMessages: integer("--messages", 1000, 0),
    concurrency: integer("--concurrency", 4, 1, 64),
    ...(groups.length === 0 ? {} : { groups }),
  };
}
