import { h, uid } from "./dom";

export interface Tab {
  name: string;
  panel: HTMLElement;
  /** Called each time the tab is chosen. */
  shown?(): void;
}

/**
 * Tabs as the ARIA pattern has them: buttons with role "tab", aria-selected and
 * aria-controls, one Tab stop for the row, arrow keys, Home and End to move.
 */
export function tabs(label: string, list: Tab[]): { nav: HTMLElement; panels: HTMLElement[] } {
  const buttons = list.map((tab) => {
    const id = uid("tab");
    const panelId = uid("panel");
    tab.panel.id = panelId;
    tab.panel.setAttribute("role", "tabpanel");
    tab.panel.setAttribute("aria-labelledby", id);
    return h("button", { type: "button", role: "tab", id, "aria-controls": panelId }, tab.name);
  });

  const choose = (index: number, focus: boolean) => {
    list.forEach((tab, i) => {
      const selected = i === index;
      const button = buttons[i];
      button?.setAttribute("aria-selected", String(selected));
      button?.setAttribute("tabindex", selected ? "0" : "-1");
      tab.panel.hidden = !selected;
    });
    if (focus) buttons[index]?.focus();
    list[index]?.shown?.();
  };

  buttons.forEach((button, i) => {
    button.addEventListener("click", () => choose(i, false));
    button.addEventListener("keydown", (event) => {
      const last = buttons.length - 1;
      const to =
        event.key === "ArrowRight"
          ? (i + 1) % buttons.length
          : event.key === "ArrowLeft"
            ? (i + last) % buttons.length
            : event.key === "Home"
              ? 0
              : event.key === "End"
                ? last
                : null;
      if (to === null) return;
      event.preventDefault();
      choose(to, true);
    });
  });

  choose(0, false);
  return {
    nav: h("nav", { "aria-label": label }, h("div", { role: "tablist", "aria-label": label }, ...buttons)),
    panels: list.map((t) => t.panel),
  };
}
