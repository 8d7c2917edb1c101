import type { z } from "zod";
import type { GroupObject } from "../group/group-object";

/** What a command handler gets besides its validated body. */
export interface CallContext {
  /** True when the caller used the legacy command name: answer with legacy field names. */
  legacy: boolean;
  /** The caller's app. */
  sdkappid: number;
  /** The app admin who calls (the query's `identifier`): the sender when a message names none. */
  identifier: string;
  /** The object of one group of this app (keyed by sdkappid and GroupId). */
  group(groupId: string): DurableObjectStub<GroupObject>;
}

export interface Command<S extends z.ZodType = z.ZodType> {
  /** Current name, the one rate budgets are kept under. */
  name: string;
  /** Older name Tencent still accepts; answers use legacy field names. */
  legacyName?: string;
  schema: S;
  run(input: z.output<S>, ctx: CallContext): Promise<Record<string, unknown>>;
}

/** Keeps the schema's output type tied to `run`'s input. */
export const defineCommand = <S extends z.ZodType>(command: Command<S>): Command<S> => command;
