/**
 * What a command's spec says (its fields, codes, and the shape of an OK answer), and small checks of
 * shapes.
 */

import type fc from "fast-check";
import type { Answer } from "../../../helpers";
import { wellFormed } from "../arbitraries/junk";
import { MAX_REASON_BYTES } from "../arbitraries/profile";
import { byteLength } from "../harness";

// ---------------------------------------------------------------------------------------------
// Commands

export interface Field {
  name: string;
  good: fc.Arbitrary<unknown>;
  bad: fc.Arbitrary<unknown>;
  optional?: boolean;
}

export interface CommandSpec {
  /** Wire name (a legacy alias is its own spec). */
  name: string;
  /** The service in the URL, when not group_open_http_svc. */
  service?: string;
  /** The codes a body of any shape may get for this command (the body class narrowed to it). */
  codes: readonly number[];
  /** Good GroupIds for this command (the sentinel's only where that is safe). */
  groupIds: fc.Arbitrary<unknown>;
  /** Bad GroupIds, when more than the common ones. */
  badGroupId?: fc.Arbitrary<unknown>;
  /** The non-GroupId fields. */
  fields: Field[];
  /**
   * Fields of which a valid body has exactly one (or at most one); with exactlyOne, the one kept
   * is its `fallback` value (60 when none) where the body left it out.
   */
  exclusive?: { names: string[]; exactlyOne: boolean; fallback?: Record<string, unknown> };
  /** Makes a body of good fields valid where fields depend on each other (by name; ABSENT deletes). */
  repair?: (values: Map<string, unknown>) => void;
  /** The codes a valid body may get, when narrower than the command's codes less the schema's. */
  validCodes?: (body: Record<string, unknown>, codes: readonly number[]) => readonly number[];
  /** Bodies every run tries first, before the generated ones (pinned findings). */
  pinned?: unknown[];
  /** Checks the fields an OK answer must carry (`body` is the request, a valid one then). */
  okShape(answer: Answer, body: Record<string, unknown>): string | null;
}

export const isArray = (v: unknown) => Array.isArray(v);
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !isArray(v);
/** The distinct strings of a list, in first-seen order (as the service dedupes account lists). */
export const distinct = (v: unknown): unknown[] => (Array.isArray(v) ? [...new Set(v)] : []);
export const shape = (answer: Answer, fields: Record<string, (v: unknown) => boolean>): string | null => {
  for (const [name, test] of Object.entries(fields)) if (!test(answer[name])) return `${name} is missing or malformed`;
  return null;
};

/** A Reason as answered: well-formed text of at most 256 bytes. */
export const isReason = (v: unknown): v is string =>
  typeof v === "string" && wellFormed(v) && byteLength(v) <= MAX_REASON_BYTES;

export const MUTE_ACTIONS = ["Mute", "Unmute", "Expire", "MuteAll", "UnmuteAll", "Ban", "Unban"];
/** A ban's Description, kept as its entries' Reason: at most 1000 bytes. */
export const isDescription = (v: unknown): v is string =>
  typeof v === "string" && wellFormed(v) && byteLength(v) <= 1000;
/** get_group_mute_history's default page. */
export const MUTE_HISTORY_PAGE = 20;
