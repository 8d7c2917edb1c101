import autocannon from "autocannon";

export interface LoadResult {
  /** Completed requests per second over the run. */
  rps: number;
  /** Latency percentiles, milliseconds. */
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Transport errors, timeouts and non-200 answers: each one is a failed run. */
  failures: number;
  failureKinds: { errors: number; timeouts: number; non2xx: number };
  /** Answers by Tencent ErrorCode. */
  codes: Record<string, number>;
}

const ERROR_CODE = /"ErrorCode":(\d+)/;

/** A request body: the same text every time, or made anew for each request. */
export type Body = string | (() => string);
const bodyText = (body: Body): string => (typeof body === "string" ? body : body());

/** Closed-loop load from `connections` keep-alive clients for `seconds`, or at `rate` requests/s overall. */
export async function load(o: {
  url: string;
  body?: Body;
  seconds: number;
  connections: number;
  rate?: number;
}): Promise<LoadResult> {
  const { body } = o;
  const codes: Record<string, number> = {};
  const run = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    timeout: 30,
    ...(o.rate === undefined ? {} : { overallRate: o.rate }),
    requests: [
      {
        method: body === undefined ? "GET" : "POST",
        ...(body === undefined ? {} : { body: bodyText(body), headers: { "content-type": "application/json" } }),
        ...(typeof body === "function" ? { setupRequest: (request) => ({ ...request, body: body() }) } : {}),
        onResponse: (_status, body) => {
          const code = ERROR_CODE.exec(body)?.[1] ?? "none";
          codes[code] = (codes[code] ?? 0) + 1;
        },
      },
    ],
  });
  // autocannon's own percentiles are whole milliseconds: too coarse for a ratio of two p50s of 7 to 25 ms.
  const times: number[] = [];
  run.on("response", (_client, _status, _bytes, responseTime) => void times.push(responseTime));
  const result = await run;
  return {
    rps: result.requests.total / result.duration,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times.reduce((a, b) => Math.max(a, b), 0),
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
    failureKinds: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
    codes,
  };
}

/** The q-quantile of `times` (ms), to the hundredth of a millisecond. */
function percentile(times: number[], q: number): number {
  if (times.length === 0) return 0;
  const sorted = Float64Array.from(times).sort();
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
}

/** Sequential latency of single requests, measured with the high-resolution clock (sub-millisecond). */
export async function latency(o: { url: string; body: Body; count: number }): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < o.count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(o.url, { method: "POST", body: bodyText(o.body) });
    await response.text();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/**
 * Open-loop load at an even `rate` per second (one request every 1/rate s, not
 * bursts per second), for `warmup + seconds`; answers the codes of the
 * requests sent after the warm-up only.
 */
export async function paced(o: {
  url: string;
  body: string;
  rate: number;
  warmup: number;
  seconds: number;
}): Promise<{ sent: number; codes: Record<string, number> }> {
  const { Agent, request } = await import("node:http");
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(o.url);
  const codes: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const total = Math.round(o.rate * (o.warmup + o.seconds));
  const counted = Math.round(o.rate * o.warmup);
  const started = performance.now();
  let sent = 0;
  const send = (index: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            if (index >= counted) {
              const code = ERROR_CODE.exec(text)?.[1] ?? `http${res.statusCode}`;
              codes[code] = (codes[code] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        if (index >= counted) codes.transport = (codes.transport ?? 0) + 1;
        resolve();
      });
      req.end(o.body);
    });
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * o.rate) + 1);
    while (sent < due) inFlight.push(send(sent++));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sent: total - counted, codes };
}
