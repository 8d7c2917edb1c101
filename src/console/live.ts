import type { MessageFrame, MsgElement, RecallFrame, SystemNotificationFrame, TipsFrame } from "../client/frames";
import { LiveClient } from "../client/live-client";
import { learnServerTime, type Session } from "./api";
import { PERMANENT } from "./countdown";
import { h, localTime } from "./dom";

/**
 * The console's side of the live channel (GET /v4/group_live/connect): one LiveClient per group
 * on show, to this origin (the CSP's connect-src 'self' covers ws: and wss: of it), signed with
 * the session's own UserSig; what it says of its state; the log of messages and tips.
 */
export function openLive(session: Session, groupId: string): LiveClient {
  const { sdkappid, identifier, usersig } = session;
  const live = new LiveClient({ baseUrl: location.origin, sdkappid, identifier, usersig, groupId });
  live.on("state", (s) => learnServerTime(s.ServerTime));
  return live;
}

/**
 * A line that says whether the channel is up: "connecting", "connected", "reconnecting in 2 s",
 * or why it stopped. Not a live region: the page's status line announces a stop.
 */
export function liveLine(live: LiveClient, stopped: (why: string) => void): HTMLElement {
  const el = h("p", { class: "live-line" }, "Live updates: connecting…");
  const say = (text: string, on: boolean) => {
    el.textContent = `Live updates: ${text}`;
    el.classList.toggle("on", on);
  };
  live.on("state", () => say("connected", true));
  live.on("close", (c) => {
    if (c.retryInMs !== null) say(`reconnecting in ${Math.ceil(c.retryInMs / 1000)} s…`, false);
    else if (c.code === 1000 && c.refusal === undefined) say("closed", false);
    else {
      const why =
        c.refusal !== undefined
          ? `ErrorCode ${c.refusal.ErrorCode}, ${c.refusal.ErrorInfo}`
          : `closed (${c.code}${c.reason ? `: ${c.reason}` : ""})`;
      say(`off (${why})`, false);
      stopped(why);
    }
  });
  return el;
}

/** A message's elements as text: a text element's text, a custom element's Data, the kind of any other. */
function messageText(body: MsgElement[]): string {
  return body
    .map((e) => {
      const c = e.MsgContent;
      if (e.MsgType === "TIMTextElem" && typeof c.Text === "string") return c.Text;
      if (e.MsgType === "TIMCustomElem" && typeof c.Data === "string") return `[custom] ${c.Data}`;
      return `[${e.MsgType}]`;
    })
    .join(" ");
}

const clock = (unixSeconds: number): string => new Date(unixSeconds * 1000).toLocaleTimeString();
const until = (muteUntil: number): string => (muteUntil >= PERMANENT ? "for good" : `until ${localTime(muteUntil)}`);

/** A Tips frame in words, for the log. */
function tipsText(t: TipsFrame): string {
  const by = t.Operator_Account === "" ? "the service" : t.Operator_Account;
  const where = t.TopicId === undefined ? "" : ` in topic ${t.TopicId}`;
  if (t.TipsType === "MemberInfoChange") {
    const who = t.MemberChangeInfoList.map((e) =>
      t.Change === "Mute"
        ? `${e.Member_Account} ${until(e.MuteUntil)}${e.Reason === undefined ? "" : ` (${e.Reason})`}`
        : e.Member_Account,
    );
    const verb = { Mute: `${by} muted`, Unmute: `${by} unmuted`, Expire: "The mute ran out for" }[t.Change];
    return `${verb} ${who.join(", ")}${where}.`;
  }
  if (t.TipsType === "GroupInfoChange") {
    const cause = t.Cause === "Schedule" ? " (quiet hours)" : ` by ${by}`;
    return `Mute all turned ${t.MuteAllMember.toLowerCase()}${cause}${where}.`;
  }
  if (t.TipsType === "ChangeOwner") return `${t.MemberList.join(", ")} owns the group now (by ${by}).`;
  const verbs = {
    Join: "joined",
    Quit: "left",
    Kicked: "was removed",
    SetAdmin: "became admin",
    CancelAdmin: "is admin no more",
  };
  return `${t.MemberList.join(", ")} ${verbs[t.TipsType]}${where}.`;
}

/** How many lines the log keeps: the oldest go first. */
const KEPT = 200;

/**
 * The log of what the channel brought since it opened: messages, notifications and tips, oldest
 * first (role "log": a screen reader reads each new line once). Focusable, so that it scrolls
 * with the keyboard.
 */
export function messageLog(label: string): {
  el: HTMLElement;
  message(m: MessageFrame): void;
  notification(n: SystemNotificationFrame): void;
  recall(r: RecallFrame): void;
  tips(t: TipsFrame): void;
} {
  const list = h("ol", { class: "log", role: "log", "aria-label": label, tabindex: 0 });
  const empty = h("p", { class: "meta" }, "Nothing yet: messages since this view opened show here.");
  const add = (kind: string, time: number, from: string | null, text: string) => {
    empty.hidden = true;
    list.append(
      h(
        "li",
        { class: kind },
        h("time", { datetime: new Date(time * 1000).toISOString() }, clock(time)),
        " ",
        from !== null && h("b", {}, from),
        from !== null && ": ",
        h("span", {}, text),
      ),
    );
    while (list.children.length > KEPT) list.firstElementChild?.remove();
    list.scrollTop = list.scrollHeight;
  };
  return {
    el: h("div", { class: "log-wrap" }, empty, list),
    message: (m) =>
      add("msg", m.MsgTime, m.From_Account, `${messageText(m.MsgBody)}${m.TopicId ? ` (topic ${m.TopicId})` : ""}`),
    notification: (n) => add("note", Date.now() / 1000, null, `Notification: ${n.Content}`),
    recall: (r) => {
      const seqs = r.MsgSeqList.map((m) => m.MsgSeq).join(", ");
      const why = r.Reason === undefined ? "" : ` (${r.Reason})`;
      add(
        "note",
        r.Time,
        null,
        `${r.Operator_Account} recalled MsgSeq ${seqs}${r.TopicId ? ` in topic ${r.TopicId}` : ""}${why}.`,
      );
    },
    tips: (t) => add("note", t.Time, null, tipsText(t)),
  };
}

/**
 * Runs `load` once, as soon as the socket is open (a read issued then misses no change: the
 * ones after it come as frames), or has failed, or after `ms` in any case.
 */
export function whenOpen(live: LiveClient, ms: number, load: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    offOpen();
    offClose();
    load();
  };
  const timer = setTimeout(once, ms);
  const offOpen = live.on("open", once);
  const offClose = live.on("close", once);
}
