import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { GONE_KEPT_MS } from "../../src/app/directory";
import {
  appStub,
  asApp,
  call,
  captureFaults,
  createGroup,
  fail,
  groupStub,
  listedGroups,
  listsGroup,
  mute,
  OK,
  rpcAnswer,
  SECOND_APP,
  T0,
  type TestClock,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const list = (body: Record<string, unknown>) => call("get_appid_group_list", body);

/** A real storage fault in the app's directory: its table is out of reach until `healDirectory`. */
const breakDirectory = () =>
  runInDurableObject(appStub(), (_i, s) => void s.storage.sql.exec("ALTER TABLE directory RENAME TO directory_away"));
const healDirectory = () =>
  runInDurableObject(appStub(), (_i, s) => void s.storage.sql.exec("ALTER TABLE directory_away RENAME TO directory"));
const alarmOf = (groupId: string) => runInDurableObject(groupStub(groupId), (_i, s) => s.storage.getAlarm());

/** What the app object logs for a change it cannot write while the directory is broken. */
const appFault = (action: "register" | "unregister") => ({
  event: `${action}_failed`,
  error: "Error: no such table: directory: SQLITE_ERROR",
});
/** Why the group's telling failed, as it logs it: the app object's refusal. */
const REFUSED = "Error: the app object refused: internal error; safe to retry";
/** The fault lines of a call's telling while the directory is broken: the app object's, then the group's. */
const failedTelling = (group: string, action: "register" | "unregister") => [
  appFault(action),
  { event: "directory_sync_failed", group, action, error: REFUSED },
];

describe("get_appid_group_list", () => {
  it("answers Tencent's request examples: {}, Limit and Next, and the GroupType filter", async () => {
    const o = await asApp(SECOND_APP);
    const pub = await createGroup({ Type: "Public" }, o);
    const work = await createGroup({ Type: "Work" }, o);
    const both = { ...OK, TotalCount: 2, GroupIdList: [{ GroupId: pub }, { GroupId: work }], Next: 0 };
    expect(await call("get_appid_group_list", {}, o)).toEqual(both);
    expect(await call("get_appid_group_list", { Limit: 1000, Next: 0 }, o)).toEqual(both);
    expect(await call("get_appid_group_list", { Limit: 1000, Next: 0, GroupType: "Public" }, o)).toEqual({
      ...OK,
      TotalCount: 1,
      GroupIdList: [{ GroupId: pub }],
      Next: 0,
    });
    // The SDKs' nulls for what they do not set, and the Go SDK's misnamed filter ("Type"), change nothing.
    expect(
      await call("get_appid_group_list", { Limit: null, Next: null, GroupType: null, Type: "AVChatRoom" }, o),
    ).toEqual(both);
  });

  it("pages in creation order with Next; TotalCount is the whole list whatever the page", async () => {
    const before = await listedGroups();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await createGroup());
    const total = before.length + 5;

    const seen: string[] = [];
    let next = 0;
    let pages = 0;
    do {
      const page = await list({ Limit: 2, Next: next });
      expect(page).toMatchObject({ ...OK, TotalCount: total });
      expect(page.GroupIdList.length).toBeLessThanOrEqual(2);
      seen.push(...page.GroupIdList.map((g: { GroupId: string }) => g.GroupId));
      // A JSON number that every SDK's 32-bit integer holds.
      expect(Number.isInteger(page.Next) && page.Next >= 0 && page.Next < 2 ** 31).toBe(true);
      next = page.Next;
      pages++;
    } while (next !== 0);
    expect(seen).toEqual([...before, ...created]);
    expect(pages).toBe(Math.ceil(total / 2));
  });

  it("a group created during paging is on a later page; a cursor past the end is an empty last page", async () => {
    await createGroup();
    const first = await list({ Limit: 1 });
    expect(first.Next).not.toBe(0);
    const late = await createGroup();
    expect((await listedGroups()).at(-1)).toBe(late);
    expect(await list({ Next: 2 ** 31 - 1 })).toEqual({
      ...OK,
      TotalCount: first.TotalCount + 1,
      GroupIdList: [],
      Next: 0,
    });
    // Tencent's own cursors are 64-bit numbers: taken, and past every group here.
    expect(await list({ Next: 4454685361 })).toMatchObject({ ...OK, GroupIdList: [], Next: 0 });
  });

  it("filters by type: Work is listed as Private and Meeting as ChatRoom, under either name", async () => {
    const before = {
      Private: await listedGroups({ GroupType: "Private" }),
      ChatRoom: await listedGroups({ GroupType: "ChatRoom" }),
      Community: await listedGroups({ GroupType: "Community" }),
    };
    const priv = await createGroup({ Type: "Private" });
    const work = await createGroup({ Type: "Work" });
    const meeting = await createGroup({ Type: "Meeting" });
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await listedGroups({ GroupType: "Private" })).toEqual([...before.Private, priv, work]);
    expect(await listedGroups({ GroupType: "Work" })).toEqual([...before.Private, priv, work]);
    expect(await listedGroups({ GroupType: "Meeting" })).toEqual([...before.ChatRoom, meeting]);
    expect(await listedGroups({ GroupType: "Community" })).toEqual(before.Community);
    expect((await list({ GroupType: "AVChatRoom" })).GroupIdList).toContainEqual({ GroupId: av });
    expect((await list({ GroupType: "Work" })).TotalCount).toBe(before.Private.length + 2);
  });

  it("lists generated IDs; a destroyed group goes, one created again comes back once, at the end", async () => {
    const created = await call("create_group", { Type: "Public", Name: "generated" });
    expect(created).toMatchObject(OK);
    expect(await listsGroup(created.GroupId)).toBe(true);

    const g = await createGroup();
    const other = await createGroup();
    expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    expect(await listsGroup(g)).toBe(false);
    clock.advance(1);
    await createGroup({ GroupId: g });
    const ids = await listedGroups();
    expect(ids.filter((id) => id === g)).toEqual([g]);
    expect(ids.indexOf(g)).toBeGreaterThan(ids.indexOf(other));
  });

  it.each([
    [{ Limit: 10001 }, "Limit: must be at most 10000"],
    [{ Limit: -1 }, "Limit: must not be negative"],
    [{ Limit: 1.5 }, "Limit: must be an integer"],
    [{ Limit: "10" }, "Limit: must be a number, not string"],
    [{ Next: -1 }, "Next: must not be negative"],
    [{ Next: "0" }, "Next: must be a number, not string"],
    [
      { GroupType: "Bogus" },
      "GroupType: must be one of Public, Private, Work, ChatRoom, Meeting, AVChatRoom, BChatRoom, Community",
    ],
  ])("refuses %j with 10004 naming the field", async (body, info) => {
    expect(await list(body)).toEqual({ ...fail(10004), ErrorInfo: info });
  });

  it("Limit 0, like none, is the largest page", async () => {
    const all = await list({});
    expect(await list({ Limit: 0 })).toEqual(all);
  });
});

describe("the directory is never wrong for long: a crash between the group's write and the directory's", () => {
  it("a group created while the directory fails is listed once its alarm tells it, after a restart too", async () => {
    await breakDirectory();
    const { value: g, faults } = await captureFaults(async () => {
      const g = await createGroup();
      // The group exists and works; the directory did not take it.
      expect(await mute(g, ["bob"], 60)).toEqual(OK);
      return g;
    });
    expect(faults).toEqual(failedTelling(g, "register"));
    await healDirectory();
    expect(await listsGroup(g)).toBe(false);
    expect(await alarmOf(g)).toBe(T0 * 1000 + 5000);

    // The crash: every object restarts. What the directory must learn was written with the group.
    await abortAllDurableObjects();
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await listsGroup(g)).toBe(true);
    // Nothing is left to tell: the alarm is back at the mute's expiry.
    expect(await alarmOf(g)).toBe((T0 + 60) * 1000);
  });

  it("a failed telling is retried with backoff until the directory takes it", async () => {
    await breakDirectory();
    const { value: g, faults } = await captureFaults(async () => {
      const g = await createGroup();
      clock.advance(5);
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await alarmOf(g)).toBe((T0 + 7) * 1000);
      clock.advance(2);
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await alarmOf(g)).toBe((T0 + 11) * 1000);
      return g;
    });
    // The create's own telling, then each alarm's, with the backoff it set.
    const retry = (attempt: number, retryInMs: number) => [
      appFault("register"),
      { event: "due_work_failed", kind: "directory-sync", attempt, retryInMs, error: REFUSED },
    ];
    expect(faults).toEqual([...failedTelling(g, "register"), ...retry(1, 2000), ...retry(2, 4000)]);
    await healDirectory();
    clock.advance(4);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await listsGroup(g)).toBe(true);
    expect(await alarmOf(g)).toBeNull();
  });

  it("a group destroyed while the directory fails is gone from the list once the alarm tells it", async () => {
    const g = await createGroup();
    await breakDirectory();
    const { faults } = await captureFaults(async () => {
      expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
      expect(await call("get_group_muted_account", { GroupId: g })).toMatchObject(fail(10010));
    });
    expect(faults).toEqual(failedTelling(g, "unregister"));
    await healDirectory();
    expect(await listsGroup(g)).toBe(true);

    await abortAllDurableObjects();
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await listsGroup(g)).toBe(false);
    expect(await alarmOf(g)).toBeNull();
    // The GroupId is free again.
    await createGroup({ GroupId: g });
    expect(await listsGroup(g)).toBe(true);
  });

  it("created again before its destroy reached the directory: listed, and the old destroy undoes nothing", async () => {
    const g = await createGroup();
    await breakDirectory();
    const { faults } = await captureFaults(async () => {
      expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    });
    expect(faults).toEqual(failedTelling(g, "unregister"));
    clock.advance(1);
    await healDirectory();
    await createGroup({ GroupId: g });
    expect(await listsGroup(g)).toBe(true);
    clock.advance(10);
    await runDurableObjectAlarm(groupStub(g));
    expect(await listsGroup(g)).toBe(true);
  });

  it("lives of a GroupId are ordered: a late or repeated register never brings back a destroyed one", async () => {
    const app = appStub();
    const g = uniqueGroupId("direct");
    expect(rpcAnswer(await app.register(g, "Public", 1000))).toEqual({});
    expect(rpcAnswer(await app.register(g, "Public", 1000))).toEqual({});
    expect((await listedGroups()).filter((id) => id === g)).toEqual([g]);
    expect(rpcAnswer(await app.unregister(g, 1000))).toEqual({});
    expect(rpcAnswer(await app.register(g, "Public", 1000))).toEqual({});
    expect(await listsGroup(g)).toBe(false);
    // An unregister of an older life leaves the newer one listed.
    expect(rpcAnswer(await app.register(g, "Public", 2000))).toEqual({});
    expect(rpcAnswer(await app.unregister(g, 1000))).toEqual({});
    expect(await listsGroup(g)).toBe(true);
  });

  it("destroyed groups' incarnations are forgotten a day later, by the app object's alarm", async () => {
    const g = await createGroup();
    await call("destroy_group", { GroupId: g });
    const gone = () =>
      runInDurableObject(appStub(), (_i, s) =>
        s.storage.sql
          .exec<{ group_id: string }>("SELECT group_id FROM directory_gone")
          .toArray()
          .map((r) => r.group_id),
      );
    expect(await gone()).toContain(g);
    expect(await runInDurableObject(appStub(), (_i, s) => s.storage.getAlarm())).toBe(T0 * 1000 + GONE_KEPT_MS);
    clock.advance(GONE_KEPT_MS / 1000);
    expect(await runDurableObjectAlarm(appStub())).toBe(true);
    expect(await gone()).not.toContain(g);
  });
});
