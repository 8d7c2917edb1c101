/** limiter: an app limited to 200/s, offered five times that. */
import { round } from "./kit";
import { paced } from "./load";

/**
 * 5x overload of one command of an app limited to 200/s, offered evenly (open
 * loop). The first second spends the burst; the next five show the steady rate.
 */
export async function limiter(url: string): Promise<Record<string, unknown>> {
  const limit = 200;
  const seconds = 5;
  const r = await paced({
    url,
    body: JSON.stringify({ GroupIdList: ["bench-one"] }),
    rate: 5 * limit,
    warmup: 1,
    seconds,
  });
  const accepted = (r.codes["0"] ?? 0) / seconds;
  const unexpected = Object.entries(r.codes).filter(([code]) => code !== "0" && code !== "60007");
  if (unexpected.length > 0) throw new Error(`limiter: unexpected answers ${JSON.stringify(r.codes)}`);
  const result = {
    offered_rps: 5 * limit,
    measured_s: seconds,
    accepted_rps: round(accepted),
    refused: r.codes["60007"] ?? 0,
    accepted_ratio: round(accepted / limit),
  };
  console.error(`  limiter        ${JSON.stringify(result)}`);
  return result;
}
