import { type Client, records, str } from "./api";
import { busy, field, h, section, uid } from "./dom";
import type { GroupContext, Part } from "./group-context";
import { history } from "./history";
import { members } from "./members";
import { muted } from "./muted";
import { profile } from "./profile";
import type { Status } from "./status";

const PAGE = 100;

/** The group view: the app's groups, and the chosen one's profile, members, mutes, quiet hours and history. */
export function groupView(client: Client, status: Status): { el: HTMLElement; activate(): void; dispose(): void } {
  const picker = h("select", { name: "group" }, h("option", { value: "" }, "Choose a group"));
  const reload = h("button", { type: "button" }, "Reload groups");
  const more = h("button", { type: "button", hidden: true }, "More groups");
  const count = h("p", { class: "meta" });
  const detail = h("div", { class: "detail" });
  let next = 0;
  let shown: { groupId: string; dispose(): void } | null = null;

  const loadGroups = async (first: boolean) => {
    try {
      const answer = await client.call("get_appid_group_list", { Limit: PAGE, Next: first ? 0 : next });
      const ids = records(answer, "GroupIdList").map((g) => str(g.GroupId));
      const keep = picker.value;
      if (first) picker.replaceChildren(h("option", { value: "" }, "Choose a group"));
      picker.append(...ids.map((id) => h("option", { value: id }, id)));
      // The group on show stays chosen, even if it is gone from the list (then its calls say so).
      if (keep !== "" && picker.value !== keep) {
        if (!Array.from(picker.options).some((o) => o.value === keep))
          picker.append(h("option", { value: keep }, keep));
        picker.value = keep;
      }
      next = typeof answer.Next === "number" ? answer.Next : 0;
      more.hidden = next === 0;
      const total = typeof answer.TotalCount === "number" ? answer.TotalCount : ids.length;
      count.textContent = `${total} group${total === 1 ? "" : "s"} in app ${client.session.sdkappid}.`;
    } catch (error) {
      status.error(error);
    }
  };

  const open = () => {
    const groupId = picker.value;
    if (shown?.groupId === groupId) return;
    shown?.dispose();
    shown = null;
    detail.replaceChildren();
    if (groupId !== "") shown = groupDetail(client, status, groupId, detail);
  };

  picker.addEventListener("change", open);
  reload.addEventListener("click", () => busy(reload, () => loadGroups(true)));
  more.addEventListener("click", () => busy(more, () => loadGroups(false)));

  const el = h(
    "div",
    { class: "group-view" },
    section(
      "Groups",
      2,
      h("div", { class: "picker" }, field("Group", picker), h("div", { class: "actions" }, reload, more)),
      count,
    ),
    detail,
  );
  return {
    el,
    // Each visit lists the groups again: the explorer may have created or destroyed some.
    activate: () => void loadGroups(true),
    dispose: () => shown?.dispose(),
  };
}

function groupDetail(client: Client, status: Status, groupId: string, into: HTMLElement) {
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
