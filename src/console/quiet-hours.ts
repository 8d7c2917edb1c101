import { busy, field, h, section } from "./dom";
import type { GroupContext } from "./group-context";

/** One quiet-hours window of MuteAllSchedule: ISO weekdays (Monday 1), local "HH:MM" times and an IANA zone. */
interface QuietWindow {
  Days: number[];
  Start: string;
  End: string;
  TimeZone: string;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MAX_WINDOWS = 8;
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The browser's time zones, offered as suggestions (not every browser can list them). */
function zoneList(): HTMLDataListElement {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return h("datalist", { id: "time-zones" }, ...zones.map((z) => h("option", { value: z })));
}

function asWindows(value: unknown): QuietWindow[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((w) => {
    if (w === null || typeof w !== "object") return [];
    const { Days, Start, End, TimeZone } = w as Record<string, unknown>;
    return [
      {
        Days: Array.isArray(Days) ? Days.filter((d): d is number => typeof d === "number") : [],
        Start: typeof Start === "string" ? Start : "",
        End: typeof End === "string" ? End : "",
        TimeZone: typeof TimeZone === "string" ? TimeZone : localZone(),
      },
    ];
  });
}

/**
 * The quiet-hours editor: windows of days and times in which the whole group
 * is muted, saved with modify_group_base_info; saving none clears them.
 */
export function quietHours(ctx: GroupContext): { el: HTMLElement; show(schedule: unknown, reset: boolean): void } {
  const list = h("div", { class: "windows" });
  const empty = h("p", { class: "meta" });
  const add = h("button", { type: "button" }, "Add window");
  const save = h("button", { type: "button", class: "primary" }, "Save quiet hours");
  const editors: { el: HTMLElement; read(): QuietWindow | string }[] = [];
  /** Edited and not saved: a reload after another action (a mute, say) keeps the edits. */
  let dirty = false;
  list.addEventListener("input", () => {
    dirty = true;
  });

  const renumber = () => {
    editors.forEach((e, i) => {
      const legend = e.el.querySelector("legend");
      if (legend !== null) legend.textContent = `Window ${i + 1}`;
      e.el.querySelector("button.remove")?.setAttribute("aria-label", `Remove window ${i + 1}`);
    });
    empty.textContent = editors.length === 0 ? "No quiet hours: the group is muted for all only by Mute all." : "";
    add.hidden = editors.length >= MAX_WINDOWS;
  };

  const editor = (w: QuietWindow) => {
    const days = DAYS.map((name, i) =>
      h("input", { type: "checkbox", value: i + 1, checked: w.Days.includes(i + 1), "aria-label": name }),
    );
    const start = h("input", { type: "time", value: w.Start, required: true });
    const end = h("input", { type: "time", value: w.End, required: true });
    const zone = h("input", { value: w.TimeZone, list: "time-zones", autocomplete: "off", required: true });
    const remove = h("button", { type: "button", class: "remove" }, "Remove");
    const el = h(
      "fieldset",
      { class: "window" },
      h("legend", {}),
      h(
        "fieldset",
        { class: "days" },
        h("legend", {}, "Days"),
        ...days.map((box, i) => h("label", { class: "day" }, box, DAYS[i])),
      ),
      h("div", { class: "times" }, field("Start", start), field("End", end)),
      field("Time zone", zone),
      remove,
    );
    const entry = {
      el,
      read: (): QuietWindow | string => {
        const chosen = days.flatMap((box) => (box.checked ? [Number(box.value)] : []));
        if (chosen.length === 0) return "choose at least one day";
        if (!/^\d\d:\d\d$/.test(start.value) || !/^\d\d:\d\d$/.test(end.value)) return "give a Start and an End";
        if (zone.value.trim() === "") return "give a time zone";
        return { Days: chosen, Start: start.value, End: end.value, TimeZone: zone.value.trim() };
      },
    };
    remove.addEventListener("click", () => {
      dirty = true;
      editors.splice(editors.indexOf(entry), 1);
      el.remove();
      renumber();
      add.focus();
    });
    return entry;
  };

  const show = (schedule: unknown, reset: boolean) => {
    if (dirty && !reset) return;
    dirty = false;
    editors.splice(0, editors.length, ...asWindows(schedule).map(editor));
    list.replaceChildren(...editors.map((e) => e.el));
    renumber();
  };

  add.addEventListener("click", () => {
    const entry = editor({ Days: [1, 2, 3, 4, 5, 6, 7], Start: "22:00", End: "07:00", TimeZone: localZone() });
    dirty = true;
    editors.push(entry);
    list.append(entry.el);
    renumber();
    entry.el.querySelector("input")?.focus();
  });
  save.addEventListener("click", () =>
    busy(save, async () => {
      const windows: QuietWindow[] = [];
      for (const [i, e] of editors.entries()) {
        const w = e.read();
        if (typeof w === "string") {
          ctx.status.error(new Error(`Window ${i + 1}: ${w}.`));
          return;
        }
        windows.push(w);
      }
      try {
        await ctx.client.call("modify_group_base_info", { GroupId: ctx.groupId, MuteAllSchedule: windows });
        ctx.status.info(windows.length === 0 ? "Quiet hours cleared." : `Quiet hours saved (${windows.length}).`);
        dirty = false;
        await ctx.changed(true);
      } catch (error) {
        ctx.status.error(error);
      }
    }),
  );

  const el = section(
    "Quiet hours",
    3,
    h("p", { class: "meta" }, "While a window is open, only the owner and admins can send, as with Mute all."),
    empty,
    list,
    zoneList(),
    h("div", { class: "actions" }, add, save),
  );
  return { el, show };
}
