import { Router } from "itty-router";
import type { App } from "./auth/apps";
import { appRegistry } from "./auth/apps";
import { authenticate } from "./auth/authenticate";
import { clock } from "./clock";
import { findCommand } from "./commands";
import type { CallContext, Command, OwnCodes } from "./commands/command";
import type { AppStub } from "./contract/app-rpc";
import { appObjectName, groupObjectName, joinedIndexName, joinedShardOf } from "./contract/object-names";
import { type AdmissionHooks, type AskLease, Leases } from "./limiter/leases";
import { senderMuteAfterAdmission } from "./limiter/sender-admission";
import { connectLive } from "./live/connect";
import { log } from "./log";
import { openApiJson } from "./openapi/document";
import { takeRows } from "./sql";
import { parseJsonObject, readBody } from "./wire/body";
import { clientIpOf } from "./wire/client-ip";
import { failResponse, okResponse } from "./wire/envelope";
import { ApiError, accept, ErrorCode, internalFault } from "./wire/errors";
import { parseCallerQuery } from "./wire/query";
import { validate } from "./wire/validate";

/** What the access log learns about a call as it goes through the pipeline. */
export interface CallTrace {
  sdkappid: number | null;
  command: string;
  code: number;
  /** Durable Object RPCs on the call's path: the round trips its caller waits for, one after another. */
  rpcs: number;
  /** SQLite rows the call's RPCs read and wrote, over every object (what Cloudflare bills). */
  rowsRead: number;
  rowsWritten: number;
  /** Lease renewals the call sent off its path (docs/design.md, "Leases"): nobody waits for them. */
  leaseRpcs: number;
}

/** A fresh trace for one request. */
export function newTrace(): CallTrace {
  return { sdkappid: null, command: "", code: 0, rpcs: 0, rowsRead: 0, rowsWritten: 0, leaseRpcs: 0 };
}

/** `stub` with each RPC method call counted in `trace.rpcs`. */
function counted<T extends object>(stub: T, trace: CallTrace): T {
  return new Proxy(stub, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        trace.rpcs += 1;
        // An RPC answers a thenable (the runtime's RpcPromise, not always a Promise).
        const answer = Reflect.apply(value, target, args) as PromiseLike<unknown>;
        return Promise.resolve(answer).then((settled: unknown) => {
          const [read, written] = takeRows(settled);
          trace.rowsRead += read;
          trace.rowsWritten += written;
          return settled;
        });
      };
    },
  });
}

/**
 * What itty-router matches on: a plain object with the path only, not the
 * runtime's Request. itty would otherwise parse the whole query string into an
 * object it sets on the Request, and we parse the query ourselves (it needs
 * repeated-parameter checks); measured, that work and those properties on a
 * runtime object were a visible share of a call's CPU.
 */
interface Routed {
  method: string;
  url: string;
  params: Record<string, string>;
  request: Request;
  /** The raw query string, without "?" (itty itself writes `query`, and finds none to parse). */
  search: string;
  /** Keeps work running after the answer (the runtime's waitUntil). */
  waitUntil(work: Promise<unknown>): void;
}

/**
 * One call, from URL to answer. The order is cheapest refusal first: query
 * shape, command, app and admin, UserSig, rate budget, body, schema, and only
 * then the group object.
 */
async function serveCall(routed: Routed, env: Env, trace: CallTrace): Promise<Response> {
  const service = routed.params.service ?? "";
  const name = routed.params.command ?? "";
  trace.command = name;

  const search = new URLSearchParams(routed.search);
  // Logged even when another parameter is what fails.
  const claimedApp = search.get("sdkappid");
  if (claimedApp !== null && /^\d{1,10}$/.test(claimedApp)) trace.sdkappid = Number(claimedApp);
  const query = parseCallerQuery(search);

  const found = findCommand(service, name);
  if (found === undefined) throw new ApiError(ErrorCode.UNKNOWN_COMMAND, `unknown command ${service}/${name}`);
  const { command, legacy } = found;

  // A UserSig verified before is answered without a promise; awaiting only a real one saves a turn per call.
  const verified = authenticate(query, appRegistry(env.APPS));
  const app = verified instanceof Promise ? await verified : verified;

  try {
    return await admitAndRun(command, legacy, query.identifier, app, routed, env, trace);
  } catch (error) {
    throw command.codes === undefined ? error : ownCodeOf(error, command.codes);
  }
}

/** This isolate's leases of the apps' budgets: a call is admitted without a hop (docs/design.md, "Leases"). */
const leases = new Leases(() => clock.nowMs());

/**
 * The largest body of a command with a sender (send_group_msg) that is parsed
 * before a direct admission (an isolate holding no lease token), so that its
 * one hop also reads the sender's app-wide mute. Every valid message fits
 * (12 KB of elements and custom data); a refusal for rate costs at most parsing this much.
 */
const PARSED_BEFORE_ADMISSION = 16 * 1024;

/** The call past authentication: body, admission (from the isolate's lease, or the app object), schema, command. */
async function admitAndRun(
  command: Command,
  legacy: boolean,
  identifier: string,
  app: App,
  routed: Routed,
  env: Env,
  trace: CallTrace,
): Promise<Response> {
  // Only an authenticated caller's body is read. Parsing and validating are the CPU a refused call
  // must not pay, so they wait for the admission (1 MiB costs 1.5 to 9 ms: docs/design.md). Body
  // errors wait too: a refusal of the limiter wins over whatever is wrong with the body.
  let bytes: ArrayBuffer | Uint8Array = new Uint8Array();
  let invalid: unknown;
  try {
    bytes = await readBody(routed.request);
  } catch (error) {
    invalid = error;
  }
  const parse = () => validate(command.schema, parseJsonObject(bytes));
  let input: unknown;
  let parsed = false;

  const appStub = (): AppStub => env.APP_OBJECTS.get(env.APP_OBJECTS.idFromName(appObjectName(app.sdkappid)));
  const appObject = () => counted(appStub(), trace);
  const rate = app.rateOf(command.name);
  const key = leaseKey(app.sdkappid, command.name);
  const ask: AskLease = async (request) => accept(await appStub().lease(command.name, rate, request));
  const hooks: AdmissionHooks = {
    offPath: () => {
      trace.leaseRpcs += 1;
    },
    waitUntil: routed.waitUntil,
    failed: (error) => log.fault("lease_renewal_failed", error, { sdkappid: app.sdkappid, command: command.name }),
  };
  const rateLimited = () =>
    new ApiError(
      ErrorCode.RATE_LIMITED,
      `${command.name} is over this app's limit of ${rate} calls per second; retry later`,
    );
  /** The sender's app-wide mute as the admission's hop read it (null: not read), and whether one may be in force. */
  let senderMute: { until: number; reason: string } | null = null;
  let mayBeMuted = true;
  let taken = leases.take(key, command.sender !== undefined, ask, hooks);
  if (taken instanceof Promise) {
    // The call renews the lease itself: one hop on its path.
    trace.rpcs += 1;
    taken = (await taken) ? "admitted" : "refused";
  }
  if (taken === "refused") throw rateLimited();
  if (taken === "direct") {
    // No lease token in hand: the app object admits the call itself, and the lease is renewed after.
    // A small send is parsed first, so that the same hop reads its sender's app-wide mute.
    if (invalid === undefined && command.sender !== undefined && bytes.byteLength <= PARSED_BEFORE_ADMISSION) {
      parsed = true;
      try {
        input = parse();
      } catch (error) {
        invalid = error;
      }
    }
    const pending = command.sender !== undefined && !parsed && invalid === undefined;
    const sender = pending
      ? { pending: true as const }
      : invalid === undefined && parsed
        ? command.sender!(input)
        : null;
    const admission = accept(await appObject().admit(command.name, rate, sender));
    leases.renew(key, ask, hooks);
    if (admission.admitted) {
      if (typeof sender === "string")
        senderMute = { until: admission.groupMutedUntil, reason: admission.groupMuteReason };
      mayBeMuted = admission.senderMayBeMuted;
    } else if (!leases.retake(key)) {
      // Refused, and no renewal that landed meanwhile holds a token for it.
      throw rateLimited();
    }
  }
  if (invalid !== undefined) throw invalid;
  if (!parsed) input = parse();
  // A send not read on the admission's hop reads its sender's app-wide mute on a hop of its own,
  // unless none can be in force: the lease promises that none is in the app, or the direct admission
  // said so, or the app object promised within the last second that this sender has none.
  const sender = command.sender?.(input) ?? null;
  if (sender !== null && senderMute === null) {
    senderMute = await senderMuteAfterAdmission(
      leases,
      key,
      app.sdkappid,
      sender,
      taken === "admitted" ? { fromLease: true } : { fromLease: false, mayBeMuted },
      async () => accept(await appObject().groupMuteOf(sender)),
      () => clock.nowMs(),
    );
  }

  const ctx: CallContext = {
    legacy,
    sdkappid: app.sdkappid,
    identifier,
    clientIp: clientIpOf(routed.request.headers),
    senderAppMutedUntil: senderMute?.until ?? 0,
    senderAppMuteReason: senderMute?.reason ?? "",
    muteLadder: app.muteLadder,
    group: (groupId) => counted(env.GROUPS.get(env.GROUPS.idFromName(groupObjectName(app.sdkappid, groupId))), trace),
    app: appObject,
    joined: (account) =>
      counted(env.JOINED.get(env.JOINED.idFromName(joinedIndexName(app.sdkappid, joinedShardOf(account)))), trace),
    appMuteSet: (account) => leases.dropPromise(leaseKey(app.sdkappid, "send_group_msg"), app.sdkappid, account),
  };
  return okResponse(await command.run(input, ctx));
}

/** The lease of `command`'s budget of app `sdkappid`. */
const leaseKey = (sdkappid: number, command: string) => `${sdkappid}:${command}`;

/**
 * A refusal of a command with codes of its own (openconfigsvr): a body that is
 * no JSON object, a wrong field and a fault get its codes; authentication and
 * the rate keep the common ones, which Tencent answers on every service.
 */
function ownCodeOf(error: unknown, codes: OwnCodes): ApiError {
  if (!(error instanceof ApiError)) return new ApiError(codes.internal, internalFault("call_failed", error).info);
  if (error.code === ErrorCode.BODY_NOT_JSON) return new ApiError(codes.notJson, error.info);
  if (error.code === ErrorCode.INTERNAL) return new ApiError(codes.internal, error.info);
  if (error.code === ErrorCode.INVALID_PARAMETER && error.field !== undefined) {
    return new ApiError(codes.field(error.field.name, error.field.missing), error.info);
  }
  return error;
}

/** The API's own description; open to any origin, so that API tools elsewhere can load it. */
function serveOpenApi(_routed: Routed, _env: Env, trace: CallTrace): Response {
  trace.command = "openapi.json";
  return new Response(openApiJson(), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    },
  });
}

const router = Router<Routed, [Env, CallTrace]>();
router.get("/openapi.json", serveOpenApi);
router.get("/v4/group_live/connect", (routed: Routed, env: Env, trace: CallTrace) => {
  trace.command = "group_live/connect";
  return connectLive(
    routed.request,
    routed.search,
    env,
    (stub) => counted(stub, trace),
    ([read, written]) => {
      trace.rowsRead += read;
      trace.rowsWritten += written;
    },
  );
});
router.post("/v4/:service/:command", serveCall);
router.all("/v4/:service/:command", (request) => {
  throw new ApiError(ErrorCode.URL_INVALID, `method ${request.method} is not supported; use POST`);
});
router.all("*", () => {
  throw new ApiError(ErrorCode.URL_INVALID, "the path must be /v4/{service}/{command}");
});

/** The single error boundary: an ApiError is the caller's envelope, anything else is 10002. */
export async function handleApiRequest(
  request: Request,
  env: Env,
  trace: CallTrace,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<Response> {
  // A fragment is never part of the query (an in-process caller may still send one).
  const hashAt = request.url.indexOf("#");
  const url = hashAt < 0 ? request.url : request.url.slice(0, hashAt);
  const queryAt = url.indexOf("?");
  const routed: Routed = {
    method: request.method,
    url: queryAt < 0 ? url : url.slice(0, queryAt),
    params: {},
    request,
    search: queryAt < 0 ? "" : url.slice(queryAt + 1),
    waitUntil,
  };
  try {
    return (
      ((await router.fetch(routed, env, trace)) as Response | undefined) ??
      failResponse(ErrorCode.URL_INVALID, "no route")
    );
  } catch (error) {
    if (error instanceof ApiError) {
      trace.code = error.code;
      return failResponse(error.code, error.info);
    }
    const refusal = internalFault("call_failed", error);
    trace.code = refusal.refused;
    return failResponse(refusal.refused, refusal.info);
  }
}
