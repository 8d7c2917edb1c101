import { appRegistry, DEFAULT_SOCKET_SEND_RATE } from "../auth/apps";
import { clock } from "../clock";
import { appObjectName } from "../contract/object-names";
import { Leases } from "../limiter/leases";
import { admitSender, type SenderMute } from "../limiter/sender-admission";
import { log } from "../log";
import { takeRows } from "../sql";
import { accept, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { GroupCore } from "./core";

/**
 * This isolate's leases of the apps' send_group_msg budgets, for sockets' sends, as the Worker's
 * isolates hold theirs for send_group_msg over HTTP (docs/design.md, "Leases").
 */
const socketLeases = new Leases(() => clock.nowMs());

/**
 * The app's admission of a socket's send: its rate, as send_group_msg's, and the sender's app-wide
 * mute. From this isolate's lease while it holds tokens (no hop: one fewer than send_group_msg over
 * HTTP), else on a hop to the app object.
 */
export async function admitSocketSend(
  g: GroupCore,
  account: string,
): Promise<{ admission: Outcome<SenderMute>; hops: number }> {
  const env = g.env;
  const sdkappid = g.knownSdkappid();
  const app = appRegistry(env.APPS).get(sdkappid);
  if (app === undefined) return { admission: refuse(ErrorCode.INTERNAL, "the group's app is not configured"), hops: 0 };
  const stub = env.APP_OBJECTS.get(env.APP_OBJECTS.idFromName(appObjectName(sdkappid)));
  const rate = app.rateOf("send_group_msg");
  const { mute, hops } = await admitSender(
    socketLeases,
    `${sdkappid}:send_group_msg`,
    sdkappid,
    account,
    {
      ask: async (request) => accept(await stub.lease("send_group_msg", rate, request)),
      hooks: {
        offPath: () => {},
        waitUntil: (work) => g.ctx.waitUntil(work),
        failed: (error) => log.fault("lease_renewal_failed", error, { sdkappid, command: "send_group_msg" }),
      },
      // The hops on the send's path: their rows are the send's.
      admit: async () => {
        const answer = await stub.admit("send_group_msg", rate, account);
        g.adoptRows(takeRows(answer));
        return accept(answer);
      },
      read: async () => {
        const answer = await stub.groupMuteOf(account);
        g.adoptRows(takeRows(answer));
        return accept(answer);
      },
    },
    () => clock.nowMs(),
  );
  if (mute === null) {
    return { admission: refuse(ErrorCode.RATE_LIMITED, "send_group_msg is over this app's limit; retry later"), hops };
  }
  return { admission: mute, hops };
}

/**
 * One socket's sends a second: its app's `group_live_send`. While the app cannot be read (APPS
 * broken), the default: the send's admission then answers its 10002, inside the call's boundary.
 */
export function socketSendRate(g: GroupCore): number {
  try {
    return appRegistry(g.env.APPS).get(g.knownSdkappid())?.socketSendRate ?? DEFAULT_SOCKET_SEND_RATE;
  } catch {
    return DEFAULT_SOCKET_SEND_RATE;
  }
}
