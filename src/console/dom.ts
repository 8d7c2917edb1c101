/** DOM building without a framework, and without inline handlers or style attributes (the page's CSP forbids both). */

type Child = Node | string | number | null | undefined | false;
/** Attributes by name: true sets an empty one, false, null and undefined set none. Listeners are added apart. */
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  el.append(...nodes(children));
  return el;
}

function nodes(children: Child[]): (Node | string)[] {
  return children
    .filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (typeof c === "number" ? String(c) : c));
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(...nodes(children));
}

let counter = 0;
/** An id unique in the page, for aria-controls, aria-labelledby and the like. */
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

/**
 * A control with its visible label (label for=, not wrapping: a wrapping label's
 * text would include a select's options) and an optional hint it is described by.
 */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id ||= uid("f");
  const note = hint === undefined ? null : h("small", { id: uid("hint") }, hint);
  if (note !== null)
    control.setAttribute("aria-describedby", `${note.id} ${control.getAttribute("aria-describedby") ?? ""}`.trim());
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, note);
}

/** A section with a heading, labelled by it, drawn as a card. */
export function section(title: string, level: 2 | 3 = 3, ...children: Child[]): HTMLElement {
  const id = uid("h");
  return h("section", { class: "card", "aria-labelledby": id }, h(`h${level}`, { id }, title), ...children);
}

/** A table whose first row is column headers (th scope=col); rows are filled by the caller. */
export function table(caption: string, columns: string[]): { wrap: HTMLElement; body: HTMLTableSectionElement } {
  const body = h("tbody");
  const t = h(
    "table",
    {},
    h("caption", { class: "sr-only" }, caption),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    body,
  );
  // The table scrolls inside its own box on a narrow screen, never the page.
  return { wrap: h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": caption }, t), body };
}

/** A local date-time for Unix seconds. */
export const localTime = (unixSeconds: number): string =>
  new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });

/**
 * Only the answer to the latest of overlapping loads is shown: each load takes
 * a ticket, and a late answer to an older one is dropped.
 */
export function latest(): { take(): number; current(ticket: number): boolean } {
  let last = 0;
  return { take: () => ++last, current: (ticket) => ticket === last };
}

const running = new WeakSet<HTMLButtonElement>();

/**
 * Runs a button's action once at a time, so that a double click sends once. The
 * button stays enabled (a disabled button drops the keyboard focus), marked busy.
 */
export async function busy<T>(button: HTMLButtonElement, action: () => Promise<T>): Promise<T | undefined> {
  if (running.has(button)) return undefined;
  running.add(button);
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    running.delete(button);
    button.removeAttribute("aria-busy");
  }
}
