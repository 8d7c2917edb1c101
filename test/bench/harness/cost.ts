/**
 * What a call costs on Cloudflare's Workers Paid price list, from what the
 * access log says it did (RPCs, SQLite rows) and the workerd CPU it took.
 * The prices are docs/benchmarks.md's dated table; keep the two the same.
 */

/** Cloudflare Workers Paid, list prices past the monthly allowances (USD), as of 2026-12-07. */
const PRICES = {
  /** Workers requests, per million. */
  workerRequest: 0.3,
  /** Workers CPU time, per million CPU milliseconds. */
  workerCpuMs: 0.02,
  /** Durable Object requests (each RPC method call, each alarm invocation), per million. */
  objectRequest: 0.15,
  /** Durable Object duration, per million GB-seconds, at 128 MB an object. */
  objectGbSecond: 12.5,
  /** SQLite rows read, per million. */
  rowRead: 0.001,
  /** SQLite rows written, per million. */
  rowWritten: 1.0,
} as const;

const OBJECT_GB = 128 / 1024;

/** What the log lines of a window say the work in it did. */
export interface Usage {
  /** Calls answered ErrorCode 0. */
  calls: number;
  rpcs: number;
  rowsRead: number;
  rowsWritten: number;
  /** Alarm runs of group objects, and their rows. */
  alarms: number;
  alarmRowsRead: number;
  alarmRowsWritten: number;
}

export function emptyUsage(): Usage {
  return { calls: 0, rpcs: 0, rowsRead: 0, rowsWritten: 0, alarms: 0, alarmRowsRead: 0, alarmRowsWritten: 0 };
}

/** Adds what `lines` (workerd's stdout) record to `usage`: the calls of `command` only, when given. */
export function addUsage(usage: Usage, lines: string[], command?: string): Usage {
  for (const line of lines) {
    const at = line.indexOf("{");
    // A line cut at a window's edge is skipped (a window starts at the log's end then).
    if (at < 0 || !line.endsWith("}")) continue;
    if (line.includes('"rid":')) {
      const call = JSON.parse(line.slice(at)) as {
        code: number;
        command: string;
        rpcs: number;
        rowsRead: number;
        rowsWritten: number;
      };
      if (call.code !== 0 || (command !== undefined && call.command !== command)) continue;
      usage.calls += 1;
      usage.rpcs += call.rpcs;
      usage.rowsRead += call.rowsRead;
      usage.rowsWritten += call.rowsWritten;
    } else if (command === "live_send" && line.includes('"event":"live_send"')) {
      // A socket's Send: its group's line, with its hops to the app object (none while the group's
      // isolate holds a lease) and their rows.
      const send = JSON.parse(line.slice(at)) as { code: number; rpcs: number; rowsRead: number; rowsWritten: number };
      if (send.code !== 0) continue;
      usage.calls += 1;
      usage.rpcs += send.rpcs;
      usage.rowsRead += send.rowsRead;
      usage.rowsWritten += send.rowsWritten;
    } else if (line.includes('"event":"group_alarm"')) {
      const alarm = JSON.parse(line.slice(at)) as { rowsRead: number; rowsWritten: number };
      usage.alarms += 1;
      usage.alarmRowsRead += alarm.rowsRead;
      usage.alarmRowsWritten += alarm.rowsWritten;
    }
  }
  return usage;
}

/**
 * Per call: the log's figures, and the estimated USD per million calls with the share of each line.
 * `overSocket`: the calls came as WebSocket messages, not Worker requests (Durable Objects bill
 * incoming messages 20 to a request).
 */
export function costPerMillion(usage: Usage, cpuMsPerCall: number, overSocket = false): Record<string, number> {
  const n = Math.max(1, usage.calls);
  const rpcs = usage.rpcs / n;
  const alarms = usage.alarms / n;
  const rowsRead = (usage.rowsRead + usage.alarmRowsRead) / n;
  const rowsWritten = (usage.rowsWritten + usage.alarmRowsWritten) / n;
  // workerd's CPU is the Worker's and the objects' together: it is priced both as Worker CPU and
  // as object duration (an object's active time here is its CPU: its storage is local), an upper
  // bound on each.
  const dollars = {
    requests: (overSocket ? PRICES.objectRequest / 20 : PRICES.workerRequest) + (rpcs + alarms) * PRICES.objectRequest,
    cpu: cpuMsPerCall * PRICES.workerCpuMs + (cpuMsPerCall / 1000) * OBJECT_GB * PRICES.objectGbSecond,
    rows_read: rowsRead * PRICES.rowRead,
    rows_written: rowsWritten * PRICES.rowWritten,
  };
  const total = dollars.requests + dollars.cpu + dollars.rows_read + dollars.rows_written;
  const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;
  return {
    rpcs_per_call: round(rpcs, 2),
    alarms_per_call: round(alarms, 3),
    rows_read_per_call: round(rowsRead, 2),
    rows_written_per_call: round(rowsWritten, 2),
    usd_per_million: round(total),
    usd_requests: round(dollars.requests),
    usd_cpu: round(dollars.cpu),
    usd_rows_read: round(dollars.rows_read),
    usd_rows_written: round(dollars.rows_written),
  };
}

/** Where a window of the service's work starts: its workerd CPU and its log. */
export interface MeterStart {
  cpuMs: number;
  logEnd: number;
}

/** The service as a meter reads it (workerd.ts's Served). */
export interface Metered {
  cpuMs(): number;
  logEnd(): number;
  linesFrom(offset: number): string[];
}

export function meterStart(served: Metered): MeterStart {
  return { cpuMs: served.cpuMs(), logEnd: served.logEnd() };
}

/**
 * What the service did since `start`, per request of `requests`: workerd CPU,
 * and the cost of the calls of `command` (every command when omitted) that the
 * log records. The window's CPU is all the service's, so it is the calls' when they are all it did.
 */
export async function meterEnd(
  served: Metered,
  start: MeterStart,
  requests: number,
  command?: string,
): Promise<Record<string, number>> {
  // The access lines of the last calls are written right after their answers.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cpuPerRequest = (served.cpuMs() - start.cpuMs) / Math.max(1, requests);
  const usage = addUsage(emptyUsage(), served.linesFrom(start.logEnd), command);
  return {
    cpu_ms_per_request: Math.round(cpuPerRequest * 1000) / 1000,
    ...(usage.calls > 0 ? costPerMillion(usage, cpuPerRequest) : {}),
  };
}

/** The cost table of the scenarios that have one, as docs/benchmarks.md shows it. */
export function printCosts(scenarios: Record<string, Record<string, unknown>>): void {
  const rows = Object.entries(scenarios).filter(([, s]) => s.usd_per_million !== undefined);
  if (rows.length === 0) return;
  console.error("cost per call (Workers Paid list prices; USD per million calls):");
  console.error("  scenario         RPCs  rows read  rows written  CPU ms   $/M   (requests  CPU  reads  writes)");
  for (const [name, s] of rows) {
    const n = (key: string, width: number) => String(s[key]).padStart(width);
    const shares = `(${s.usd_requests}  ${s.usd_cpu}  ${s.usd_rows_read}  ${s.usd_rows_written})`;
    const rows = `${n("rows_read_per_call", 10)} ${n("rows_written_per_call", 13)}`;
    const usd = n("usd_per_million", 6);
    console.error(
      `  ${name.padEnd(15)} ${n("rpcs_per_call", 5)} ${rows} ${n("cpu_ms_per_request", 7)} ${usd}   ${shares}`,
    );
  }
}

/**
 * What the alarm runs of `usage` cost for `events` (expiries, quiet-hours edges): each run is a
 * Durable Object request and its rows are billed; USD per million events.
 */
export function alarmCost(usage: Usage, events: number): Record<string, number> {
  const perMillion = 1_000_000 / events;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const usd =
    usage.alarms * PRICES.objectRequest +
    usage.alarmRowsRead * PRICES.rowRead +
    usage.alarmRowsWritten * PRICES.rowWritten;
  return {
    alarm_runs_logged: usage.alarms,
    alarm_rows_read: usage.alarmRowsRead,
    alarm_rows_written: usage.alarmRowsWritten,
    usd_per_million_events: round((usd / 1_000_000) * perMillion),
  };
}
