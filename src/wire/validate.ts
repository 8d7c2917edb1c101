import type { z } from "zod";
import { ApiError, ErrorCode, type ErrorCodeValue } from "./errors";
import { REQUIRED } from "./fields";

/**
 * Parses a request body with a command's zod schema. Zod's first issue becomes
 * 10004 with an ErrorInfo that names the field, e.g. `Members_Account[3]: ...`.
 * A schema may raise a more specific code by putting it in the issue's params.
 */
export function validate<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = formatPath(issue.path);
  const code = (issue as { params?: { code?: Exclude<ErrorCodeValue, 0> } }).params?.code;
  const info = field === "" ? issue.message : `${field}: ${issue.message}`;
  // Every field's own "is required" (see fields.ts) is the one way a field is missing.
  const top =
    typeof issue.path[0] === "string" ? { name: issue.path[0], missing: issue.message === REQUIRED } : undefined;
  throw new ApiError(code ?? ErrorCode.INVALID_PARAMETER, info, top);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
