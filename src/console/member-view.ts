import type { StateFrame } from "../client/frames";
import type { LiveClient } from "../client/live-client";
import type { Session } from "./api";
import { countdown, PERMANENT } from "./countdown";
import { field, h, localTime, section, uid } from "./dom";
import { liveLine, messageLog, openLive } from "./live";
import { sessionFrom } from "./sign-in";
import type { Status } from "./status";
import { readUserSig } from "./usersig";

/** What a member's sign-in hands to the view: the session, its open channel and the State it began with. */
export interface MemberSession {
  session: Session;
  groupId: string;
  live: LiveClient;
  state: StateFrame;
}

/**
 * The member's sign-in: the app, the member's account, the group, and the key (to sign the
 * member's own UserSig here) or that UserSig. A member cannot call the REST API (it takes an app
 * admin), so the proof is the live channel itself: signed in once its State comes, refused with
 * the server's Error frame otherwise.
 */
export function memberSignInForm(status: Status, signedIn: (m: MemberSession) => void): HTMLElement {
  const appInput = h("input", { name: "sdkappid", inputmode: "numeric", autocomplete: "off", required: true });
  const idInput = h("input", { name: "identifier", autocomplete: "off", required: true });
  const groupInput = h("input", { name: "group", autocomplete: "off", spellcheck: "false", required: true });
  // Masked text, not a password field: see sign-in.ts.
  const keyInput = h("input", { class: "secret", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const sigInput = h("textarea", { rows: 3, autocomplete: "off", spellcheck: "false" });
  const submit = h("button", { type: "submit", class: "primary" }, "Open the group");

  sigInput.addEventListener("input", async () => {
    const facts = await readUserSig(sigInput.value);
    if (facts === null) return;
    appInput.value = String(facts.sdkappid);
    idInput.value = facts.identifier;
  });

  const form = h(
    "form",
    { class: "sign-in" },
    field("SDKAppID", appInput),
    field("Identifier", idInput, "The member's account, as the member's client signs in."),
    field("Group ID", groupInput, "A group the member is in."),
    field(
      "Secret key",
      keyInput,
      "Signs the member's UserSig in this page, valid for a day; the key is then forgotten.",
    ),
    h("p", { class: "or" }, "or"),
    field("UserSig", sigInput, "The member's own UserSig, made elsewhere, in place of the key."),
    h("div", { class: "actions" }, submit),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-busy") === "true") return;
    submit.setAttribute("aria-busy", "true");
    try {
      const groupId = groupInput.value.trim();
      // Before the key is read (and emptied): a missing group should not cost typing the key again.
      if (groupId === "") throw new Error("Group ID is required: the group to open.");
      const session = await sessionFrom(
        appInput.value.trim(),
        idInput.value.trim(),
        keyInput,
        sigInput.value.trim(),
        "the member's account, like bob",
      );
      const live = openLive(session, groupId);
      signedIn({ session, groupId, live, state: await firstState(live) });
    } catch (error) {
      status.error(error);
    } finally {
      submit.removeAttribute("aria-busy");
    }
  });

  const el = section(
    "Member view",
    2,
    h("p", {}, "What a member's client sees of one group: its messages, a send box, and the member's own mute."),
    form,
    h("p", {}, h("a", { href: "#" }, "Sign in as an app admin instead")),
  );
  el.classList.add("narrow");
  return el;
}

/** The channel's first State; a refusal or a drop before it rejects (and stops the client). */
function firstState(live: LiveClient): Promise<StateFrame> {
  return new Promise((resolve, reject) => {
    const offState = live.on("state", (s) => {
      off();
      resolve(s);
    });
    const offClose = live.on("close", (c) => {
      off();
      live.close();
      reject(
        new Error(
          c.refusal === undefined
            ? `The live channel closed before it opened (code ${c.code}${c.reason ? `, ${c.reason}` : ""}).`
            : `The live channel refused: ErrorCode ${c.refusal.ErrorCode}, ${c.refusal.ErrorInfo}`,
        ),
      );
    });
    const off = () => {
      offState();
      offClose();
    };
    live.connect();
  });
}

/**
 * One member in one group, live: the member's mute as a banner with its reason and a countdown
 * that goes by itself at the end (from the State, and from the Tips about this account: a Mute
 * shows it, an Unmute or an Expire clears it), mute-all when it holds the member, the messages
 * since the view opened, and a send box that shows the SendAck's refusal (10017 for a muted
 * sender, with the service's text). Answers a dispose that closes the channel.
 */
export function memberView(m: MemberSession, status: Status): { el: HTMLElement; dispose(): void } {
  const { live, groupId } = m;
  const me = m.session.identifier;
  let role = m.state.Self.Role;

  const bannerId = uid("h");
  const bannerText = h("p", {});
  const left = h("span", { class: "countdown" });
  const banner = h(
    "section",
    { class: "banner", "aria-labelledby": bannerId, hidden: true },
    h("h3", { id: bannerId }, "You are muted"),
    bannerText,
    h("p", {}, "Time left: ", left),
  );
  const allBanner = h("p", { class: "banner", hidden: true }, "Mute all is on: only the owner and admins can send.");
  let stop = () => {};

  const unmuted = (announce: string | null) => {
    stop();
    stop = () => {};
    if (!banner.hidden && announce !== null) status.info(announce);
    banner.hidden = true;
  };
  /** The mute on show, so that a State after a reconnect that says the same announces nothing. */
  let shown = "";
  const mutedUntil = (until: number, reason: string | undefined, by: string | null) => {
    if (until === 0) {
      unmuted(null);
      return;
    }
    const why = reason === undefined || reason === "" ? "no reason given" : reason;
    if (!banner.hidden && shown === `${until} ${why}`) return;
    shown = `${until} ${why}`;
    stop();
    bannerText.textContent = `${by === null ? "" : `By ${by}. `}Reason: ${why}. ${
      until >= PERMANENT ? "Until it is lifted." : `Until ${localTime(until)}.`
    }`;
    banner.hidden = false;
    stop = countdown(left, until, () => unmuted("Your mute is over: you may send again."));
    // Ended already (a clock ahead, a slow frame): nothing to announce.
    if (!banner.hidden) status.info(`You are muted in ${groupId}: ${why}.`);
  };
  const fromState = (s: StateFrame) => {
    role = s.Self.Role;
    mutedUntil(s.Self.MuteUntil, s.Self.Reason, null);
    allBanner.hidden = !(s.MuteAllMember === "On" && role === "Member");
  };

  const log = messageLog(`Messages in ${groupId}`);
  const line = liveLine(live, (why) => status.error(new Error(`The live channel stopped: ${why}.`)));
  line.textContent = "Live updates: connected";
  line.classList.add("on");

  const errorId = uid("send-error");
  // Not an alert: the status line announces the refusal already.
  const sendError = h("p", { id: errorId, class: "field-error" });
  const text = h("input", { name: "message", autocomplete: "off", maxlength: 4000, "aria-describedby": errorId });
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const form = h("form", { class: "send" }, field("Message", text), sendError, h("div", { class: "actions" }, send));
  const refused = (why: string) => {
    sendError.textContent = why;
    text.setAttribute("aria-invalid", "true");
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (send.getAttribute("aria-busy") === "true") return;
    const value = text.value;
    if (value.trim() === "") {
      refused("Type a message first.");
      text.focus();
      return;
    }
    send.setAttribute("aria-busy", "true");
    sendError.textContent = "";
    text.removeAttribute("aria-invalid");
    try {
      const ack = await live.send([{ MsgType: "TIMTextElem", MsgContent: { Text: value } }]);
      if (ack.ErrorCode === 0) {
        // Kept if it was edited meanwhile.
        if (text.value === value) text.value = "";
        status.info(`Sent (MsgSeq ${ack.MsgSeq ?? "?"}).`);
      } else {
        refused(`Not sent: ErrorCode ${ack.ErrorCode}, ${ack.ErrorInfo}`);
        status.error(new Error(`Not sent: ErrorCode ${ack.ErrorCode}, ${ack.ErrorInfo}`));
      }
    } catch (error) {
      refused(`Not sent: ${(error as Error).message}.`);
      status.error(error);
    } finally {
      send.removeAttribute("aria-busy");
      text.focus();
    }
  });

  live.on("state", fromState);
  live.on("message", log.message);
  live.on("notification", log.notification);
  live.on("recall", log.recall);
  live.on("tips", (t) => {
    log.tips(t);
    if (t.TopicId !== undefined) return;
    if (t.TipsType === "MemberInfoChange") {
      const mine = t.MemberChangeInfoList.find((e) => e.Member_Account === me);
      if (mine === undefined) return;
      if (t.Change === "Mute") mutedUntil(mine.MuteUntil, mine.Reason, t.Operator_Account || null);
      else unmuted(t.Change === "Expire" ? "Your mute is over: you may send again." : "You were unmuted.");
    } else if (t.TipsType === "GroupInfoChange") {
      allBanner.hidden = !(t.MuteAllMember === "On" && role === "Member");
    } else if (t.TipsType === "ChangeOwner") {
      if (t.MemberList.includes(me)) role = "Owner";
      else if (t.OldOwner_Account === me) role = "Member";
    } else if (t.MemberList.includes(me) && (t.TipsType === "SetAdmin" || t.TipsType === "CancelAdmin")) {
      role = t.TipsType === "SetAdmin" ? "Admin" : "Member";
    }
  });
  fromState(m.state);

  const titleId = uid("h");
  const el = h(
    "section",
    { class: "group member", "aria-labelledby": titleId },
    h(
      "div",
      { class: "group-head" },
      h("h2", { id: titleId }, `Group ${groupId}`),
      h("p", { class: "meta" }, `as ${me} (${role})`),
    ),
    line,
    banner,
    allBanner,
    section("Messages", 3, log.el, form),
  );
  return {
    el,
    dispose: () => {
      stop();
      live.close();
    },
  };
}
