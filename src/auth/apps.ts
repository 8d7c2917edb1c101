import { z } from "zod";
import { HISTORY_DAYS, MAX_LADDER_STEPS } from "../contract/group-rpc";
import { CALLBACK_COMMANDS, type CallbackTarget } from "../wire/callbacks";
import { COMMAND_NAMES, LIVE_BUDGETS } from "../wire/command-names";
import { ApiError, ErrorCode } from "../wire/errors";
import { accountIdFault, UINT32_MAX } from "../wire/fields";

/** Calls per second per command when an app sets no limit of its own (Tencent's documented maximum). */
export const DEFAULT_RATE = 200;
/**
 * Sends a second one live-channel socket may make when the app sets no `group_live_send`
 * (not its `default`): a flooding client is refused per socket, and cannot take the app's budget.
 */
export const DEFAULT_SOCKET_SEND_RATE = 100;

const rate = z.number().int().min(1).max(1_000_000);

const CallbackSchema = z.object({
  /** Where callbacks go: an http(s) URL without a query (the service adds Tencent's). */
  url: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).refine((u) => !u.includes("?"), {
    error: "must have no query string (the service adds one)",
  }),
  /** Signs each request (Sign = hex SHA-256 of token + RequestTime); absent: unsigned. */
  token: z.string().min(1).optional(),
  /** The callbacks to send; absent: all of them. */
  commands: z.array(z.enum(CALLBACK_COMMANDS, { error: `must be one of ${CALLBACK_COMMANDS.join(", ")}` })).optional(),
});

const AppSchema = z.object({
  sdkappid: z.number().int().min(1).max(UINT32_MAX),
  /** The app's secret key: HMAC key of its UserSigs. */
  key: z.string().min(1),
  /** Identifiers that may call the REST API (Tencent's "app admins"). */
  admins: z
    .array(
      z.string().refine((s) => accountIdFault(s) === null, {
        // Never the fault's own text: it would quote a character of the configuration.
        error: "an admin must be 1 to 32 bytes of UTF-8 without control characters",
      }),
    )
    .min(1),
  /**
   * Accepted calls per second: `default` for every command, or per current command name, or a
   * live channel budget. Any other key (a legacy alias, a typo) is refused rather than silently
   * left at the default.
   */
  limits: z
    .partialRecord(z.enum(["default", ...COMMAND_NAMES, ...LIVE_BUDGETS] as [string, ...string[]]), rate)
    .optional(),
  /** The app's callback receiver (docs/api.md, "Callbacks"). */
  callback: CallbackSchema.optional(),
  /**
   * Escalation (forbid_send_msg's Escalate): mute seconds by step, and how many days a mute counts:
   * at most the days the mute history always keeps, so that no mute it counts can have been pruned.
   */
  muteLadder: z
    .object({
      steps: z.array(z.number().int().min(1).max(UINT32_MAX)).min(1).max(MAX_LADDER_STEPS),
      decayDays: z
        .number()
        .int()
        .min(1)
        .refine((days) => days <= HISTORY_DAYS, {
          error: `must be at most ${HISTORY_DAYS} (the days the mute history keeps)`,
        }),
    })
    .optional(),
});

const RegistrySchema = z.array(AppSchema).refine((apps) => new Set(apps.map((a) => a.sdkappid)).size === apps.length, {
  error: "an sdkappid appears twice",
});

export interface App {
  sdkappid: number;
  key: string;
  admins: ReadonlySet<string>;
  /** Accepted calls per second for `command` (its canonical name, or group_live_connect). */
  rateOf(command: string): number;
  /** Sends a second of one live-channel socket. */
  socketSendRate: number;
  /** Where its callbacks go; null when it has none. */
  callback: CallbackTarget | null;
  /** Its escalation ladder; null when it has none (Escalate is then refused). */
  muteLadder: { steps: number[]; decayDays: number } | null;
}

export type AppRegistry = ReadonlyMap<number, App>;

/** "…is invalid: it is not JSON; the operator must fix it", never with a value from the configuration. */
const invalidConfig = (why: string) =>
  new Error(`the service's app configuration (APPS) is invalid${why}; the operator must fix it`);

/** Parsed registries by their source text: validated once per isolate, not per call. */
let cached: { source: string | undefined; registry: AppRegistry | Error } | undefined;

/**
 * The app registry from the APPS configuration value. A missing or broken
 * configuration answers 10002 to every call, and the message never quotes the
 * configuration, so no key can leak through it.
 */
export function appRegistry(source: string | undefined): AppRegistry {
  if (cached === undefined || cached.source !== source) cached = { source, registry: parseRegistry(source) };
  if (cached.registry instanceof Error) throw new ApiError(ErrorCode.INTERNAL, cached.registry.message);
  return cached.registry;
}

const FIELD_NAMES: ReadonlySet<PropertyKey> = new Set([
  ...Object.keys(AppSchema.shape),
  ...Object.keys(CallbackSchema.shape),
  "steps",
  "decayDays",
]);

/**
 * An issue path as "1.admins", cut before the first segment that is neither an
 * index nor a field name of the schema: a `limits` key is configuration text.
 */
function safePath(path: readonly PropertyKey[]): string {
  const shown: string[] = [];
  for (const segment of path) {
    if (typeof segment !== "number" && !FIELD_NAMES.has(segment)) break;
    shown.push(String(segment));
  }
  return shown.join(".");
}

function parseRegistry(source: string | undefined): AppRegistry | Error {
  if (source === undefined || source.trim() === "") {
    return new Error("the service has no app configuration (APPS is not set); the operator must set it");
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    return invalidConfig(": it is not JSON");
  }
  const parsed = RegistrySchema.safeParse(json);
  if (!parsed.success) {
    // Only the path of the first issue, and the text of this file's own refinements:
    // never a value, which could be a key.
    const issue = parsed.error.issues[0];
    const where = safePath(issue?.path ?? []);
    const own = issue?.code === "custom" ? `: ${issue.message}` : "";
    return invalidConfig(`${where === "" ? "" : ` at ${where}`}${own}`);
  }
  const registry = new Map<number, App>();
  for (const a of parsed.data) {
    const limits = a.limits ?? {};
    const fallback = limits.default ?? DEFAULT_RATE;
    registry.set(a.sdkappid, {
      sdkappid: a.sdkappid,
      key: a.key,
      admins: new Set(a.admins),
      rateOf: (command) => limits[command] ?? fallback,
      socketSendRate: limits.group_live_send ?? DEFAULT_SOCKET_SEND_RATE,
      callback:
        a.callback === undefined
          ? null
          : {
              url: a.callback.url,
              token: a.callback.token ?? null,
              commands: new Set(a.callback.commands ?? CALLBACK_COMMANDS),
            },
      muteLadder: a.muteLadder ?? null,
    });
  }
  return registry;
}
