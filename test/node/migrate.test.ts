/**
 * `npm run migrate` end to end, between two `wrangler dev` of this service (distinct ports and
 * storage): the source stands in for Tencent, seeded with groups of every kind (imported with past
 * times, and created now), members with roles, mutes with reasons, mute-all and messages. Three runs
 * are interrupted on purpose, each just after the target took a write the state file has not
 * recorded (the worst moment: an import_group, a batch of import_group_msg, a forbid_send_msg);
 * the CLI then finishes the copy, and every group, member, mute and message is compared on both
 * sides, with nothing copied twice. A last run finds nothing to do.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../tools/migrate/client";
import { type MigrateOptions, type MigrateResult, runMigration } from "../../tools/migrate/migrate";
import { signUserSig } from "../../tools/migrate/usersig";
import { DEMO_APP, SECOND_APP, type TestApp } from "../fixtures/apps";
import {
  DEMO_QUERY,
  killWranglerDev,
  startWranglerDev,
  type WranglerDev,
  waitUntilServing,
} from "../fixtures/wrangler-dev";

// Not the ranges of the other Node tests, which may run at the same time.
const SOURCE_PORT = 19300 + Math.floor(Math.random() * 50);
const TARGET_PORT = 19350 + Math.floor(Math.random() * 50);
const SOURCE_URL = `http://127.0.0.1:${SOURCE_PORT}`;
const TARGET_URL = `http://127.0.0.1:${TARGET_PORT}`;
const dirs = { source: mkdtempSync(join(tmpdir(), "mute-src-")), target: mkdtempSync(join(tmpdir(), "mute-dst-")) };
const work = mkdtempSync(join(tmpdir(), "mute-migrate-"));
const STATE = join(work, "state.json");
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);

let source: WranglerDev;
let target: WranglerDev;

/** A caller of one instance as `app`'s admin, signing its UserSig as the tool does. */
function caller(url: string, app: TestApp) {
  return async (command: string, body: unknown, service = "group_open_http_svc"): Promise<Answer> => {
    const query = new URLSearchParams({
      sdkappid: String(app.sdkappid),
      identifier: app.admin,
      usersig: signUserSig(app.sdkappid, app.admin, app.key, Math.floor(Date.now() / 1000), 3600),
      random: "7",
    });
    const response = await fetch(`${url}/v4/${service}/${command}?${query}`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  };
}
const src = caller(SOURCE_URL, DEMO_APP);
const dst = caller(TARGET_URL, SECOND_APP);

async function ok(call: typeof src, command: string, body: unknown, service?: string): Promise<Answer> {
  const answer = await call(command, body, service);
  if (answer.ErrorCode !== 0) throw new Error(`${command} ${JSON.stringify(body)}: ${JSON.stringify(answer)}`);
  return answer;
}

const text = (t: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text: t } }];

/** The groups of the source, by what each shows. */
const G = {
  pub: "pub-seed",
  priv: "@TGS#2SRCPRIV",
  chat: "chat-seed",
  comm: "@TGS#_comm-seed",
  av: "av-seed",
  conflict: "conflict-seed",
  b: "b-seed",
};

/** Imports `n` messages in batches of seven, three to a second (ties keep their order). */
async function importMessages(GroupId: string, n: number, from: string[], start: number): Promise<void> {
  const all = Array.from({ length: n }, (_, i) => ({
    From_Account: from[i % from.length]!,
    SendTime: start + Math.floor(i / 3) * 10,
    Random: 1000 + i,
    MsgBody: i % 5 === 0 ? [{ MsgType: "TIMFaceElem", MsgContent: { Index: i, Data: "face" } }] : text(`m${i} ✓`),
    ...(i % 4 === 0 ? { CloudCustomData: `cd-${i}` } : {}),
  }));
  for (let i = 0; i < all.length; i += 7) {
    const answer = await ok(src, "import_group_msg", { GroupId, MsgList: all.slice(i, i + 7) });
    expect((answer.ImportMsgResult as { Result: number }[]).every((r) => r.Result === 0)).toBe(true);
  }
}

async function seedSource(): Promise<void> {
  // A Public group imported with its past: admins, members joined over days, 40 messages, 3 sent now.
  await ok(src, "import_group", {
    Type: "Public",
    GroupId: G.pub,
    Name: "Public ✓",
    Owner_Account: "olivia",
    Introduction: "intro",
    Notification: "notice",
    FaceUrl: "https://example.com/f.png",
    MaxMemberCount: 300,
    ApplyJoinOption: "FreeAccess",
    AppDefinedData: [{ Key: "k1", Value: "v1" }],
    CreateTime: NOW - 30 * DAY,
  });
  const members = [
    { Member_Account: "adam", Role: "Admin", JoinTime: NOW - 29 * DAY },
    { Member_Account: "ada", Role: "Admin", JoinTime: NOW - 29 * DAY },
    ...Array.from({ length: 25 }, (_, i) => ({ Member_Account: `m${i}`, JoinTime: NOW - 28 * DAY + i * 60 })),
  ];
  await ok(src, "import_group_member", { GroupId: G.pub, MemberList: members });
  await importMessages(G.pub, 40, ["olivia", "m0", "m1", "adam", "m2"], NOW - 20 * DAY);
  for (const [i, from] of ["m1", "m2", "m3"].entries()) {
    await ok(src, "send_group_msg", { GroupId: G.pub, From_Account: from, Random: 9000 + i, MsgBody: text("now") });
  }
  await ok(src, "forbid_send_msg", { GroupId: G.pub, Members_Account: ["m1", "m2"], MuteTime: 600, Reason: "spam" });
  await ok(src, "forbid_send_msg", { GroupId: G.pub, Members_Account: ["m3"], MuteTime: 4294967295 });
  await ok(src, "forbid_send_msg", { GroupId: G.pub, Members_Account: ["gone"], MuteTime: 900, Reason: "left" });
  await ok(src, "modify_group_base_info", { GroupId: G.pub, MuteAllMember: "On" });

  // A Private group under an ID of Tencent's generated shape.
  await ok(src, "import_group", {
    Type: "Private",
    GroupId: G.priv,
    Name: "p",
    Owner_Account: "pat",
    CreateTime: NOW - 10 * DAY,
  });
  const privMembers = ["p1", "p2", "p3"].map((a, i) => ({ Member_Account: a, JoinTime: NOW - 9 * DAY + i }));
  await ok(src, "import_group_member", { GroupId: G.priv, MemberList: privMembers });
  await importMessages(G.priv, 10, ["pat", "p1"], NOW - 8 * DAY);

  // A ChatRoom made now, as an app makes its groups, with its messages and a mute.
  await ok(src, "create_group", {
    Type: "ChatRoom",
    GroupId: G.chat,
    Name: "chat",
    Owner_Account: "carl",
    MemberList: [{ Member_Account: "cadmin", Role: "Admin" }, { Member_Account: "c1" }, { Member_Account: "c2" }],
  });
  for (let i = 0; i < 5; i++) {
    await ok(src, "send_group_msg", { GroupId: G.chat, From_Account: "c1", Random: 500 + i, MsgBody: text(`c${i}`) });
  }
  await ok(src, "forbid_send_msg", { GroupId: G.chat, Members_Account: ["c1"], MuteTime: 300, Reason: "flood" });

  // A Community with topics (one of them: its topics are not copied), members by Next.
  await ok(src, "import_group", {
    Type: "Community",
    GroupId: G.comm,
    Name: "comm",
    SupportTopic: 1,
    CreateTime: NOW - 5 * DAY,
  });
  const commMembers = Array.from({ length: 8 }, (_, i) => ({ Member_Account: `k${i}`, JoinTime: NOW - 4 * DAY + i }));
  await ok(src, "import_group_member", { GroupId: G.comm, MemberList: commMembers });
  await importMessages(G.comm, 9, ["k0", "k1"], NOW - 3 * DAY);
  await ok(src, "create_topic", { GroupId: G.comm, TopicName: "news" }, "million_group_open_http_svc");

  // An AVChatRoom: no members, no history, but mutes and mute-all.
  await ok(src, "create_group", { Type: "AVChatRoom", GroupId: G.av, Name: "live", Owner_Account: "host" });
  await ok(src, "forbid_send_msg", { GroupId: G.av, Members_Account: ["viewer1"], MuteTime: 600, Reason: "troll" });
  await ok(src, "modify_group_base_info", { GroupId: G.av, MuteAllMember: "On" });

  // A group whose ID someone else already holds in the target; a BChatRoom with messages.
  await ok(src, "create_group", { Type: "Public", GroupId: G.conflict, Name: "mine" });
  await ok(dst, "create_group", { Type: "ChatRoom", GroupId: G.conflict, Name: "theirs" });
  await ok(src, "create_group", { Type: "BChatRoom", GroupId: G.b, Name: "broadcast" });
  for (let i = 0; i < 2; i++) await ok(src, "send_group_msg", { GroupId: G.b, Random: i, MsgBody: text(`b${i}`) });
}

const options = (extra: Partial<MigrateOptions> = {}): MigrateOptions => ({
  source: {
    baseUrl: SOURCE_URL,
    sdkappid: DEMO_APP.sdkappid,
    identifier: DEMO_APP.admin,
    key: DEMO_APP.key,
    rate: 200,
  },
  target: {
    baseUrl: TARGET_URL,
    sdkappid: SECOND_APP.sdkappid,
    identifier: SECOND_APP.admin,
    key: SECOND_APP.key,
    rate: 200,
  },
  statePath: STATE,
  maxMessages: 1000,
  concurrency: 1,
  out: { write: () => true, isTTY: false },
  ...extra,
});

/** An in-process run stopped just after the target answered the `nth` call of `command`. */
async function interruptedAt(command: string, nth: number): Promise<MigrateResult> {
  const stop = new AbortController();
  let seen = 0;
  const result = await runMigration(
    options({
      signal: stop.signal,
      onAnswer: (side, c, _body, answer) => {
        if (side === "target" && c === command && answer.ErrorCode === 0 && ++seen === nth) stop.abort();
      },
    }),
  );
  expect(seen).toBe(nth);
  expect(result.interrupted).toBe(true);
  return result;
}

/** `npm run -s migrate` as an operator runs it: keys from the environment, no terminal. */
function cli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const flags = [
    ...["--source-url", SOURCE_URL, "--source-sdkappid", String(DEMO_APP.sdkappid)],
    ...["--source-identifier", DEMO_APP.admin, "--target-url", TARGET_URL],
    ...["--target-sdkappid", String(SECOND_APP.sdkappid), "--target-identifier", SECOND_APP.admin],
    ...["--state", STATE, "--concurrency", "3"],
  ];
  const child = spawn("npm", ["run", "-s", "migrate", "--", ...flags], {
    env: { ...process.env, MIGRATE_SOURCE_KEY: DEMO_APP.key, MIGRATE_TARGET_KEY: SECOND_APP.key },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** Everything a caller reads of a group, to compare the two sides. */
async function read(call: typeof src, GroupId: string) {
  const info = (await ok(call, "get_group_info", { GroupIdList: [GroupId] })).GroupInfo as Record<string, unknown>[];
  // The target's app is another (Appid), and its LastInfoTime is when the copy last changed it.
  const { LastInfoTime: _changed, Appid: _app, ...profile } = info[0]!;
  const listed = (await call("get_group_member_info", { GroupId, MemberInfoFilter: ["Role", "JoinTime"] })).MemberList;
  const muted = (await ok(call, "get_group_muted_account", { GroupId })).MutedAccountList as Record<string, number>[];
  const messages: unknown[] = [];
  for (let upTo = (profile.NextMsgSeq as number) - 1; upTo >= 1; upTo -= 20) {
    const page = await call("group_msg_get_simple", { GroupId, ReqMsgSeq: upTo, ReqMsgNumber: 20 });
    if (page.ErrorCode === 10007) break; // an AVChatRoom keeps none
    messages.push(...(page.RspMsgList as unknown[]));
  }
  return { profile, members: listed ?? null, muted, messages };
}

beforeAll(async () => {
  source = startWranglerDev(SOURCE_PORT, dirs.source, {}, {}, SOURCE_PORT + 1000);
  target = startWranglerDev(TARGET_PORT, dirs.target, {}, {}, TARGET_PORT + 1000);
  await Promise.all([
    waitUntilServing(source, `${SOURCE_URL}/v4/group_open_http_svc`, DEMO_QUERY),
    waitUntilServing(target, `${TARGET_URL}/v4/group_open_http_svc`, DEMO_QUERY),
  ]);
  await seedSource();
}, 120_000);

afterAll(() => {
  killWranglerDev(source);
  killWranglerDev(target);
  for (const dir of [...Object.values(dirs), work]) rmSync(dir, { recursive: true, force: true });
});

describe("npm run migrate between two instances of the service", () => {
  it("copies every group, member, mute and message through three interruptions, once each", async () => {
    const state = () => JSON.parse(readFileSync(STATE, "utf8")).groups[G.pub];
    const targetSeq = async () =>
      ((await ok(dst, "get_group_info", { GroupIdList: [G.pub] })).GroupInfo as { NextMsgSeq: number }[])[0]!
        .NextMsgSeq - 1;
    // Stopped after the target created the first group, before the state knew: the next run meets its 10021.
    await interruptedAt("import_group", 1);
    expect(state().step).toBe("profile");
    expect(await targetSeq()).toBe(0);
    // Stopped after the third batch of messages went in, unrecorded: the state has two batches and the third under way.
    await interruptedAt("import_group_msg", 3);
    expect(state()).toMatchObject({ step: "messages", messages: { lastSourceSeq: 14, targetSeq: 14, sending: 21 } });
    expect(await targetSeq()).toBe(21);
    // Stopped after the first mute went in, unrecorded.
    const third = await interruptedAt("forbid_send_msg", 1);
    expect(third.done).toBe(0);
    expect(state()).toMatchObject({ step: "mutes", copied: { messages: 43, members: 27, mutes: 0 } });

    const started = Date.now();
    const run = await cli();
    console.log(`migrate: the CLI's run took ${Date.now() - started} ms (npm and esbuild included): ${run.stdout}`);
    expect(run.code).toBe(1);
    // Not on a terminal: a plain line per group; the report lists exactly the groups not copied cleanly.
    expect(run.stderr).toMatch(/^\[7\/7\] .*: copied/m);
    const report = run.stdout.trim().split("\n");
    expect(report[0]).toMatch(/^4 of 7 groups copied cleanly \(7 done in all; this run: 7 groups/);
    expect(report.slice(1).sort()).toEqual(
      [
        `${G.b}: its 2 messages are not copied: a BChatRoom cannot be imported, so its history starts now`,
        `${G.comm}: its 1 topics are not copied`,
        `${G.conflict}: the GroupId is taken in the target by another group; not copied`,
      ].sort(),
    );

    for (const GroupId of [G.pub, G.priv, G.chat, G.comm, G.av]) {
      const [from, to] = await Promise.all([read(src, GroupId), read(dst, GroupId)]);
      // The AVChatRoom is made now (Tencent's import refuses its type): all but its CreateTime is the same.
      const { CreateTime: fromCreated, ...fromProfile } = from.profile;
      const { CreateTime: toCreated, ...toProfile } = to.profile;
      expect(toProfile, GroupId).toEqual(fromProfile);
      if (GroupId !== G.av) expect(toCreated, GroupId).toBe(fromCreated);
      expect(to.members, GroupId).toEqual(from.members);
      expect(to.messages, GroupId).toEqual(from.messages);
      expect(
        to.muted.map(({ MutedUntil: _, ...m }) => m),
        GroupId,
      ).toEqual(from.muted.map(({ MutedUntil: _, ...m }) => m));
      for (const [i, m] of to.muted.entries())
        expect(Math.abs(m.MutedUntil! - from.muted[i]!.MutedUntil!)).toBeLessThanOrEqual(2);
    }
    const pub = await read(dst, G.pub);
    expect(pub.messages).toHaveLength(43);
    expect(pub.profile).toMatchObject({ MemberNum: 28, MuteAllMember: "On", NextMsgSeq: 44 });
    expect(pub.muted.map((m) => [m.Member_Account, m.Reason])).toEqual([
      ["gone", "left"],
      ["m1", "spam"],
      ["m2", "spam"],
      ["m3", undefined],
    ]);
    // Each mute was applied once, though the run that made the first stopped before recording it.
    for (const account of ["m1", "m2", "m3", "gone"]) {
      const history = await ok(dst, "get_group_mute_history", { GroupId: G.pub, Member_Account: account });
      expect(
        (history.HistoryList as { Action: string }[]).map((h) => h.Action),
        account,
      ).toEqual(["Mute"]);
    }
    // The group someone else held is as it was.
    expect((await read(dst, G.conflict)).profile).toMatchObject({ Type: "ChatRoom", Name: "theirs" });
  }, 120_000);

  it("a run after the end finds nothing to do, and changes nothing", async () => {
    const before = await Promise.all(Object.values(G).map((g) => read(dst, g)));
    const again = await runMigration(options());
    expect(again).toMatchObject({
      interrupted: false,
      total: 7,
      done: 7,
      counts: { members: 0, mutes: 0, messages: 0 },
    });
    expect(again.notClean.map((g) => g.groupId).sort()).toEqual([G.b, G.comm, G.conflict].sort());
    expect(await Promise.all(Object.values(G).map((g) => read(dst, g)))).toEqual(before);
  }, 60_000);
});
