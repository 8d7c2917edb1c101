/**
 * One endpoint of the REST API (the source or the target): signed calls, paced
 * per command, retried when the failure is passing (the network, HTTP, 60007,
 * 10002), and stopped cleanly on an interruption.
 */
import { type Clock, Pacer, realClock } from "./pacer";
import { signUserSig } from "./usersig";

export interface Endpoint {
  /** The API's origin, like https://console.tim.qq.com (a trailing /v4 is fine). */
  baseUrl: string;
  sdkappid: number;
  /** An app admin of that app. */
  identifier: string;
  /** The app's secret key: the UserSig is signed here, the key is never sent. */
  key: string;
  /** Calls a second per command (Tencent allows 200). */
  rate: number;
}

/** Every answer: Tencent's envelope and the command's fields. */
export type Answer = { ActionStatus: string; ErrorCode: number; ErrorInfo: string } & Record<string, unknown>;

/** The run was interrupted: a call that was under way may or may not have been applied. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/** A call that kept failing for a passing reason. */
class CallFailed extends Error {
  constructor(command: string, why: string) {
    super(`${command}: ${why}`);
    this.name = "CallFailed";
  }
}

export interface ClientOptions {
  signal?: AbortSignal;
  /** Sees every answer before the client hands it on (the tests interrupt a run here). */
  onAnswer?: (side: string, command: string, body: unknown, answer: Answer) => void;
  clock?: Clock;
  /** Tries of a call that fails for a passing reason (60007 is tried longer: it is the pace). */
  attempts?: number;
  /** How long one request may take. */
  timeoutMs?: number;
}

const GROUP_SERVICE = "group_open_http_svc";
/** A UserSig is made for a day and made again after half of it. */
const SIG_SECONDS = 86_400;
const CODE_RATE = 60007;
const CODE_INTERNAL = 10002;

export class ApiClient {
  private readonly pacer: Pacer;
  private readonly clock: Clock;
  private readonly base: string;
  private sig = { value: "", made: Number.NEGATIVE_INFINITY };
  /** Calls answered, for the summary. */
  calls = 0;

  constructor(
    readonly side: string,
    private readonly endpoint: Endpoint,
    private readonly options: ClientOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.pacer = new Pacer(endpoint.rate, this.clock);
    this.base = endpoint.baseUrl.replace(/\/+$/, "").replace(/\/v4$/, "");
  }

  /** POSTs `command` with `body`; answers its envelope (a refusal too: the caller decides). */
  async call(command: string, body: unknown, service = GROUP_SERVICE): Promise<Answer> {
    const attempts = this.options.attempts ?? 6;
    let failures = 0;
    let limited = 0;
    for (;;) {
      if (this.options.signal?.aborted) throw new Interrupted();
      await this.pacer.take(`${service}/${command}`);
      let answer: Answer | null = null;
      let why = "";
      try {
        answer = await this.post(service, command, body);
      } catch (error) {
        why = error instanceof Error ? error.message : String(error);
      }
      if (answer !== null) {
        this.options.onAnswer?.(this.side, command, body, answer);
        // An answer heard after the interruption is not acted on: as if the run had stopped before it.
        if (this.options.signal?.aborted) throw new Interrupted();
        this.calls += 1;
        if (answer.ErrorCode === CODE_RATE && ++limited < 30) {
          await this.clock.sleep(1000);
          continue;
        }
        if (answer.ErrorCode !== CODE_INTERNAL) return answer;
        why = `10002 ${answer.ErrorInfo}`;
      }
      failures += 1;
      if (failures >= attempts) throw new CallFailed(command, `${why} (${failures} tries)`);
      await this.clock.sleep(Math.min(500 * 2 ** (failures - 1), 8000));
    }
  }

  private async post(service: string, command: string, body: unknown): Promise<Answer> {
    const { sdkappid, identifier } = this.endpoint;
    const query = new URLSearchParams({
      sdkappid: String(sdkappid),
      identifier,
      usersig: this.userSig(),
      random: String(Math.floor(Math.random() * 4294967296)),
      contenttype: "json",
    });
    const response = await fetch(`${this.base}/v4/${service}/${command}?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    const answer = JSON.parse(text) as Answer;
    if (typeof answer !== "object" || answer === null || typeof answer.ErrorCode !== "number") {
      throw new Error(`not an answer of the API: ${text.slice(0, 200)}`);
    }
    return answer;
  }

  private userSig(): string {
    const now = Math.floor(this.clock.now() / 1000);
    if (now - this.sig.made > SIG_SECONDS / 2) {
      const { sdkappid, identifier, key } = this.endpoint;
      this.sig = { value: signUserSig(sdkappid, identifier, key, now, SIG_SECONDS), made: now };
    }
    return this.sig.value;
  }
}
