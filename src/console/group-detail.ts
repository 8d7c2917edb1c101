import type { Client } from "./api";
import { busy, h, uid } from "./dom";
import type { GroupContext, Part } from "./group-context";
import { history } from "./history";
import { members } from "./members";
import { muted } from "./muted";
import { profile } from "./profile";
import type { Status } from "./status";

/**
 * One group, shown in `into`: its profile and quiet hours, members, muted
 * accounts and history, each loaded by its own part; Refresh reloads them all.
 * Answers a dispose that stops its countdowns and drops late answers.
 */
export function groupDetail(client: Client, status: Status, groupId: string, into: HTMLElement) {
  let alive = true;
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
  };
  const profilePart = profile(ctx, (name) => {
    title.textContent = name === "" ? `Group ${groupId}` : `${name} (${groupId})`;
  });
  const membersPart = members(ctx);
  const mutedPart = muted(ctx);
  const historyPart = history(ctx);
  const parts: Part[] = [profilePart, membersPart, mutedPart, historyPart];

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
      h(
        "div",
        { class: "group-grid" },
        h("div", { class: "column" }, mutedPart.el, membersPart.el),
        h("div", { class: "column" }, profilePart.el, profilePart.quiet),
      ),
      historyPart.el,
    ),
  );
  void ctx.refresh();
  return {
    groupId,
    dispose: () => {
      alive = false;
      for (const p of parts) p.dispose?.();
    },
  };
}
