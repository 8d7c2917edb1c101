import { CallError } from "./api";

/**
 * The page's one status region (role="status", polite): what the last action
 * did, or why it failed with the service's ErrorCode and ErrorInfo.
 */
export interface Status {
  info(message: string): void;
  error(error: unknown): void;
}

export function statusRegion(el: HTMLElement): Status {
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  const show = (message: string, kind: "info" | "error") => {
    el.className = `status ${kind}`;
    // A message equal to the last one is announced again only if the text node changes.
    el.textContent = "";
    el.textContent = message;
  };
  return {
    info: (message) => show(message, "info"),
    error: (error) => show(describe(error), "error"),
  };
}

const describe = (error: unknown): string =>
  error instanceof CallError
    ? error.code === null
      ? `${error.command} failed: ${error.info}`
      : `${error.command} failed: ErrorCode ${error.code}, ${error.info}`
    : error instanceof Error
      ? error.message
      : String(error);
