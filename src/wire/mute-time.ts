import { UINT32_MAX } from "./fields";

/**
 * Mute time as Tencent's API counts it, for the groups' mutes (src/group/) and
 * the app-wide ones (src/app/) alike.
 */

/** Mute expiries are Unix seconds; the largest MuteTime, 4294967295, means "never expires". */
export const PERMANENT = UINT32_MAX;

/** The until-time of a mute of `seconds` from `now`: 0 lifts it; anything reaching the permanent value is permanent. */
export function untilAfter(now: number, seconds: number): number {
  return seconds === 0 ? 0 : seconds === PERMANENT ? PERMANENT : Math.min(now + seconds, PERMANENT);
}
