/**
 * Property-based tests of MuteAllSchedule: any body gets 0 or 10004 by an
 * oracle of the field's rules and changes nothing when refused; and for any
 * schedule and any instant, the group is muted for all exactly when an
 * independent reading of the local clock (Intl's own weekday) says a window is
 * open, through get_group_info and the send gate.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  asApp,
  type CallOptions,
  call,
  createGroup,
  T0,
  type TestClock,
  textBody,
  UNLIMITED_APP,
  useTestClock,
} from "../helpers";

let clock: TestClock;
/** An app without a rate to mind: the cases run at one clock second. */
let as: CallOptions;
let random = 9_000_000;
beforeEach(async () => {
  clock = useTestClock();
  as = await asApp(UNLIMITED_APP);
});
const send = (GroupId: string) =>
  call("send_group_msg", { GroupId, From_Account: "bob", Random: ++random, MsgBody: textBody("hi") }, as);

const ZONES = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

interface Window {
  Days: number[];
  Start: string;
  End: string;
  TimeZone: string;
}

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const window: fc.Arbitrary<Window> = fc.record({
  Days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  Start: hhmm,
  End: hhmm,
  TimeZone: fc.constantFrom(...ZONES),
});

/** The oracle: Intl's weekday and clock in the zone, and the rule of SPEC.md. */
function openAt(windows: Window[], seconds: number): boolean {
  return windows.some((w) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone: w.TimeZone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(new Date(seconds * 1000))
        .map((p) => [p.type, p.value]),
    );
    const day = WEEKDAYS.indexOf(parts.weekday!) + 1;
    const previous = day === 1 ? 7 : day - 1;
    const now = Number(parts.hour) * 60 + Number(parts.minute);
    const [start, end] = [w.Start, w.End].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
    if (end! > start!) return w.Days.includes(day) && now >= start! && now < end!;
    return (w.Days.includes(day) && now >= start!) || (w.Days.includes(previous) && now < end!);
  });
}

describe("MuteAllSchedule (property-based)", () => {
  it("for any schedule and instant, muted for all exactly when a window is open by the local clock", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] }, as);
    await fc.assert(
      fc.asyncProperty(
        fc.array(window, { maxLength: 8 }),
        // Ten years of instants from T0, far from real time: an alarm armed for a past instant would fire
        // on its own, racing the property.
        fc.array(fc.integer({ min: T0, max: T0 + 300_000_000 }), { minLength: 1, maxLength: 4 }),
        async (windows, instants) => {
          clock.set(instants[0]!);
          const set = await call("modify_group_base_info", { GroupId: g, MuteAllSchedule: windows }, as);
          expect(set.ErrorCode).toBe(0);
          for (const t of instants) {
            clock.set(t);
            const expected = openAt(windows, t);
            const info = (await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0];
            expect(info.MuteAllMember, `${JSON.stringify(windows)} at ${t}`).toBe(expected ? "On" : "Off");
            expect((await send(g)).ErrorCode, `${JSON.stringify(windows)} at ${t}`).toBe(expected ? 10017 : 0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("any body answers 0 or 10004 as the field's rules say, and a refused one changes nothing", async () => {
    const g = await createGroup({}, as);
    const before = (await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0];
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer()));
    const badWindow = fc.oneof(
      window.map((w) => ({ ...w, TimeZone: "Not/AZone" })),
      window.map((w) => ({ ...w, Start: "7:00" })),
      window.map((w) => ({ ...w, End: "24:00" })),
      window.map((w) => ({ ...w, Days: [] })),
      window.map((w) => ({ ...w, Days: [8] })),
      window.map((w) => ({ ...w, Days: [2, 2] })),
      fc.record({ Days: anyValue, Start: anyValue, End: anyValue, TimeZone: anyValue }),
      anyValue,
    );
    const body = fc.oneof(
      fc.array(window, { maxLength: 8 }).map((s) => ({ schedule: s, valid: true })),
      fc.array(window, { minLength: 9, maxLength: 10 }).map((s) => ({ schedule: s, valid: false })),
      fc
        .tuple(fc.array(window, { maxLength: 3 }), badWindow, fc.array(window, { maxLength: 3 }))
        .map(([a, bad, b]) => ({ schedule: [...a, bad, ...b], valid: false })),
      anyValue
        .filter((v) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map((v) => ({ schedule: v, valid: false })),
    );
    await fc.assert(
      fc.asyncProperty(body, async ({ schedule, valid }) => {
        await call("modify_group_base_info", { GroupId: g, MuteAllSchedule: [] }, as);
        const answer = await call("modify_group_base_info", { GroupId: g, MuteAllSchedule: schedule }, as);
        expect(answer.ErrorCode, JSON.stringify(schedule)).toBe(valid ? 0 : 10004);
        if (!valid) {
          expect(answer.ErrorInfo.startsWith("MuteAllSchedule")).toBe(true);
          const after = (await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0];
          expect({ ...after, LastInfoTime: 0 }).toEqual({ ...before, LastInfoTime: 0 });
        }
      }),
      { numRuns: 150 },
    );
  });
});
