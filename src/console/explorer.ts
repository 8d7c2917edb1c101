import type { Client, Exchange } from "./api";
import { busy, field, fill, h, section, uid } from "./dom";
import { loadOperations, type Operation } from "./openapi";
import type { Status } from "./status";

/**
 * The API explorer: pick a command, edit its example body, send it, and see
 * the request line, the HTTP status, the time taken and the answer.
 */
export function explorer(client: Client, status: Status): HTMLElement {
  const picker = h("select", { name: "command" });
  const summary = h("p", { class: "summary" });
  const errorId = uid("body-error");
  const bodyError = h("p", { id: errorId, class: "field-error" });
  const body = h("textarea", {
    name: "body",
    rows: 14,
    spellcheck: "false",
    autocomplete: "off",
    class: "code",
    "aria-describedby": errorId,
  });
  const schema = h("pre", { class: "code" });
  const send = h("button", { type: "button", class: "primary" }, "Send");
  const reset = h("button", { type: "button" }, "Reset body");
  // Not live: the status line announces the outcome already.
  const meta = h("p", { class: "meta" }, "Nothing sent yet.");
  const line = h("code", { class: "request-line" });
  // A named region, focusable, so that a long answer scrolls with the keyboard.
  const answer = h("pre", { class: "code answer", tabindex: 0, role: "region", "aria-label": "Answer body" });

  const byPath = new Map<string, Operation>();
  const chosen = () => byPath.get(picker.value);
  const showExample = () => {
    const op = chosen();
    summary.textContent = op?.summary ?? "";
    body.value = op === undefined ? "" : JSON.stringify(op.example, null, 2);
    schema.textContent = op === undefined ? "" : JSON.stringify(op.schema ?? {}, null, 2);
    markBody("");
  };
  const markBody = (problem: string) => {
    bodyError.textContent = problem;
    if (problem === "") body.removeAttribute("aria-invalid");
    else body.setAttribute("aria-invalid", "true");
  };

  const run = () =>
    busy(send, async () => {
      const op = chosen();
      if (op === undefined) return;
      try {
        JSON.parse(body.value);
      } catch (error) {
        const problem = `The body is not valid JSON (${(error as Error).message}); nothing was sent.`;
        markBody(problem);
        status.error(new Error(problem));
        body.focus();
        return;
      }
      markBody("");
      meta.textContent = `Sending ${op.command}…`;
      show(await client.exchange(op.path, body.value), op.command);
    });

  const show = (x: Exchange, command: string) => {
    line.textContent = x.line;
    const code = x.json?.ErrorCode;
    const failed = x.status !== 200 || code !== 0;
    answer.classList.toggle("fail", failed);
    answer.textContent = x.json === null ? x.text : JSON.stringify(x.json, null, 2);
    const outcome =
      x.json === null ? "not JSON" : code === 0 ? "OK" : `ErrorCode ${code ?? "missing"}: ${x.json.ErrorInfo ?? ""}`;
    fill(
      meta,
      h("span", { class: `badge ${failed ? "fail" : "ok"}` }, x.status === 0 ? "no answer" : `HTTP ${x.status}`),
      ` ${x.ms} ms · ${command}: ${outcome}`,
    );
    if (failed) status.error(new Error(`${command}: ${outcome}`));
    else status.info(`${command} answered OK in ${x.ms} ms.`);
  };

  picker.addEventListener("change", showExample);
  send.addEventListener("click", run);
  reset.addEventListener("click", showExample);
  body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  });

  void loadOperations().then(
    (operations) => {
      const services = new Map<string, HTMLOptGroupElement>();
      // Current names first, legacy names after them, in the document's order.
      const ordered = [...operations.filter((o) => !o.deprecated), ...operations.filter((o) => o.deprecated)];
      for (const op of ordered) {
        byPath.set(op.path, op);
        let group = services.get(op.service);
        if (group === undefined) {
          group = h("optgroup", { label: op.service });
          services.set(op.service, group);
        }
        const mark = op.deprecated ? " (legacy)" : op.extension ? " (extension)" : "";
        group.append(h("option", { value: op.path }, `${op.command}${mark}`));
      }
      picker.replaceChildren(...services.values());
      showExample();
    },
    (error) => {
      summary.textContent = "The list of commands could not be loaded.";
      status.error(error);
    },
  );

  return section(
    "API explorer",
    2,
    h(
      "div",
      { class: "explorer" },
      h(
        "div",
        { class: "request" },
        field("Command", picker),
        summary,
        field("Request body (JSON)", body, "Ctrl+Enter (⌘+Enter on a Mac) sends."),
        bodyError,
        h("div", { class: "actions" }, send, reset),
        h("details", {}, h("summary", {}, "Body schema"), schema),
      ),
      section("Answer", 3, meta, h("p", {}, "Request: ", line), answer),
    ),
  );
}
