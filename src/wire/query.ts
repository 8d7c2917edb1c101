import { z } from "zod";
import { ApiError, ErrorCode, type ErrorCodeValue } from "./errors";
import { accountIdFault, UINT32_MAX } from "./fields";

/** The common query parameters of every call (docs/api.md, "Request shape"). */
export interface CallerQuery {
  sdkappid: number;
  identifier: string;
  usersig: string;
  random: number;
}

// Decimal digits only: "0x10", "1e3", " 7" and "-1" are not uint32 to Tencent either.
const uint32Text = z
  .string()
  .regex(/^\d{1,10}$/, { error: "must be an unsigned 32-bit integer" })
  .transform(Number)
  .pipe(z.number().max(UINT32_MAX, { error: "must be at most 4294967295" }));

const nonEmpty = z.string().min(1, { error: "must not be empty" });

/** The caller's account: the rule of every account field, so no UserSig is checked for a malformed one. */
const identifier = nonEmpty.refine((s) => accountIdFault(s) === null, {
  error: (issue) => accountIdFault(issue.input as string) ?? "",
});

type Param = {
  name: string;
  schema: z.ZodType;
  required: boolean;
  /** Code when the parameter is absent. */
  missing: Exclude<ErrorCodeValue, 0>;
  /** Code when it is present but malformed. */
  invalid: Exclude<ErrorCodeValue, 0>;
};

const params: Param[] = [
  {
    name: "sdkappid",
    schema: uint32Text,
    required: true,
    missing: ErrorCode.SDKAPPID_MISSING,
    invalid: ErrorCode.SDKAPPID_INVALID,
  },
  {
    name: "identifier",
    schema: identifier,
    required: true,
    missing: ErrorCode.NOT_APP_ADMIN,
    invalid: ErrorCode.NOT_APP_ADMIN,
  },
  {
    name: "usersig",
    schema: nonEmpty,
    required: true,
    missing: ErrorCode.USERSIG_MISSING,
    invalid: ErrorCode.USERSIG_MISSING,
  },
  {
    name: "random",
    schema: uint32Text,
    required: true,
    missing: ErrorCode.URL_INVALID,
    invalid: ErrorCode.URL_INVALID,
  },
  {
    name: "contenttype",
    schema: z.literal("json", { error: 'only "json" is supported' }),
    required: false,
    missing: ErrorCode.URL_INVALID,
    invalid: ErrorCode.URL_INVALID,
  },
];

/**
 * Reads the common query parameters, each with the code Tencent answers for it.
 * Unknown parameters are ignored, as Tencent does; a repeated one is ambiguous and refused.
 */
export function parseCallerQuery(search: URLSearchParams): CallerQuery {
  return readParams(search, params) as unknown as CallerQuery;
}

/** The query of a live channel connect (docs/api.md, "Live channel"). */
export interface LiveQuery {
  sdkappid: number;
  /** The account that connects, with its own UserSig. */
  identifier: string;
  usersig: string;
  GroupId: string;
  /** The last Seq the client saw, to resume from. */
  Since?: number;
}

const liveParams: Param[] = [
  params[0]!,
  { ...params[1]!, missing: ErrorCode.INVALID_PARAMETER, invalid: ErrorCode.INVALID_PARAMETER },
  params[2]!,
  {
    name: "GroupId",
    schema: nonEmpty,
    required: true,
    missing: ErrorCode.INVALID_PARAMETER,
    invalid: ErrorCode.INVALID_PARAMETER,
  },
  {
    name: "Since",
    schema: z
      .string()
      .regex(/^\d{1,15}$/, { error: "must be a Seq: a whole number" })
      .transform(Number),
    required: false,
    missing: ErrorCode.INVALID_PARAMETER,
    invalid: ErrorCode.INVALID_PARAMETER,
  },
];

export function parseLiveQuery(search: URLSearchParams): LiveQuery {
  return readParams(search, liveParams) as unknown as LiveQuery;
}

function readParams(search: URLSearchParams, list: readonly Param[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of list) {
    const values = search.getAll(p.name);
    if (values.length === 0) {
      if (p.required) throw new ApiError(p.missing, `query parameter ${p.name} is missing`);
      continue;
    }
    if (values.length > 1)
      throw new ApiError(ErrorCode.URL_INVALID, `query parameter ${p.name} is given ${values.length} times`);
    const parsed = p.schema.safeParse(values[0]);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "is invalid";
      throw new ApiError(p.invalid, `query parameter ${p.name} ${message}`);
    }
    out[p.name] = parsed.data;
  }
  return out;
}
