import type { MemberInfoChangeTips } from "../client/frames";
import { num, records, str } from "./api";
import { countdown, PERMANENT } from "./countdown";
import { busy, h, latest, localTime, section, table } from "./dom";
import type { GroupContext, Part } from "./group-context";

/**
 * Who is muted now, until when, and a live countdown; an entry leaves the
 * list when its time is up, as the service forgets it then too.
 */
export function muted(ctx: GroupContext): Part & { apply(tips: MemberInfoChangeTips): void } {
  const { wrap, body } = table("Muted now", ["Account", "Until", "Left", "Reason", "Action"]);
  const empty = h("p", { class: "meta" });
  /** The rows on show by account, each with what stops its countdown. */
  const shown = new Map<string, { tr: HTMLTableRowElement; stop: () => void }>();
  const tickets = latest();
  /** A read is on its way: a change heard meanwhile may be older than its answer, so it reads again. */
  let reading = false;
  const clear = () => {
    for (const { stop } of shown.values()) stop();
    shown.clear();
  };

  const showEmpty = () => {
    const none = body.rows.length === 0;
    wrap.hidden = none;
    empty.textContent = none ? "Nobody is muted in this group." : "";
  };

  const row = (entry: Record<string, unknown>) => {
    const account = str(entry.Member_Account);
    const until = num(entry.MutedUntil);
    const left = h("td", { class: "countdown" });
    const unmute = h("button", { type: "button", "aria-label": `Unmute ${account}` }, "Unmute");
    const tr = h(
      "tr",
      {},
      h("th", { scope: "row" }, account),
      h("td", {}, until >= PERMANENT ? "permanent" : localTime(until)),
      left,
      h("td", {}, str(entry.Reason)),
      h("td", {}, unmute),
    );
    unmute.addEventListener("click", () =>
      busy(unmute, async () => {
        try {
          await ctx.client.call("forbid_send_msg", { GroupId: ctx.groupId, Members_Account: [account], MuteTime: 0 });
          ctx.status.info(`Unmuted ${account}.`);
          await ctx.changed();
        } catch (error) {
          ctx.status.error(error);
        }
      }),
    );
    // Started once the row is in the table: an entry already due when the answer arrives (network time, a
    // fast clock) ends at once, and must find its row there to remove it.
    const start = () => {
      const entry = { tr, stop: () => {} };
      shown.set(account, entry);
      entry.stop = countdown(left, until, () => {
        if (shown.get(account) === entry) shown.delete(account);
        tr.remove();
        showEmpty();
      });
    };
    return { account, tr, start };
  };

  const load = async () => {
    const ticket = tickets.take();
    reading = true;
    try {
      const answer = await ctx.client.call("get_group_muted_account", { GroupId: ctx.groupId });
      if (!ctx.alive() || !tickets.current(ticket)) return;
      reading = false;
      clear();
      const rows = records(answer, "MutedAccountList").map(row);
      body.replaceChildren(...rows.map((r) => r.tr));
      for (const r of rows) r.start();
      showEmpty();
    } catch (error) {
      if (tickets.current(ticket)) reading = false;
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  /** A mute, unmute or expiry heard on the live channel: the accounts' rows change at once, with no read. */
  const apply = (tips: MemberInfoChangeTips) => {
    if (reading) {
      void load();
      return;
    }
    for (const e of tips.MemberChangeInfoList) {
      const old = shown.get(e.Member_Account);
      old?.stop();
      old?.tr.remove();
      shown.delete(e.Member_Account);
      if (tips.Change !== "Mute" || e.MuteUntil === 0) continue;
      const r = row({ Member_Account: e.Member_Account, MutedUntil: e.MuteUntil, Reason: e.Reason ?? "" });
      body.append(r.tr);
      r.start();
    }
    showEmpty();
  };

  return { el: section("Muted now", 3, empty, wrap), load, apply, dispose: clear };
}
