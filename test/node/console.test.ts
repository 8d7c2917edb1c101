/**
 * The console (GET /console) in a real browser, around a real `wrangler dev`:
 * sign in with the secret key, create a group in the API explorer, mute a
 * member for 3 seconds in the group view, watch the countdown drop the entry
 * at its time, and read the Mute and Expire entries in the history (the
 * Expire from the live channel's Tips, with no read). All the while: every
 * request goes to the service's origin, the page logs no error and no CSP
 * violation, and the key is never stored nor sent. Then the page
 * at 360 px wide, signed in with a pasted UserSig, has no horizontal scroll.
 *
 * With CONSOLE_SCREENSHOT=1 it also saves the group view to docs/console.png.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_APP } from "../fixtures/apps";
import {
  inPage,
  launchChromium,
  SCROLL_WIDTH,
  status,
  UNNAMED_CONTROLS,
  watchedPage,
} from "../fixtures/console-browser";
import {
  DEMO_QUERY,
  killWranglerDev,
  startWranglerDev,
  type WranglerDev,
  waitUntilServing,
} from "../fixtures/wrangler-dev";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};

// Not the ranges of the other tests in test/node, which may run at the same time.
const PORT = 18800 + Math.floor(Math.random() * 50);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const persist = mkdtempSync(join(tmpdir(), "mute-console-"));
const groupId = `console-${PORT}-${Date.now()}`;
const SCREENSHOT = process.env.CONSOLE_SCREENSHOT === "1" ? join(process.cwd(), "docs", "console.png") : null;

let dev: WranglerDev | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dev = startWranglerDev(PORT, persist);
  const ready = waitUntilServing(dev, `${ORIGIN}/v4/group_open_http_svc`, DEMO_QUERY);
  browser = await launchChromium();
  await ready;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (dev) killWranglerDev(dev);
  rmSync(persist, { recursive: true, force: true });
});

const table = (page: Page, name: string) => page.getByRole("table", { name });
const row = (page: Page, tableName: string, ...texts: string[]) =>
  texts.reduce((rows, text) => rows.filter({ hasText: text }), table(page, tableName).getByRole("row"));
/** A row of the history by its Action (the row's header cell, matched exactly), and texts it contains. */
const entry = (page: Page, action: string, ...texts: string[]) =>
  row(page, "Mute history", ...texts).filter({ has: page.getByRole("rowheader", { name: action, exact: true }) });
/** Waits in the page for a row naming eve to be added to the muted list; then answers the list's rows. */
const ROWS_AFTER_EVE = `new Promise((resolve) => {
  const table = Array.from(document.querySelectorAll("table")).find((t) => t.caption?.textContent === "Muted now");
  const body = table.tBodies[0];
  new MutationObserver((records, observer) => {
    if (!records.some((r) => Array.from(r.addedNodes).some((n) => n.textContent.includes("eve")))) return;
    observer.disconnect();
    resolve(Array.from(body.rows, (r) => r.textContent));
  }).observe(body, { childList: true });
})`;

describe("the console in a browser", () => {
  it("is small: the page and /openapi.json are at most 100 KB gzipped, and the page has its CSP", async () => {
    const page = await fetch(`${ORIGIN}/console`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = Buffer.from(await page.arrayBuffer());
    const openapi = Buffer.from(await (await fetch(`${ORIGIN}/openapi.json`)).arrayBuffer());
    const gzipped = gzipSync(html).byteLength + gzipSync(openapi).byteLength;
    console.log(
      `console: ${html.byteLength} B, ${gzipSync(html).byteLength} B gzipped; with /openapi.json ${gzipped} B`,
    );
    expect(gzipped).toBeLessThanOrEqual(100 * 1024);
  });

  it("signs in with the key, creates a group, mutes for 3 s, drops the entry on time, shows the history", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, requests, errors } = await watchedPage(context);
    await page.goto(`${ORIGIN}/console`);

    // Sign in: the UserSig is made in the page; the key is then nowhere.
    await page.getByLabel("SDKAppID").fill(String(DEMO_APP.sdkappid));
    await page.getByLabel("Identifier").fill(DEMO_APP.admin);
    await page.getByLabel("Secret key").fill(DEMO_APP.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await status(page, `Signed in as ${DEMO_APP.admin}`);
    const stored = await inPage<string>(
      page,
      `JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie, document.body.outerHTML,
        Array.from(document.querySelectorAll("input, textarea"), (e) => e.value)])`,
    );
    expect(stored).not.toContain(DEMO_APP.key);
    expect(JSON.stringify(await context.cookies())).not.toContain(DEMO_APP.key);

    // The explorer: invalid JSON is not sent; create_group is, with Ctrl+Enter.
    await page.getByLabel("Command").selectOption({ label: "create_group" });
    const body = page.getByLabel("Request body (JSON)");
    expect(JSON.parse(await body.inputValue())).toHaveProperty("Type");
    const calls = requests.length;
    await body.fill('{"Type": "Public",');
    await page.getByRole("button", { name: "Send" }).click();
    await status(page, "not valid JSON");
    expect(requests.length).toBe(calls);
    await body.fill(
      JSON.stringify(
        {
          Type: "Public",
          Name: "Moderation desk",
          GroupId: groupId,
          Owner_Account: "leckie",
          MemberList: [{ Member_Account: "bob" }, { Member_Account: "eve" }, { Member_Account: "ann", Role: "Admin" }],
        },
        null,
        2,
      ),
    );
    await body.press("Control+Enter");
    const answer = page.getByRole("region", { name: "Answer", exact: true });
    await answer.getByText(`"GroupId": "${groupId}"`).waitFor();
    expect(await answer.getByLabel("Answer body").textContent()).toContain('"ActionStatus": "OK"');
    const answerText = (await answer.textContent()) ?? "";
    expect(answerText).toContain("HTTP 200");
    expect(answerText).toMatch(/\d+ ms/);
    expect(answerText).toContain("POST /v4/group_open_http_svc/create_group?sdkappid=1400000000");

    // The group view: pick the new group, mute eve for 10 minutes, then bob for 3 seconds with a reason.
    await page.getByRole("tab", { name: "Group view" }).click();
    await page.getByLabel("Group", { exact: true }).selectOption(groupId);
    await page.getByRole("heading", { name: `Moderation desk (${groupId})` }).waitFor();
    await row(page, "Members", "eve").waitFor();
    await page.getByRole("checkbox", { name: "Select eve" }).check();
    await page.getByLabel("Mute for (seconds)").fill("600");
    await page.getByLabel("Reason (optional)").fill("flooding");
    await page.getByRole("button", { name: "Mute selected", exact: true }).click();
    await row(page, "Muted now", "eve", "flooding").waitFor();

    await page.getByRole("checkbox", { name: "Select bob" }).check();
    await page.getByLabel("Mute for (seconds)").fill("3");
    await page.getByLabel("Reason (optional)").fill("spam links");
    await page.getByRole("button", { name: "Mute selected", exact: true }).click();
    const bob = row(page, "Muted now", "bob", "spam links");
    await bob.waitFor();
    await status(page, "Muted bob for 3 seconds");
    // A countdown of 1 to 3 seconds, and the member row says muted.
    expect(await bob.getByRole("cell").nth(1).textContent()).toMatch(/^[123]s$/);
    expect(await row(page, "Members", "bob").textContent()).toContain("Muted");
    if (SCREENSHOT !== null) {
      await inPage(page, "window.scrollTo(0, 0)");
      await page.screenshot({ path: SCREENSHOT });
    }

    // Every control of the page has a name a screen reader says: a label, an aria-label, or a button's text.
    expect(await inPage<string[]>(page, UNNAMED_CONTROLS)).toEqual([]);

    // The entry leaves the list when its time is up; eve's stays; bob's member row is no longer muted.
    await bob.waitFor({ state: "detached", timeout: 8000 });
    await row(page, "Muted now", "eve").waitFor();
    expect(await row(page, "Members", "bob").textContent()).toContain("Not muted");

    // The history shows bob's Expire once the alarm ran, from the live channel's Tips: no read, no Refresh.
    const historyReads = () => requests.filter((r) => r.url.includes("/get_group_mute_history?")).length;
    const readsBefore = historyReads();
    await entry(page, "Expire", "bob").waitFor({ timeout: 20_000 });
    expect(historyReads()).toBe(readsBefore);
    await page.getByText("The mute ran out for bob.").waitFor();
    // The service agrees: a Refresh reads the same.
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await status(page, `Group ${groupId} refreshed.`);
    await entry(page, "Expire", "bob").waitFor();
    expect(await row(page, "Muted now", "bob").count()).toBe(0);
    await row(page, "Muted now", "eve").waitFor();
    expect(await entry(page, "Mute", "bob", "spam links").count()).toBe(1);
    expect(await entry(page, "Mute", "eve", "flooding").count()).toBe(1);

    // Unmute eve from her entry; mute-all on and off.
    await page.getByRole("button", { name: "Unmute eve" }).click();
    await page.getByText("Nobody is muted in this group.").waitFor();
    await page.getByRole("button", { name: "Turn mute-all on" }).click();
    await page.getByRole("button", { name: "Turn mute-all off" }).click();
    await page.getByRole("button", { name: "Turn mute-all on" }).waitFor();
    await entry(page, "UnmuteAll").waitFor();

    // Quiet hours: a window saved is read back from the service after a refresh; removing it clears them.
    await page.getByRole("button", { name: "Add window" }).click();
    const window1 = page.getByRole("group", { name: "Window 1" });
    await window1.getByLabel("Time zone").fill("Asia/Shanghai");
    await window1.getByRole("checkbox", { name: "Sun" }).uncheck();
    await page.getByRole("button", { name: "Save quiet hours" }).click();
    await status(page, "Quiet hours saved (1).");
    const info = (await (
      await fetch(`${ORIGIN}/v4/group_open_http_svc/get_group_info?${DEMO_QUERY}`, {
        method: "POST",
        body: JSON.stringify({ GroupIdList: [groupId] }),
      })
    ).json()) as { GroupInfo: { MuteAllSchedule?: unknown }[] };
    expect(info.GroupInfo[0]?.MuteAllSchedule).toEqual([
      { Days: [1, 2, 3, 4, 5, 6], Start: "22:00", End: "07:00", TimeZone: "Asia/Shanghai" },
    ]);
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    expect(await window1.getByLabel("Time zone").inputValue()).toBe("Asia/Shanghai");
    await page.getByRole("button", { name: "Remove window 1" }).click();
    await page.getByRole("button", { name: "Save quiet hours" }).click();
    await status(page, "Quiet hours cleared.");

    // Sign out forgets the session: the sign-in form is back, nothing was stored.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Secret key").waitFor();
    expect(await inPage(page, "localStorage.length + sessionStorage.length + document.cookie.length")).toBe(0);

    // Every request went to the service, and none carried the key.
    expect(requests.length).toBeGreaterThan(10);
    for (const r of requests) {
      expect(new URL(r.url).origin, r.url).toBe(ORIGIN);
      expect(r.url + r.body).not.toContain(DEMO_APP.key);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("at 360 px wide, signed in with a pasted UserSig, the group view does not scroll sideways", async () => {
    const context = await browser!.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const { page, requests, errors } = await watchedPage(context);
    await page.goto(`${ORIGIN}/console`);
    const usersig = new Api(DEMO_APP.sdkappid, DEMO_APP.key).genUserSig(DEMO_APP.admin, 600);
    await page.getByLabel("UserSig").fill(usersig);
    // The UserSig names its app and identifier: the form takes them from it.
    await vi.waitFor(async () =>
      expect(await page.getByLabel("SDKAppID").inputValue()).toBe(String(DEMO_APP.sdkappid)),
    );
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("tab", { name: "Group view" }).click();
    await page.getByLabel("Group", { exact: true }).selectOption(groupId);
    await row(page, "Members", "bob").waitFor();
    await page.waitForLoadState("networkidle");
    expect(await inPage<number>(page, SCROLL_WIDTH)).toBeLessThanOrEqual(360);
    await page.getByRole("tab", { name: "API explorer" }).click();
    await page.getByLabel("Command").waitFor();
    expect(await inPage<number>(page, SCROLL_WIDTH)).toBeLessThanOrEqual(360);
    for (const r of requests) expect(new URL(r.url).origin, r.url).toBe(ORIGIN);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works from the keyboard, and drops a mute that is over by the time its list arrives", async () => {
    const context = await browser!.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, errors } = await watchedPage(context);
    await page.goto(`${ORIGIN}/console`);
    const usersig = new Api(DEMO_APP.sdkappid, DEMO_APP.key).genUserSig(DEMO_APP.admin, 600);

    // Sign in with keys only: focus starts in SDKAppID; Tab past Identifier and Secret key to UserSig.
    await page.keyboard.type(String(DEMO_APP.sdkappid));
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.insertText(usersig);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    // Focus is on the first tab; the arrow key moves to the group view.
    await page.keyboard.press("ArrowRight");
    await page.getByRole("tab", { name: "Group view", selected: true }).waitFor();
    // The live channel's news of the mute that follows comes late as well: its end is past on arrival.
    await page.routeWebSocket(/\/v4\/group_live\/connect/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        const frame = typeof message === "string" ? JSON.parse(message) : null;
        if (frame?.Change !== "Mute") return ws.send(message);
        for (const e of frame.MemberChangeInfoList) e.MuteUntil = Math.floor(Date.now() / 1000) - 1;
        ws.send(JSON.stringify(frame));
      });
    });
    const picker = page.getByLabel("Group", { exact: true });
    await picker.locator(`option[value="${groupId}"]`).waitFor({ state: "attached" });
    await picker.focus();
    await picker.selectOption(groupId);
    await page.getByText("Live updates: connected").waitFor();
    await page.getByRole("checkbox", { name: "Select eve" }).focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Mute for (seconds)").focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("60");

    // The muted list that a read brings (with the live channel down) arrives when eve's mute is already over
    // (as after a slow network, or with a page clock ahead): the console must not show her, not even with a
    // countdown stuck at its end.
    await page.route("**/get_group_muted_account?**", async (route) => {
      const response = await route.fetch();
      const answer = (await response.json()) as { MutedAccountList?: { MutedUntil: number }[] };
      for (const e of answer.MutedAccountList ?? []) e.MutedUntil = Math.floor(Date.now() / 1000) - 1;
      await route.fulfill({ response, json: answer });
    });
    // The rows of the muted list as they are once a row for eve has been put in (observed in the page).
    const rowsAfterEve = inPage<string[]>(page, ROWS_AFTER_EVE);
    await page.getByRole("button", { name: "Mute selected", exact: true }).focus();
    await page.keyboard.press("Enter");
    await status(page, "Muted eve for 60 seconds");
    expect(await rowsAfterEve).toEqual([]);
    await page.getByText("Nobody is muted in this group.").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
