import { z } from "zod";
import { ErrorCode } from "../wire/errors";
import { fitsBytes, requiredString } from "../wire/fields";

/** get_group_attr's service (Tencent's); the writes are in group_open_http_svc. */
export const ATTR_SERVICE = "group_open_attr_http_svc";

/** Tencent's limits of one attribute, in bytes of UTF-8 (the group's: 16 keys, 16 KB, in GroupAttrs). */
const MAX_KEY_BYTES = 32;
const MAX_VALUE_BYTES = 4000;
/** Entries a GroupAttr may hold as sent: ten times the keys a group may hold (more keys are 10047, from the group). */
const MAX_RAW_ATTRS = 160;

const attr = z.object({
  key: requiredString()
    .refine((k) => k !== "", { error: "must not be empty", abort: true })
    .refine((k) => fitsBytes(k, MAX_KEY_BYTES), {
      error: `must be at most ${MAX_KEY_BYTES} bytes`,
      params: { code: ErrorCode.ATTR_KEY_TOO_LONG },
    }),
  value: requiredString().refine((v) => v === "" || fitsBytes(v, MAX_VALUE_BYTES), {
    error: `must be at most ${MAX_VALUE_BYTES} bytes`,
    params: { code: ErrorCode.ATTR_VALUE_TOO_LONG },
  }),
});

/** GroupAttr of modify_group_attr and set_group_attr: [key, value] pairs in request order. */
export const groupAttrList = () =>
  z
    .array(attr, { error: (i) => (i.input === undefined ? "is required" : "must be an array of {key, value}") })
    .min(1, { error: "must hold at least one {key, value}" })
    .max(MAX_RAW_ATTRS, { error: `must hold at most ${MAX_RAW_ATTRS} entries` })
    .transform((list) => list.map((a): [string, string] => [a.key, a.value]));
