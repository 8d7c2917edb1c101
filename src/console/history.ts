import type { GroupInfoChangeTips, MemberInfoChangeTips } from "../client/frames";
import { num, records, str } from "./api";
import { PERMANENT } from "./countdown";
import { busy, h, latest, localTime, section, table } from "./dom";
import type { GroupContext, Part } from "./group-context";

const PAGE = 20;

/** The group's mute history (an extension of the service), newest first, a page at a time. */
export function history(ctx: GroupContext): Part & { apply(tips: MemberInfoChangeTips | GroupInfoChangeTips): void } {
  const { wrap, body } = table("Mute history", ["Time", "Action", "Account", "Operator", "Muted until", "Reason"]);
  const empty = h("p", { class: "meta" });
  const more = h("button", { type: "button", hidden: true }, "More history");
  const tickets = latest();
  let next = "";
  /** The first page is on its way: a change heard meanwhile may be older than its answer, so it reads again. */
  let reading = false;
  const showEmpty = () => {
    wrap.hidden = body.rows.length === 0;
    empty.textContent = body.rows.length === 0 ? "No mutes yet." : "";
  };

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
    if (first) reading = true;
    try {
      const answer = await ctx.client.call("get_group_mute_history", request);
      if (!ctx.alive() || !tickets.current(ticket)) return;
      if (first) reading = false;
      const rows = records(answer, "HistoryList").map(row);
      if (first) body.replaceChildren(...rows);
      else body.append(...rows);
      next = str(answer.Next);
      more.hidden = next === "";
      showEmpty();
    } catch (error) {
      if (first && tickets.current(ticket)) reading = false;
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  /**
   * A change heard on the live channel, put on top of the history as the service wrote it (its
   * entries and its Tips are made together, one entry per account): no read. The pages below
   * stay as they are, and "More history" goes on from where they end.
   */
  const apply = (tips: MemberInfoChangeTips | GroupInfoChangeTips) => {
    if (reading) {
      void loadPage(true);
      return;
    }
    const head = { Time: tips.Time, Operator_Account: tips.Operator_Account, TopicId: tips.TopicId };
    const entries =
      tips.TipsType === "GroupInfoChange"
        ? [{ ...head, Action: tips.MuteAllMember === "On" ? "MuteAll" : "UnmuteAll", MutedUntil: 0 }]
        : tips.MemberChangeInfoList.map((e) => ({
            ...head,
            Action: tips.Change,
            Member_Account: e.Member_Account,
            MutedUntil: e.MuteUntil,
            Reason: e.Reason,
          }));
    // Newest first, as the service lists them: the last entry written is on top.
    body.prepend(...entries.reverse().map(row));
    showEmpty();
  };

  more.addEventListener("click", () => busy(more, () => loadPage(false)));
  return { el: section("Mute history", 3, empty, wrap, more), load: () => loadPage(true), apply };
}
