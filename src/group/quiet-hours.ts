import type { QuietWindow } from "../contract/group-rpc";
import { BoundedMap } from "../memory/bounded-map";

/**
 * Quiet hours (the MuteAllSchedule extension): windows of the week, in any
 * IANA time zone, during which a group behaves as with mute-all on. Whether a
 * window is open is computed at read time from the clock, in the window's own
 * zone (the runtime's Intl has the zone data), so midnight and daylight-saving
 * changes need nothing of their own: a window is local wall-clock time.
 */

export const MAX_WINDOWS = 8;

/** Local calendar and clock of an instant in one zone. */
interface LocalTime {
  /** Days since 1970-01-01 of the local date. */
  day: number;
  /** ISO weekday, Monday 1. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

/**
 * Intl accepts a zone in any letter case (and by its aliases), so the spellings
 * of one zone are endless: the memories below are keyed by the zone's own name
 * as Intl resolves it, and the spellings seen are a bounded memory of their own.
 */
const ZONE_SPELLINGS = 512;
/** More than the IANA database has names, so canonical names never evict each other. */
const ZONES = 1024;
const canonicalBySpelling = new BoundedMap<string, string | null>(ZONE_SPELLINGS);
const formatters = new BoundedMap<string, Intl.DateTimeFormat>(ZONES);
/** The local time of the last instant asked per zone, by the minute: sends ask every call. */
const lastLocal = new BoundedMap<string, { minuteOfEpoch: number; local: LocalTime }>(ZONES);

/** The zone's name as Intl resolves it (so one entry per zone, whatever its spelling), or null when unknown. */
function canonicalZone(zone: string): string | null {
  let name = canonicalBySpelling.get(zone);
  if (name === undefined) {
    try {
      name = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      name = null;
    }
    canonicalBySpelling.set(zone, name);
  }
  return name;
}

/** The formatter of a zone by its canonical name. */
function formatter(name: string): Intl.DateTimeFormat {
  let f = formatters.get(name);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(name, f);
  }
  return f;
}

/** True when the runtime knows `zone` as an IANA time zone (in any letter case, as Intl does). */
export function isTimeZone(zone: string): boolean {
  return canonicalZone(zone) !== null;
}

/** How many entries the per-isolate zone memories hold (tests check the bound). */
export function zoneMemorySizes(): { spellings: number; formatters: number; lastLocal: number } {
  return { spellings: canonicalBySpelling.size, formatters: formatters.size, lastLocal: lastLocal.size };
}

function localTime(zone: string, nowSeconds: number): LocalTime {
  const minuteOfEpoch = Math.floor(nowSeconds / 60);
  const name = canonicalZone(zone);
  // Windows are validated when written; an unknown zone here is a stored row gone bad.
  if (name === null) throw new RangeError(`unknown time zone ${zone}`);
  const kept = lastLocal.get(name);
  if (kept !== undefined && kept.minuteOfEpoch === minuteOfEpoch) return kept.local;
  const parts: Record<string, number> = {};
  for (const p of formatter(name).formatToParts(new Date(nowSeconds * 1000))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const day = Math.floor(Date.UTC(parts.year!, parts.month! - 1, parts.day!) / 86_400_000);
  // 1970-01-01 was a Thursday (ISO 4).
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const local = { day, weekday, minute: parts.hour! * 60 + parts.minute! };
  lastLocal.set(name, { minuteOfEpoch, local });
  return local;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The occurrence of a window open at `nowSeconds`, as "<window>:<local day it
 * started>", or null when none is open. The key names one occurrence, so that
 * turning mute-all Off during it ends that occurrence only.
 */
export function openOccurrence(windows: readonly QuietWindow[], nowSeconds: number): string | null {
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    const t = localTime(w.TimeZone, nowSeconds);
    const start = minutesOf(w.Start);
    const end = minutesOf(w.End);
    if (end > start) {
      if (w.Days.includes(t.weekday) && t.minute >= start && t.minute < end) return `${i}:${t.day}`;
    } else {
      // Past midnight: the part after Start on a listed day, or the part before End the day after one.
      if (w.Days.includes(t.weekday) && t.minute >= start) return `${i}:${t.day}`;
      const yesterday = t.weekday === 1 ? 7 : t.weekday - 1;
      if (w.Days.includes(yesterday) && t.minute < end) return `${i}:${t.day - 1}`;
    }
  }
  return null;
}

/**
 * openOccurrence of a schedule kept as JSON, remembered for the minute: windows
 * open and close on whole minutes, so every send of that minute reuses it (the
 * send gate asks on every send; measured, parsing and checking seven windows
 * each time cost about 7 % of a send).
 */
let remembered: { json: string; minute: number; open: string | null } | null = null;

export function openOccurrenceOf(json: string, nowSeconds: number): string | null {
  const minute = Math.floor(nowSeconds / 60);
  if (remembered !== null && remembered.json === json && remembered.minute === minute) return remembered.open;
  const open = openOccurrence(scheduleOf(json), nowSeconds);
  remembered = { json, minute, open };
  return open;
}

/** A schedule as the profile keeps it (JSON); anything unreadable reads as none. */
export function scheduleOf(json: string): QuietWindow[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as QuietWindow[]) : [];
  } catch {
    return [];
  }
}

/** The instant (Unix s, to the minute) at which local time in `zone` reads `day` (days since 1970) and `minute`. */
function instantOf(zone: string, day: number, minute: number): number {
  const wall = day * 86_400 + minute * 60;
  let guess = wall;
  // The zone's offset at the guess, twice: enough to land on the right side of a change.
  for (let i = 0; i < 2; i++) {
    const local = localTime(zone, guess);
    const offset = local.day * 86_400 + local.minute * 60 - Math.floor(guess / 60) * 60;
    guess = wall - offset;
  }
  return guess;
}

/** The edges (openings and closings, Unix s) of the windows from a day before `now` to eight days after. */
function edgesAround(windows: readonly QuietWindow[], now: number): number[] {
  const edges: number[] = [];
  for (const w of windows) {
    const today = localTime(w.TimeZone, now).day;
    const start = minutesOf(w.Start);
    const end = minutesOf(w.End);
    for (let d = today - 2; d <= today + 8; d++) {
      const weekday = ((((d + 3) % 7) + 7) % 7) + 1;
      if (!w.Days.includes(weekday)) continue;
      edges.push(instantOf(w.TimeZone, d, start));
      edges.push(instantOf(w.TimeZone, end > start ? d : d + 1, end));
    }
  }
  return edges;
}

/** The next edge of the windows after `now` (Unix s), or null when there are none. */
export function nextEdge(windows: readonly QuietWindow[], now: number): number | null {
  let next: number | null = null;
  for (const e of edgesAround(windows, now)) if (e > now && (next === null || e < next)) next = e;
  return next;
}

/**
 * The edges of the windows after `from` and at or before `now` (Unix s), oldest
 * first, each once; at most two days back (the edges edgesAround knows).
 */
export function edgesBetween(windows: readonly QuietWindow[], from: number, now: number): number[] {
  const edges = edgesAround(windows, now).filter((e) => e > from && e <= now);
  return [...new Set(edges)].sort((a, b) => a - b);
}
