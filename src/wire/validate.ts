import type { z } from "zod";
import { ApiError, ErrorCode, type ErrorCodeValue } from "./errors";
import { REQUIRED } from "./fields";

/**
 * Parses a request body with a command's zod schema. Zod's first issue becomes
 * 10004 with an ErrorInfo that names the field, e.g. `Members_Account[3]: ...`.
 * A schema may raise a more specific code by putting it in the issue's params.
 *
 * One leniency, for every command: an optional enum field sent as "" is the
 * field left out (SPEC.md, "Third round": Python's pinclr sends `"GroupType": ""`).
 * It costs nothing on a body that passes: only a refused body is looked at again.
 */
export function validate<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  let issue = parsed.error.issues[0]!;
  const blanks = blankEnums(body, parsed.error.issues);
  if (blanks.length > 0) {
    const again = schema.safeParse(withoutFields(body, blanks));
    if (again.success) return again.data;
    issue = again.error.issues[0]!;
    // Left out, the field was missing: it is required, and its "" is answered as the wrong value it is.
    const blank = blanks.find((b) => formatPath(b.path) === formatPath(issue.path));
    if (blank !== undefined) issue = blank;
  }
  throw refusal(issue);
}

/** The caller's error of one zod issue. */
function refusal(issue: z.core.$ZodIssue): ApiError {
  const field = formatPath(issue.path);
  const code = (issue as { params?: { code?: Exclude<ErrorCodeValue, 0> } }).params?.code;
  const info = field === "" ? issue.message : `${field}: ${issue.message}`;
  // Every field's own "is required" (see fields.ts) is the one way a field is missing.
  const top =
    typeof issue.path[0] === "string" ? { name: issue.path[0], missing: issue.message === REQUIRED } : undefined;
  return new ApiError(code ?? ErrorCode.INVALID_PARAMETER, info, top);
}

/**
 * The issues of fields of an object (not items of a list) that hold "" where
 * the schema wants one of its strings: the enum fields sent blank.
 */
function blankEnums(body: unknown, issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.filter(
    (issue) =>
      issue.code === "invalid_value" &&
      issue.values.every((v) => typeof v === "string") &&
      typeof issue.path.at(-1) === "string" &&
      valueAt(body, issue.path) === "",
  );
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let at = body;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** A copy of `body` without the fields at the issues' paths (the body itself is left as it is). */
function withoutFields(body: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(body);
  for (const { path } of issues) {
    const parent = valueAt(copy, path.slice(0, -1)) as Record<PropertyKey, unknown>;
    delete parent[path.at(-1)!];
  }
  return copy;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
