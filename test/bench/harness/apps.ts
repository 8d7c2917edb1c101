/** The bench's apps, as the service is configured with them, and the signed URLs of their calls. */
import { createRequire } from "node:module";

/** Bench apps: one with limits raised far above what this machine can offer, one at the default 200/s. */
export const FAST_APP = { sdkappid: 1600000000, key: "bench-only-key-fast-app", admin: "bench_admin" };
export const LIMITED_APP = { sdkappid: 1600000001, key: "bench-only-key-limited-app", admin: "bench_admin" };
/** Like FAST_APP, with 10,000 app-wide mutes of other accounts: send_app_muted against send. */
export const MUTED_APP = { sdkappid: 1600000002, key: "bench-only-key-muted-app", admin: "bench_admin" };
/** Like FAST_APP, with 10,000 groups and nothing else: group_list_10k. */
export const LIST_APP = { sdkappid: 1600000003, key: "bench-only-key-list-app", admin: "bench_admin" };
const unlimited = (app: typeof FAST_APP) => ({
  sdkappid: app.sdkappid,
  key: app.key,
  admins: [app.admin],
  // A socket's sends too (group_live_send is no command's, and does not follow default).
  limits: { default: 1_000_000, group_live_send: 1_000_000 },
});
/** Like FAST_APP, with a callback receiver (answering at once): mute_one_callback, expiry_100k_callbacks. */
export const CALLBACK_APP = { sdkappid: 1600000004, key: "bench-only-key-callback-app", admin: "bench_admin" };
/** FAST_APP's escalation ladder (escalate_6m), over the longest decayDays there is. */
const LADDER = { steps: [600, 3600, 86_400], decayDays: 90 };
export const appsJson = (receiverUrl: string) =>
  JSON.stringify([
    { ...unlimited(FAST_APP), muteLadder: LADDER },
    { sdkappid: LIMITED_APP.sdkappid, key: LIMITED_APP.key, admins: [LIMITED_APP.admin] },
    unlimited(MUTED_APP),
    unlimited(LIST_APP),
    { ...unlimited(CALLBACK_APP), callback: { url: receiverUrl, token: "bench-only-callback-token" } },
  ]);

const require = createRequire(import.meta.url);
export const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};

function callUrl(base: string, app: typeof FAST_APP, command: string, service = "group_open_http_svc"): string {
  const sig = new Api(app.sdkappid, app.key).genUserSig(app.admin, 86400);
  const query = `sdkappid=${app.sdkappid}&identifier=${app.admin}&usersig=${sig}&random=1&contenttype=json`;
  return `${base}/v4/${service}/${command}?${query}`;
}

/** An app's call URLs on the service at `base`, by command (and service, when not the group one). */
export type AppUrl = (command: string, service?: string) => string;
export const appUrl =
  (base: string, app: typeof FAST_APP): AppUrl =>
  (command, service) =>
    callUrl(base, app, command, service);

export const callUrlFor = (url: string, command: string) => url.replace("/forbid_send_msg?", `/${command}?`);
