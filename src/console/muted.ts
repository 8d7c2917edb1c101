import { num, records, str } from "./api";
import { countdown, PERMANENT } from "./countdown";
import { busy, h, latest, localTime, section, table } from "./dom";
import type { GroupContext, Part } from "./group-context";

/**
 * Who is muted now, until when, and a live countdown; an entry leaves the
 * list when its time is up, as the service forgets it then too.
 */
export function muted(ctx: GroupContext): Part {
  const { wrap, body } = table("Muted now", ["Account", "Until", "Left", "Reason", "Action"]);
  const empty = h("p", { class: "meta" });
  const stops: (() => void)[] = [];
  const tickets = latest();

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
          await ctx.refresh();
        } catch (error) {
          ctx.status.error(error);
        }
      }),
    );
    // Started once the row is in the table: an entry already due when the answer arrives (network time, a
    // fast clock) ends at once, and must find its row there to remove it.
    const start = () =>
      stops.push(
        countdown(left, until, () => {
          tr.remove();
          showEmpty();
        }),
      );
    return { tr, start };
  };

  const load = async () => {
    const ticket = tickets.take();
    try {
      const answer = await ctx.client.call("get_group_muted_account", { GroupId: ctx.groupId });
      if (!ctx.alive() || !tickets.current(ticket)) return;
      for (const stop of stops.splice(0)) stop();
      const rows = records(answer, "MutedAccountList").map(row);
      body.replaceChildren(...rows.map((r) => r.tr));
      for (const r of rows) r.start();
      showEmpty();
    } catch (error) {
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  return {
    el: section("Muted now", 3, empty, wrap),
    load,
    dispose: () => {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
