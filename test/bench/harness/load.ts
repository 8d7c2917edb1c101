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

/** Closed-loop load from `connections` keep-alive clients for `seconds`, or at `rate` requests/s overall. */
export async function load(o: { url: string; body?: string; seconds: number; connections: number; rate?: number }): Promise<LoadResult> {
  const codes: Record<string, number> = {};
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    timeout: 30,
    ...(o.rate === undefined ? {} : { overallRate: o.rate }),
    requests: [
      {
        method: o.body === undefined ? "GET" : "POST",
        ...(o.body === undefined ? {} : { body: o.body, headers: { "content-type": "application/json" } }),
        onResponse: (_status, body) => {
          const code = ERROR_CODE.exec(body)?.[1] ?? "none";
          codes[code] = (codes[code] ?? 0) + 1;
        },
      },
    ],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
    failureKinds: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
    codes,
  };
}

/** Sequential latency of single requests, measured with the high-resolution clock (sub-millisecond). */
export async function latency(o: { url: string; body: string; count: number }): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < o.count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(o.url, { method: "POST", body: o.body });
    await response.text();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
