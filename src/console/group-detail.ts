import type { Client } from "./api";
import { busy, h, section, uid } from "./dom";
import type { GroupContext, Part } from "./group-context";
import { history } from "./history";
import { liveLine, messageLog, openLive, whenOpen } from "./live";
import { members } from "./members";
import { muted } from "./muted";
import { profile } from "./profile";
import type { Status } from "./status";

/** How long the first reads wait for the live channel to open before they go anyway. */
const OPEN_WAIT_MS = 3000;

/**
 * One group, shown in `into`: its profile and quiet hours, members, muted
 * accounts and history, each loaded by its own part; Refresh reloads them all.
 * After that first load the live channel keeps them current: the console's
 * admin holds a socket to the group (an app admin may join any group's
 * channel), and each Tips frame changes the parts it touches, with no read and
 * no timer; the messages sent in the group show as they come.
 * Answers a dispose that closes the socket, stops its countdowns and drops late answers.
 */
export function groupDetail(client: Client, status: Status, groupId: string, into: HTMLElement) {
  let alive = true;
  /** The channel is up: a State came and no close since. */
  let live = false;
  const titleId = uid("h");
  const title = h("h2", { id: titleId }, `Group ${groupId}`);
  const refresh = h("button", { type: "button" }, "Refresh");
  const ctx: GroupContext = {
    client,
    status,
    groupId,
    alive: () => alive,
    refresh: async (reset = false) => {
      await Promise.all(parts.map((p) => p.load(reset)));
    },
    changed: async (profileToo = false) => {
      if (!live) await ctx.refresh();
      else if (profileToo) await profilePart.load();
    },
  };
  const profilePart = profile(ctx, (name) => {
    title.textContent = name === "" ? `Group ${groupId}` : `${name} (${groupId})`;
  });
  const membersPart = members(ctx);
  const mutedPart = muted(ctx);
  const historyPart = history(ctx);
  const parts: Part[] = [profilePart, membersPart, mutedPart, historyPart];

  const channel = openLive(client.session, groupId);
  const log = messageLog("Messages in the group");
  const line = liveLine(channel, (why) => {
    if (alive) status.error(new Error(`The group's live updates stopped: ${why}. Refresh reads it again.`));
  });
  let states = 0;
  /** The socket is open (its State may not have come yet). */
  let open = false;
  /** The first reads went without the socket (it was slow, or failed): a change may fall between. */
  let readBlind = false;
  channel.on("open", () => {
    open = true;
  });
  channel.on("state", () => {
    live = true;
    // Back after a drop: the parts may have been read while it was down (and a replayed frame would then
    // show twice), or the gap could not be replayed (a Resync): read them again. A frame replayed meanwhile
    // finds its part reading, and that part reads once more.
    if (states++ > 0 || readBlind) void ctx.refresh();
    readBlind = false;
  });
  channel.on("close", () => {
    live = false;
    open = false;
  });
  channel.on("message", log.message);
  channel.on("notification", log.notification);
  channel.on("recall", log.recall);
  channel.on("tips", (t) => {
    log.tips(t);
    if (t.TipsType === "MemberInfoChange") {
      historyPart.apply(t);
      // A topic's mutes are not the group's: its lists show the group's only.
      if (t.TopicId !== undefined) return;
      mutedPart.apply(t);
      for (const e of t.MemberChangeInfoList)
        membersPart.applyMute(e.Member_Account, t.Change === "Mute" ? e.MuteUntil : 0);
    } else if (t.TipsType === "GroupInfoChange") {
      historyPart.apply(t);
      if (t.TopicId === undefined) profilePart.setMuteAll(t.MuteAllMember === "On");
    } else {
      // Someone joined, left or changed role: the members and their count are read again.
      void membersPart.load();
      void profilePart.load();
    }
  });

  refresh.addEventListener("click", () =>
    busy(refresh, async () => {
      await ctx.refresh(true);
      if (alive) status.info(`Group ${groupId} refreshed.`);
    }),
  );
  into.append(
    h(
      "section",
      { class: "group", "aria-labelledby": titleId },
      h("div", { class: "group-head" }, title, refresh),
      line,
      h(
        "div",
        { class: "group-grid" },
        h("div", { class: "column" }, mutedPart.el, membersPart.el),
        h("div", { class: "column" }, profilePart.el, profilePart.quiet),
      ),
      historyPart.el,
      section("Messages", 3, log.el),
    ),
  );
  // The first reads go once the socket is open: a change after them comes as a frame.
  whenOpen(channel, OPEN_WAIT_MS, () => {
    readBlind = !open;
    if (alive) void ctx.refresh();
  });
  channel.connect();
  return {
    groupId,
    dispose: () => {
      alive = false;
      channel.close();
      for (const p of parts) p.dispose?.();
    },
  };
}
