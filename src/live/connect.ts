import { appRegistry } from "../auth/apps";
import { authenticateAccount } from "../auth/authenticate";
import { LIVE_HEADERS } from "../contract/live";
import { appObjectName, groupObjectName } from "../contract/object-names";
import { clientIpOf } from "../wire/client-ip";
import { ApiError, accept, ErrorCode, internalFault } from "../wire/errors";
import { isGroupIdShape } from "../wire/fields";
import { refusedSocket } from "../wire/live";
import { parseLiveQuery } from "../wire/query";

/** The rate budget connects are counted under (a limit of that name in APPS sets it). */
const CONNECT_BUDGET = "group_live_connect";

/**
 * GET /v4/group_live/connect: a member's WebSocket (SPEC.md, "Live channel").
 * The Worker checks the query, the account's own UserSig and the app's rate,
 * then hands the upgrade to the group's object by fetch (the one hop that is not
 * RPC: a WebSocket crosses only as a Response). Every refusal is a socket that
 * gets one Error frame and a close code of 4000 or more; a request without an
 * upgrade is HTTP 426 with the envelope.
 */
export async function connectLive(
  request: Request,
  search: string,
  env: Env,
  count: <T extends object>(stub: T) => T,
  addRows: (rows: readonly [number, number]) => void,
): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    const body = {
      ActionStatus: "FAIL",
      ErrorCode: ErrorCode.URL_INVALID,
      ErrorInfo: "a WebSocket upgrade is required",
    };
    return new Response(JSON.stringify(body), { status: 426, headers: { "content-type": "application/json" } });
  }
  try {
    const query = parseLiveQuery(new URLSearchParams(search));
    if (!isGroupIdShape(query.GroupId)) {
      throw new ApiError(ErrorCode.GROUP_ID_MALFORMED, "query parameter GroupId is malformed");
    }
    const verified = authenticateAccount(query, appRegistry(env.APPS));
    const app = verified instanceof Promise ? await verified : verified;
    const appObject = count(env.APP_OBJECTS.get(env.APP_OBJECTS.idFromName(appObjectName(app.sdkappid))));
    const admission = accept(await appObject.admit(CONNECT_BUDGET, app.rateOf(CONNECT_BUDGET)));
    if (!admission.admitted)
      throw new ApiError(ErrorCode.RATE_LIMITED, "connects are over this app's limit; retry later");
    const group = env.GROUPS.get(env.GROUPS.idFromName(groupObjectName(app.sdkappid, query.GroupId)));
    const headers = new Headers(request.headers);
    headers.set(LIVE_HEADERS.account, query.identifier);
    headers.set(LIVE_HEADERS.admin, app.admins.has(query.identifier) ? "1" : "0");
    headers.set(LIVE_HEADERS.clientIp, clientIpOf(request.headers));
    if (query.Since !== undefined) headers.set(LIVE_HEADERS.since, String(query.Since));
    else headers.delete(LIVE_HEADERS.since);
    return withoutRows(await group.fetch(new Request(request.url, { headers })), addRows);
  } catch (error) {
    if (error instanceof ApiError) return refusedSocket(error.code, error.info);
    const refusal = internalFault("live_connect_failed", error);
    return refusedSocket(refusal.refused, refusal.info);
  }
}

/** The object's upgrade with its rows taken off for the access line (a 101 is rebuilt around its socket). */
function withoutRows(response: Response, addRows: (rows: readonly [number, number]) => void): Response {
  const rows = response.headers.get(LIVE_HEADERS.rows);
  if (rows === null) return response;
  const [read, written] = rows.split(",").map(Number);
  addRows([read ?? 0, written ?? 0]);
  const headers = new Headers(response.headers);
  headers.delete(LIVE_HEADERS.rows);
  return new Response(response.body, { status: response.status, headers, webSocket: response.webSocket });
}
