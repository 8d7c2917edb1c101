import type { Client } from "./api";
import { fill, h, localTime } from "./dom";
import { explorer } from "./explorer";
import { groupView } from "./group-view";
import { type MemberSession, memberSignInForm, memberView } from "./member-view";
import { signInForm } from "./sign-in";
import { statusRegion } from "./status";
import { tabs } from "./tabs";

/** A timer longer than this fires at once (setTimeout keeps a 32-bit delay). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const app = document.getElementById("app")!;
const bar = document.getElementById("session")!;
const status = statusRegion(document.getElementById("status")!);

/** While signed out, "#member" shows the member's sign-in, anything else the admin's. */
let out = true;

function signedOut(): void {
  out = true;
  fill(bar);
  fill(app, location.hash === "#member" ? memberSignInForm(status, memberSignedIn) : signInForm(status, signedIn));
  app.querySelector("input")?.focus();
}
addEventListener("hashchange", () => {
  if (out) signedOut();
});

/** Signs out when the UserSig expires; answers what cancels that. */
function expireAt(expiresAt: number | null, signOut: (message: string) => void): () => void {
  if (expiresAt === null) return () => {};
  const delay = expiresAt * 1000 - Date.now();
  if (delay >= MAX_DELAY_MS) return () => {};
  const timer = setTimeout(() => signOut("The UserSig expired: sign in again."), Math.max(0, delay));
  return () => clearTimeout(timer);
}

/** The session bar: who is signed in, until when, and Sign out. */
function sessionBar(who: string, expiresAt: number | null, signOut: (message: string) => void): void {
  const button = h("button", { type: "button" }, "Sign out");
  button.addEventListener("click", () => signOut("Signed out: the UserSig is forgotten."));
  fill(
    bar,
    h("p", {}, who, expiresAt !== null && h("small", {}, ` · UserSig valid until ${localTime(expiresAt)}`)),
    button,
  );
}

/** A member's view of one group: the channel is open already (its State proved the UserSig). */
function memberSignedIn(m: MemberSession): void {
  out = false;
  const { sdkappid, identifier, expiresAt } = m.session;
  const view = memberView(m, status);
  const signOut = (message: string) => {
    cancelExpiry();
    view.dispose();
    signedOut();
    status.info(message);
  };
  const cancelExpiry = expireAt(expiresAt, signOut);
  sessionBar(`${identifier} (member) in app ${sdkappid}`, expiresAt, signOut);
  fill(app, view.el);
  status.info(`Signed in as ${identifier}, a member of ${m.groupId}.`);
  app.querySelector<HTMLInputElement>("input[name=message]")?.focus();
}

/**
 * The views exist only while signed in, and hold the session (with its UserSig)
 * in their closures: signing out drops them, and with them the UserSig.
 */
function signedIn(client: Client): void {
  out = false;
  const { sdkappid, identifier, expiresAt } = client.session;
  const groups = groupView(client, status);
  const view = tabs("Views", [
    { name: "API explorer", panel: h("div", { class: "panel" }, explorer(client, status)) },
    { name: "Group view", panel: h("div", { class: "panel" }, groups.el), shown: groups.activate },
  ]);
  const signOut = (message: string) => {
    cancelExpiry();
    groups.dispose();
    signedOut();
    status.info(message);
  };
  const cancelExpiry = expireAt(expiresAt, signOut);
  sessionBar(`${identifier} in app ${sdkappid}`, expiresAt, signOut);
  fill(app, view.nav, ...view.panels);
  status.info(`Signed in as ${identifier} in app ${sdkappid}.`);
  app.querySelector<HTMLElement>("[role=tab]")?.focus();
}

signedOut();
