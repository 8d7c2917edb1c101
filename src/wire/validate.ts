import type { z } from "zod";
import { ApiError, ErrorCode } from "./errors";

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
  const code = (issue as { params?: { code?: number } }).params?.code;
  const info = field === "" ? issue.message : `${field}: ${issue.message}`;
  if (code === ErrorCode.GROUP_ID_MALFORMED || code === ErrorCode.TOO_MANY_ACCOUNTS) throw new ApiError(code, info);
  throw new ApiError(ErrorCode.INVALID_PARAMETER, info);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
