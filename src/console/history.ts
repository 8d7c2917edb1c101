import { num, records, str } from "./api";
import { PERMANENT } from "./countdown";
import { busy, h, latest, localTime, section, table } from "./dom";
import type { GroupContext, Part } from "./group-context";

const PAGE = 20;

/** The group's mute history (an extension of the service), newest first, a page at a time. */
export function history(ctx: GroupContext): Part {
  const { wrap, body } = table("Mute history", ["Time", "Action", "Account", "Operator", "Muted until", "Reason"]);
  const empty = h("p", { class: "meta" });
  const more = h("button", { type: "button", hidden: true }, "More history");
  const tickets = latest();
  let next = "";

  const row = (e: Record<string, unknown>) => {
    const until = num(e.MutedUntil);
    const topic = str(e.TopicId);
    const account = str(e.Member_Account);
    return h(
      "tr",
      {},
      h("td", {}, localTime(num(e.Time))),
      h("th", { scope: "row" }, str(e.Action)),
      h("td", {}, account === "" ? "everyone" : account, topic && ` (topic ${topic})`),
      h("td", {}, str(e.Operator_Account) || "the service"),
      h("td", {}, until === 0 ? "—" : until >= PERMANENT ? "permanent" : localTime(until)),
      h("td", {}, str(e.Reason)),
    );
  };

  const loadPage = async (first: boolean) => {
    const ticket = tickets.take();
    const request: Record<string, unknown> = { GroupId: ctx.groupId, Limit: PAGE };
    if (!first) request.Next = next;
    try {
      const answer = await ctx.client.call("get_group_mute_history", request);
      if (!ctx.alive() || !tickets.current(ticket)) return;
      const rows = records(answer, "HistoryList").map(row);
      if (first) body.replaceChildren(...rows);
      else body.append(...rows);
      next = str(answer.Next);
      more.hidden = next === "";
      wrap.hidden = body.rows.length === 0;
      empty.textContent = body.rows.length === 0 ? "No mutes yet." : "";
    } catch (error) {
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  more.addEventListener("click", () => busy(more, () => loadPage(false)));
  return { el: section("Mute history", 3, empty, wrap, more), load: () => loadPage(true) };
}
