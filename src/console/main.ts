import type { Client } from "./api";
import { fill, h, localTime } from "./dom";
import { explorer } from "./explorer";
import { groupView } from "./group-view";
import { signInForm } from "./sign-in";
import { statusRegion } from "./status";
import { tabs } from "./tabs";

/** A timer longer than this fires at once (setTimeout keeps a 32-bit delay). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const app = document.getElementById("app")!;
const bar = document.getElementById("session")!;
const status = statusRegion(document.getElementById("status")!);

function signedOut(): void {
  fill(bar);
  fill(app, signInForm(status, signedIn));
  app.querySelector("input")?.focus();
}

/**
 * The views exist only while signed in, and hold the session (with its UserSig)
 * in their closures: signing out drops them, and with them the UserSig.
 */
function signedIn(client: Client): void {
  const { sdkappid, identifier, expiresAt } = client.session;
  const groups = groupView(client, status);
  const view = tabs("Views", [
    { name: "API explorer", panel: h("div", { class: "panel" }, explorer(client, status)) },
    { name: "Group view", panel: h("div", { class: "panel" }, groups.el), shown: groups.activate },
  ]);
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const signOut = (message: string) => {
    clearTimeout(expiry);
    groups.dispose();
    signedOut();
    status.info(message);
  };
  if (expiresAt !== null) {
    const delay = expiresAt * 1000 - Date.now();
    if (delay < MAX_DELAY_MS) {
      expiry = setTimeout(() => signOut("The UserSig expired: sign in again."), Math.max(0, delay));
    }
  }

  const out = h("button", { type: "button" }, "Sign out");
  out.addEventListener("click", () => signOut("Signed out: the UserSig is forgotten."));
  fill(
    bar,
    h(
      "p",
      {},
      `${identifier} in app ${sdkappid}`,
      expiresAt !== null && h("small", {}, ` · UserSig valid until ${localTime(expiresAt)}`),
    ),
    out,
  );
  fill(app, view.nav, ...view.panels);
  status.info(`Signed in as ${identifier} in app ${sdkappid}.`);
  app.querySelector<HTMLElement>("[role=tab]")?.focus();
}

signedOut();
