/**
 * The app level: its codes, its apps, and calls with the raw body as sent.
 */

import { type Answer, type CallOptions, rawCall, SECOND_APP, UNLIMITED_APP } from "../../../helpers";
import { CONTROL, wellFormed } from "../arbitraries/junk";
import { UINT32_MAX } from "../codes";
import { byteLength, encoder, readAnswer, show } from "../harness";
import { isObject } from "../specs/spec";
import type { World } from "../world";

// ---------------------------------------------------------------------------------------------
// The app level: get_appid_group_list, and the app-wide mutes of setnospeaking / getnospeaking

/** The service of setnospeaking and getnospeaking, with codes of its own (Tencent's pages of them). */
const CONFIG_SERVICE = "openconfigsvr";
export const SETTING_NOT_JSON = 130001;
export const GET_ACCOUNT_MISSING = 130002;
export const GET_ACCOUNT_INVALID = 130003;
export const SET_ACCOUNT_MISSING = 130004;
export const SET_ACCOUNT_INVALID = 130005;
export const C2C_TIME_INVALID = 130006;
export const GROUP_TIME_INVALID = 130007;
export const NO_TIME_GIVEN = 130008;
/** get_appid_group_list's largest page, and the page of a call without Limit (or with 0). */
export const MAX_GROUP_LIST = 10000;
/** The filter value each type is listed under: Work is Private, Meeting is ChatRoom (either name filters both). */
export const listedAs = (type: string): string =>
  type === "Work" ? "Private" : type === "Meeting" ? "ChatRoom" : type;

/** Calls as SECOND_APP's admin: the app-wide mutes the fuzzing sets stay out of the demo app's senders. */
export const secondApp = (world: World): CallOptions => ({
  sdkappid: SECOND_APP.sdkappid,
  identifier: SECOND_APP.admin,
  usersig: world.sigs.secondAdmin,
});
/** Calls as UNLIMITED_APP's admin: a directory only the directory model writes, and no rate to mind. */
export const unlimitedApp = (world: World): CallOptions => ({
  sdkappid: UNLIMITED_APP.sdkappid,
  identifier: UNLIMITED_APP.admin,
  usersig: world.sigs.unlimitedAdmin,
});
export const config = (o: CallOptions): CallOptions => ({ ...o, service: CONFIG_SERVICE });

/** One call at the clock as it is (a model moves the clock itself). */
export async function callNow(command: string, body: unknown, o: CallOptions): Promise<Answer> {
  return readAnswer(await rawCall(command, body, o), `${command} ${show(body)}`);
}

/** One call with a raw body (text or bytes) at the clock as it is. */
export async function callRaw(command: string, raw: string | Uint8Array, o: CallOptions): Promise<Answer> {
  const response = await rawCall(command, undefined, { ...o, rawBody: raw as BodyInit });
  return readAnswer(response, `${command} ${showRaw(raw)}`);
}

export const showRaw = (raw: string | Uint8Array): string =>
  typeof raw === "string" ? show(raw) : `bytes [${Array.from(raw.slice(0, 60)).join(",")}]`;

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * What the service reads of a raw body, by docs/api.md ("Body"): its bytes as UTF-8 (a string
 * goes out as UTF-8, a lone surrogate as U+FFFD; a leading BOM is no part of the text), parsed as
 * JSON, where a member whose value is null is absent (a null inside an array stays), and `[]` is
 * `{}`. Null when that is no JSON object.
 */
export function wireObject(raw: string | Uint8Array): Record<string, unknown> | null {
  let text: string;
  try {
    text = fatalUtf8.decode(typeof raw === "string" ? encoder.encode(raw) : raw);
  } catch {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text, function (this: unknown, _key: string, v: unknown) {
      return v === null && !Array.isArray(this) ? undefined : v;
    });
  } catch {
    return null;
  }
  // A body of [] is {} (SPEC.md, "Third round": PHP's SDK sends it for a call without fields).
  if (Array.isArray(value) && value.length === 0) return {};
  return isObject(value) ? value : null;
}

/** An account ID: a string of 1..32 bytes of UTF-8, well-formed, without a control character. */
export const isAccountId = (v: unknown): v is string =>
  typeof v === "string" && wellFormed(v) && v.length > 0 && byteLength(v) <= 32 && !CONTROL.test(v);
export const isUint32 = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= UINT32_MAX;
export const given = (body: Record<string, unknown>, name: string): boolean => Object.hasOwn(body, name);
