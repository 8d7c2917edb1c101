import { num, records, str } from "./api";
import { countdown } from "./countdown";
import { busy, field, fill, h, latest, section, table } from "./dom";
import type { GroupContext, Part } from "./group-context";

const PAGE = 100;

/**
 * The members with their role and mute state, checkboxes to select some, and
 * the form that mutes (or unmutes) the selected ones.
 */
export function members(ctx: GroupContext): Part & { applyMute(account: string, until: number): void } {
  const { wrap, body } = table("Members", ["Select", "Account", "Role", "Muted"]);
  const selectAll = h("input", { type: "checkbox", "aria-label": "Select all members" });
  const header = wrap.querySelector("thead th");
  if (header !== null) fill(header, selectAll);
  const count = h("p", { class: "meta" });
  const more = h("button", { type: "button", hidden: true }, "More members");
  const seconds = h("input", { type: "number", min: 1, max: 4294967295, step: 1, value: 60, required: true });
  const reason = h("input", { maxlength: 256, autocomplete: "off" });
  const mute = h("button", { type: "button", class: "primary" }, "Mute selected");
  const unmute = h("button", { type: "button" }, "Unmute selected");
  /** Each shown member's mute cell, and what stops its countdown. */
  const cells = new Map<string, { td: HTMLTableCellElement; stop: () => void }>();
  const tickets = latest();
  /** The first page is on its way: a mute heard meanwhile may be older than its answer, so it reads again. */
  let reading = false;
  const clear = () => {
    for (const { stop } of cells.values()) stop();
    cells.clear();
  };
  /** Where the next page starts: Offset, or a Community's Next. */
  let cursor: { offset: number; next: string | null } = { offset: 0, next: null };

  const boxes = () => Array.from(body.querySelectorAll<HTMLInputElement>("input[type=checkbox]"));
  const selected = () => boxes().flatMap((b) => (b.checked ? [b.value] : []));

  const showMute = (account: string, td: HTMLTableCellElement, until: number) => {
    cells.get(account)?.stop();
    const cell = { td, stop: () => {} };
    cells.set(account, cell);
    if (until > 0) {
      const left = h("span", { class: "countdown" });
      fill(td, h("span", { class: "muted-flag" }, "Muted"), " · ", left, " left");
      cell.stop = countdown(left, until, () => fill(td, "Not muted"));
    } else fill(td, "Not muted");
  };

  const row = (m: Record<string, unknown>) => {
    const account = str(m.Member_Account);
    const state = h("td");
    showMute(account, state, num(m.MuteUntil));
    return h(
      "tr",
      {},
      h("td", {}, h("input", { type: "checkbox", value: account, "aria-label": `Select ${account}` })),
      h("th", { scope: "row" }, account),
      h("td", {}, str(m.Role)),
      state,
    );
  };

  const loadPage = async (first: boolean) => {
    const ticket = tickets.take();
    const request: Record<string, unknown> = {
      GroupId: ctx.groupId,
      Limit: PAGE,
      MemberInfoFilter: ["Role", "MuteUntil"],
    };
    // The cursor moves only with an answer that is shown: a reload overtaking a "More" does not skip a page.
    const from = first ? { offset: 0, next: null } : cursor;
    if (first) reading = true;
    if (from.next !== null) request.Next = from.next;
    else request.Offset = from.offset;
    try {
      const answer = await ctx.client.call("get_group_member_info", request);
      if (!ctx.alive() || !tickets.current(ticket)) return;
      const list = records(answer, "MemberList");
      if (first) {
        reading = false;
        clear();
        body.replaceChildren();
        selectAll.checked = false;
      }
      body.append(...list.map(row));
      const total = num(answer.MemberNum);
      cursor = {
        offset: from.offset + list.length,
        next: typeof answer.Next === "string" ? answer.Next : null,
      };
      const done = cursor.next !== null ? cursor.next === "" : cursor.offset >= total || list.length === 0;
      more.hidden = done;
      count.textContent = `${total} member${total === 1 ? "" : "s"}${done ? "" : `, ${cursor.offset} shown`}.`;
    } catch (error) {
      if (first && tickets.current(ticket)) reading = false;
      if (!ctx.alive()) return;
      ctx.status.error(error);
      if (first) {
        body.replaceChildren();
        count.textContent = "The members could not be loaded (the error is in the status line).";
      }
    }
  };

  const change = (button: HTMLButtonElement, muteTime: () => number | null) =>
    busy(button, async () => {
      const accounts = selected();
      if (accounts.length === 0) {
        ctx.status.error(new Error("Select at least one member first."));
        return;
      }
      const time = muteTime();
      if (time === null) {
        ctx.status.error(new Error("Mute for: give a whole number of seconds from 1 to 4294967295."));
        seconds.focus();
        return;
      }
      const request: Record<string, unknown> = { GroupId: ctx.groupId, Members_Account: accounts, MuteTime: time };
      if (time > 0 && reason.value.trim() !== "") request.Reason = reason.value.trim();
      try {
        await ctx.client.call("forbid_send_msg", request);
        ctx.status.info(
          time === 0 ? `Unmuted ${accounts.join(", ")}.` : `Muted ${accounts.join(", ")} for ${time} seconds.`,
        );
        // Done with them: the next action starts from no selection.
        for (const box of boxes()) box.checked = false;
        selectAll.checked = false;
        await ctx.changed();
      } catch (error) {
        ctx.status.error(error);
      }
    });

  selectAll.addEventListener("change", () => {
    for (const box of boxes()) box.checked = selectAll.checked;
  });
  more.addEventListener("click", () => busy(more, () => loadPage(false)));
  mute.addEventListener("click", () =>
    change(mute, () => {
      const n = Number(seconds.value);
      return Number.isInteger(n) && n >= 1 && n <= 4294967295 ? n : null;
    }),
  );
  unmute.addEventListener("click", () => change(unmute, () => 0));

  const el = section(
    "Members",
    3,
    count,
    wrap,
    more,
    h(
      "fieldset",
      { class: "mute-form" },
      h("legend", {}, "Mute the selected members"),
      field("Mute for (seconds)", seconds),
      field("Reason (optional)", reason),
      h("div", { class: "actions" }, mute, unmute),
    ),
  );
  return {
    el,
    load: () => loadPage(true),
    /** A mute heard on the live channel (0: unmuted or over): the member's cell changes, with no read. */
    applyMute: (account, until) => {
      if (reading) {
        void loadPage(true);
        return;
      }
      const cell = cells.get(account);
      if (cell !== undefined) showMute(account, cell.td, until);
    },
    dispose: clear,
  };
}
