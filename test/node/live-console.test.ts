/**
 * The console's live side in a real browser, around a real `wrangler dev`: one page signed in as
 * the app admin on the group view, one as a member (bob) on the member view, each holding its own
 * socket of the live channel. The admin mutes bob for 5 s with a reason: bob's page shows the
 * banner with the reason within a second, with no reload, and his send is refused with 10017. At
 * the mute's end the banner goes by itself, his next send is taken, and the message shows on the
 * admin's page; the admin's history gets the Expire from its Tips, with no read; and
 * mute-all switched by another caller shows on both pages within a second. All the while:
 * the sockets go to the service's origin (the CSP's connect-src 'self' lets them), no page logs an
 * error or a CSP violation, the member's page fits 360 px and names every control, and the key is
 * nowhere in it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// Not the ranges of the other tests in test/node, which may run at the same time.
const PORT = 19050 + Math.floor(Math.random() * 50);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const persist = mkdtempSync(join(tmpdir(), "mute-live-console-"));
const groupId = `live-console-${PORT}-${Date.now()}`;

let dev: WranglerDev | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dev = startWranglerDev(PORT, persist);
  const ready = waitUntilServing(dev, `${ORIGIN}/v4/group_open_http_svc`, DEMO_QUERY);
  browser = await launchChromium();
  await ready;
  const created = await fetch(`${ORIGIN}/v4/group_open_http_svc/create_group?${DEMO_QUERY}`, {
    method: "POST",
    body: JSON.stringify({
      Type: "Public",
      Name: "Live desk",
      GroupId: groupId,
      Owner_Account: "leckie",
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "eve" }],
    }),
  });
  expect(await created.json()).toMatchObject({ ErrorCode: 0 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (dev) killWranglerDev(dev);
  rmSync(persist, { recursive: true, force: true });
});

const row = (page: Page, tableName: string, ...texts: string[]) =>
  texts.reduce(
    (rows, text) => rows.filter({ hasText: text }),
    page.getByRole("table", { name: tableName }).getByRole("row"),
  );
const entry = (page: Page, action: string, ...texts: string[]) =>
  row(page, "Mute history", ...texts).filter({ has: page.getByRole("rowheader", { name: action, exact: true }) });
const log = (page: Page, name: string) => page.getByRole("log", { name });

describe("the console's live channel in a browser", () => {
  it("mutes a member from the admin's page: the member's page shows it, refuses, and clears it by itself", async () => {
    const adminContext = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await watchedPage(adminContext);
    const memberContext = await browser!.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const member = await watchedPage(memberContext);

    // The admin, on the group view of the group.
    await admin.page.goto(`${ORIGIN}/console`);
    await admin.page.getByLabel("SDKAppID").fill(String(DEMO_APP.sdkappid));
    await admin.page.getByLabel("Identifier").fill(DEMO_APP.admin);
    await admin.page.getByLabel("Secret key").fill(DEMO_APP.key);
    await admin.page.getByRole("button", { name: "Sign in" }).click();
    await admin.page.getByRole("tab", { name: "Group view" }).click();
    await admin.page.getByLabel("Group", { exact: true }).selectOption(groupId);
    await admin.page.getByText("Live updates: connected").waitFor();
    await row(admin.page, "Members", "bob").waitFor();

    // bob, on the member view, by the link from the sign-in (the key signs his own UserSig in the page).
    await member.page.goto(`${ORIGIN}/console`);
    await member.page.getByRole("link", { name: "Sign in as a member of a group instead" }).click();
    await member.page.getByRole("heading", { name: "Member view" }).waitFor();
    await member.page.getByLabel("SDKAppID").fill(String(DEMO_APP.sdkappid));
    await member.page.getByLabel("Identifier").fill("bob");
    await member.page.getByLabel("Group ID").fill(groupId);
    await member.page.getByLabel("Secret key").fill(DEMO_APP.key);
    await member.page.getByRole("button", { name: "Open the group" }).click();
    await member.page.getByText("Live updates: connected").waitFor();
    const banner = member.page.getByRole("region", { name: "You are muted" });
    expect(await banner.count()).toBe(0);
    const message = member.page.getByLabel("Message", { exact: true });
    const sendError = member.page.locator(".field-error");

    // A send is taken and shows on both pages (Enter sends).
    await message.fill("hello from bob");
    await message.press("Enter");
    await status(member.page, "Sent (MsgSeq");
    await log(member.page, `Messages in ${groupId}`).getByText("hello from bob").waitFor();
    await log(admin.page, "Messages in the group").getByText("hello from bob").waitFor();

    // The admin mutes bob for 5 s with a reason: his banner shows it within a second, with no reload.
    await admin.page.getByRole("checkbox", { name: "Select bob" }).check();
    await admin.page.getByLabel("Mute for (seconds)").fill("5");
    await admin.page.getByLabel("Reason (optional)").fill("spam links");
    await admin.page.getByRole("button", { name: "Mute selected", exact: true }).click();
    await status(admin.page, "Muted bob for 5 seconds");
    await banner.waitFor({ timeout: 1000 });
    expect(await banner.textContent()).toContain("Reason: spam links.");
    expect(await banner.locator(".countdown").textContent()).toMatch(/^[1-5]s$/);
    // The admin's muted list has him from the Tips.
    await row(admin.page, "Muted now", "bob", "spam links").waitFor();

    // His send is refused with the service's 10017 and its text; the message stays in the box.
    await message.fill("am I muted?");
    await member.page.getByRole("button", { name: "Send", exact: true }).click();
    await sendError.filter({ hasText: "ErrorCode 10017" }).waitFor();
    expect(await sendError.textContent()).toContain("spam links");
    expect(await message.inputValue()).toBe("am I muted?");
    expect(await message.getAttribute("aria-invalid")).toBe("true");

    // At the end the banner goes by itself (the real 5 s: a wall-clock wait), and the next send is taken.
    await banner.waitFor({ state: "hidden", timeout: 7000 });
    await status(member.page, "Your mute is over");
    await message.fill("free again");
    await member.page.getByRole("button", { name: "Send", exact: true }).click();
    await status(member.page, "Sent (MsgSeq");
    expect(await sendError.textContent()).toBe("");
    await log(admin.page, "Messages in the group").getByText("free again").waitFor();
    await row(admin.page, "Muted now", "bob").waitFor({ state: "detached" });

    // The Expire comes as Tips once the alarm ran: the admin's history shows it with no read, and bob's
    // banner stays gone.
    const historyReads = () => admin.requests.filter((r) => r.url.includes("/get_group_mute_history?")).length;
    const readsBefore = historyReads();
    await entry(admin.page, "Expire", "bob").waitFor({ timeout: 20_000 });
    await log(member.page, `Messages in ${groupId}`).getByText("The mute ran out for bob.").waitFor();
    expect(historyReads()).toBe(readsBefore);
    expect(await banner.count()).toBe(0);
    expect(await entry(admin.page, "Mute", "bob", "spam links").count()).toBe(1);

    // Mute-all switched by another caller reaches both pages live: bob's banner, the admin's button.
    const muteAll = async (MuteAllMember: string) => {
      const url = `${ORIGIN}/v4/group_open_http_svc/modify_group_base_info?${DEMO_QUERY}`;
      const answer = await fetch(url, { method: "POST", body: JSON.stringify({ GroupId: groupId, MuteAllMember }) });
      expect(await answer.json()).toMatchObject({ ErrorCode: 0 });
    };
    const allBanner = member.page.getByText("Mute all is on: only the owner and admins can send.");
    await muteAll("On");
    await allBanner.waitFor({ timeout: 1000 });
    await admin.page.getByRole("button", { name: "Turn mute-all off" }).waitFor({ timeout: 1000 });
    await muteAll("Off");
    await allBanner.waitFor({ state: "hidden", timeout: 1000 });
    await admin.page.getByRole("button", { name: "Turn mute-all on" }).waitFor({ timeout: 1000 });

    // The member's page: every control named, no sideways scroll at 360 px, the key nowhere.
    expect(await inPage<string[]>(member.page, UNNAMED_CONTROLS)).toEqual([]);
    expect(await inPage<number>(member.page, SCROLL_WIDTH)).toBeLessThanOrEqual(360);
    const stored = await inPage<string>(
      member.page,
      `JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie, document.body.outerHTML,
        Array.from(document.querySelectorAll("input, textarea"), (e) => e.value)])`,
    );
    expect(stored).not.toContain(DEMO_APP.key);

    // Sign out closes the socket and shows the member's sign-in again.
    await member.page.getByRole("button", { name: "Sign out" }).click();
    await member.page.getByRole("button", { name: "Open the group" }).waitFor();

    for (const { requests, sockets, errors } of [admin, member]) {
      for (const r of requests) {
        expect(new URL(r.url).origin, r.url).toBe(ORIGIN);
        expect(r.url + r.body).not.toContain(DEMO_APP.key);
      }
      expect(sockets.length).toBeGreaterThan(0);
      for (const url of sockets) {
        expect(new URL(url).host, url).toBe(new URL(ORIGIN).host);
        expect(url).not.toContain(DEMO_APP.key);
      }
      expect(errors).toEqual([]);
    }
    await adminContext.close();
    await memberContext.close();
  });

  it("tells a member who is not in the group why the channel refused, and stays on the sign-in", async () => {
    const context = await browser!.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, errors } = await watchedPage(context);
    await page.goto(`${ORIGIN}/console#member`);
    await page.getByLabel("SDKAppID").fill(String(DEMO_APP.sdkappid));
    await page.getByLabel("Identifier").fill("mallory");
    await page.getByLabel("Group ID").fill(groupId);
    await page.getByLabel("Secret key").fill(DEMO_APP.key);
    await page.getByLabel("Secret key").press("Enter");
    await status(page, "ErrorCode 10007");
    await page.getByRole("button", { name: "Open the group" }).waitFor();
    // The link goes back to the admin's sign-in.
    await page.getByRole("link", { name: "Sign in as an app admin instead" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
