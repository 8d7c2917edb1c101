import type { z } from "zod";
import type { AppStub } from "../contract/app-rpc";
import type { GroupStub } from "../contract/group-rpc";
import type { JoinedStub } from "../contract/joined-rpc";
import type { CommandName } from "../wire/command-names";
import type { ErrorCodeValue } from "../wire/errors";

/** What a command handler gets besides its validated body. */
export interface CallContext {
  /** True when the caller used the legacy command name: answer with legacy field names. */
  legacy: boolean;
  /** The caller's app. */
  sdkappid: number;
  /** The app admin who calls (the query's `identifier`): the sender when a message names none. */
  identifier: string;
  /** The caller's IP (CF-Connecting-IP), the ClientIP of the callbacks its call causes; "" when not known. */
  clientIp: string;
  /** Until when the command's sender (Command.sender) is muted app-wide (Unix s); 0 when not, or none named. */
  senderAppMutedUntil: number;
  /** The reason of that app-wide mute ("" when none). */
  senderAppMuteReason: string;
  /** The app's escalation ladder (Escalate), or null. */
  muteLadder: { steps: number[]; decayDays: number } | null;
  /** The object of one group of this app (keyed by sdkappid and GroupId). */
  group(groupId: string): GroupStub;
  /** This app's own object: its directory and app-wide mutes (the one that leases the budgets). */
  app(): AppStub;
  /** The shard of this app's joined-group index that holds `account`'s groups. */
  joined(account: string): JoinedStub;
  /** The call set an app-wide group mute of `account`: this isolate's next send reads it, promise or not. */
  appMuteSet(account: string): void;
}

type Code = Exclude<ErrorCodeValue, 0>;

/**
 * The codes of a command whose service documents its own (openconfigsvr's
 * 130xxx), in place of the group service's 60003, 10004 and 10002.
 */
export interface OwnCodes {
  /** The body is not a JSON object. */
  notJson: Code;
  /** A fault on our side. */
  internal: Code;
  /** A field that is wrong, by its top-level name: `missing` when absent (or null). */
  field(name: string, missing: boolean): Code;
}

export interface Command<S extends z.ZodType = z.ZodType> {
  /** The service in the URL (`v4/{service}/{command}`); group_open_http_svc when not given. */
  service?: string;
  /** Current name, the one rate budgets are kept under (one of COMMAND_NAMES). */
  name: CommandName;
  /** Older name Tencent still accepts; answers use legacy field names. */
  legacyName?: string;
  /** One line for /openapi.json and the console's command picker. */
  summary: string;
  /** A body the schema accepts: the console's starting point (a test parses each). */
  example: Record<string, unknown>;
  /** True for a command of our own, beyond Tencent's (`x-extension` in /openapi.json). */
  extension?: true;
  schema: S;
  /** Codes of its own, when its service documents them. */
  codes?: OwnCodes;
  /**
   * The account whose app-wide mute the call must respect (send_group_msg's
   * From_Account); null or absent for none. Read from the app object unless
   * the isolate's lease promises that no app-wide mute is in force.
   */
  sender?(input: z.output<S>): string | null;
  run(input: z.output<S>, ctx: CallContext): Promise<Record<string, unknown>>;
}

/** Keeps the schema's output type tied to `run`'s input. */
export const defineCommand = <S extends z.ZodType>(command: Command<S>): Command<S> => command;
