import { handleApiRequest, newTrace } from "./api";
import { log } from "./log";

export { AppObject } from "./app/app-object";
export { GroupObject } from "./group/group-object";
export { JoinedIndex } from "./joined/joined-index";

export default {
  async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
    const started = performance.now();
    const rid = request.headers.get("cf-ray") ?? crypto.randomUUID();
    const trace = newTrace();
    // Tests call the handler without a context: the work then simply runs on.
    const waitUntil = (work: Promise<unknown>) => ctx?.waitUntil(work);
    const response = await handleApiRequest(request, env, trace, waitUntil);
    log.call({
      rid,
      sdkappid: trace.sdkappid,
      command: trace.command,
      code: trace.code,
      rpcs: trace.rpcs,
      rowsRead: trace.rowsRead,
      rowsWritten: trace.rowsWritten,
      leaseRpcs: trace.leaseRpcs,
      ms: Math.round(performance.now() - started),
    });
    return response;
  },
} satisfies ExportedHandler<Env>;
