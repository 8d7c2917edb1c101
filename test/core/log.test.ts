import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../../src/log";

afterEach(() => vi.restoreAllMocks());

/** What one log call wrote (to stdout or stderr). */
function written(write: () => void): string[] {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  vi.spyOn(console, "log").mockImplementation(record);
  vi.spyOn(console, "error").mockImplementation(record);
  write();
  vi.restoreAllMocks();
  return lines;
}

describe("log lines", () => {
  it("cut every string field, the error's text and stack included, to 1 KB", () => {
    const error = new Error("m".repeat(200_000));
    const [fault] = written(() => log.fault("some_fault", error, { from: "f".repeat(50_000), n: 5 }));
    expect(fault!.length).toBeLessThan(2 * 1024 + 200);
    const parsed = JSON.parse(fault!);
    expect(parsed).toMatchObject({ event: "some_fault", n: 5 });
    expect(parsed.from).toBe(`${"f".repeat(1024)}… (50000 chars)`);
    expect(parsed.error).toMatch(/^Error: m+… \(\d+ chars\)$/);

    const [event] = written(() => log.event("some_event", { fault: "x".repeat(200_000) }));
    expect(event!.length).toBeLessThan(1024 + 100);
    const [thrown] = written(() => log.fault("thrown_string", "y".repeat(200_000)));
    expect(thrown!.length).toBeLessThan(1024 + 100);
  });

  it("count what JSON and UTF-8 make of a character: escapes and CJK stay within 1 KB too", () => {
    for (const ch of ["\u0001", '"', "禁", "😀"]) {
      const [line] = written(() => log.event("wide", { text: ch.repeat(10_000) }));
      expect(new TextEncoder().encode(line!).byteLength).toBeLessThan(1024 + 100);
      expect(JSON.parse(line!).text.startsWith(ch)).toBe(true);
    }
  });

  it("leave short fields as they are", () => {
    const [line] = written(() => log.event("short", { a: "b", ok: true, none: null }));
    expect(line).toBe('{"event":"short","a":"b","ok":true,"none":null}');
  });
});
