import { type Client, records, str } from "./api";
import { busy, field, h, latest, section } from "./dom";
import { groupDetail } from "./group-detail";
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
  const tickets = latest();
  let shown: { groupId: string; dispose(): void } | null = null;

  const loadGroups = async (first: boolean) => {
    const ticket = tickets.take();
    try {
      const answer = await client.call("get_appid_group_list", { Limit: PAGE, Next: first ? 0 : next });
      if (!tickets.current(ticket)) return;
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
