import { z } from "zod";
import { ErrorCode } from "../wire/errors";
import { account } from "../wire/fields";

/** Accounts one ban_group_member or unban_group_member names at most (Tencent: 20; 10005 past it). */
export const MAX_BAN_ACCOUNTS = 20;

/** Entries the list may hold as sent, repeats included (ten times the distinct accounts allowed). */
const MAX_RAW_ACCOUNTS = 10 * MAX_BAN_ACCOUNTS;

/** Members_Account of the ban commands: 1 to 20 distinct accounts (a repeat counts once), 10005 past 20. */
export const banAccounts = () =>
  z
    .array(account(), { error: (i) => (i.input === undefined ? "is required" : "must be an array of account strings") })
    .min(1, { error: "must name at least one account" })
    .max(MAX_RAW_ACCOUNTS, { error: `must hold at most ${MAX_RAW_ACCOUNTS} entries` })
    .transform((list) => [...new Set(list)])
    .refine((list) => list.length <= MAX_BAN_ACCOUNTS, {
      error: `must name at most ${MAX_BAN_ACCOUNTS} distinct accounts`,
      params: { code: ErrorCode.TOO_MANY_ACCOUNTS },
    });
