import { beforeEach, describe, expect, it } from "vitest";
import { accounts, call, createGroup, fail, mute, mutedList, OK, T0, type TestClock, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

describe("forbid_send_msg", () => {
  it("mutes for MuteTime seconds, and 0 unmutes", async () => {
    const g = await createGroup();
    expect(await mute(g, ["bob", "amy"], 60)).toEqual(OK);
    expect(await mutedList(g)).toEqual([
      { Member_Account: "amy", MutedUntil: T0 + 60 },
      { Member_Account: "bob", MutedUntil: T0 + 60 },
    ]);
    expect(await mute(g, ["bob"], 0)).toEqual(OK);
    expect(await mutedList(g)).toEqual([{ Member_Account: "amy", MutedUntil: T0 + 60 }]);
  });

  it("re-muting replaces the until-time, shorter or longer", async () => {
    const g = await createGroup();
    await mute(g, ["bob"], 600);
    clock.advance(10);
    await mute(g, ["bob"], 30);
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 40 }]);
  });

  it("accepts the legacy ShutUpTime, and exactly one of the two", async () => {
    const g = await createGroup();
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], ShutUpTime: 100 })).toEqual(OK);
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 100 }]);

    const both = await call("forbid_send_msg", { GroupId: g, Members_Account: ["amy"], MuteTime: 5, ShutUpTime: 5 });
    expect(both).toMatchObject(fail(10004));
    expect(both.ErrorInfo).toContain("not both");
    const neither = await call("forbid_send_msg", { GroupId: g, Members_Account: ["amy"] });
    expect(neither).toMatchObject(fail(10004));
    expect(neither.ErrorInfo).toContain("MuteTime");
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 100 }]);
  });

  it("4294967295 mutes permanently; a time reaching past it is capped to permanent", async () => {
    const g = await createGroup();
    await mute(g, ["forever"], 4294967295);
    await mute(g, ["almost"], 4294967294);
    expect(await mutedList(g)).toEqual([
      { Member_Account: "almost", MutedUntil: 4294967295 },
      { Member_Account: "forever", MutedUntil: 4294967295 },
    ]);
  });

  it("mutes 500 accounts in one call, and refuses 501 without muting any", async () => {
    const g = await createGroup();
    expect(await mute(g, accounts(500), 60)).toEqual(OK);
    expect(await mutedList(g)).toHaveLength(500);

    const other = await createGroup();
    const answer = await mute(other, accounts(501), 60);
    expect(answer).toMatchObject({ ...fail(10004), ErrorInfo: "Members_Account: must name at most 500 accounts" });
    expect(await mutedList(other)).toEqual([]);
  });

  it("counts duplicated accounts once", async () => {
    const g = await createGroup();
    // 500 distinct plus duplicates would be over 500 entries on the wire; the limit counts entries.
    expect(await mute(g, ["a", "b", "a", "a", "b"], 60)).toEqual(OK);
    expect(await mutedList(g)).toEqual([
      { Member_Account: "a", MutedUntil: T0 + 60 },
      { Member_Account: "b", MutedUntil: T0 + 60 },
    ]);
  });

  it("mutes any account, member or not: a mute belongs to the (group, account) pair", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(await mute(g, ["stranger"], 60)).toEqual(OK);
    expect(await mutedList(g)).toEqual([{ Member_Account: "stranger", MutedUntil: T0 + 60 }]);
  });

  it("allows muting in Public, ChatRoom, Meeting, AVChatRoom and Community groups", async () => {
    for (const Type of ["Public", "ChatRoom", "Meeting", "AVChatRoom", "Community"]) {
      const g = await createGroup({ Type });
      expect(await mute(g, ["a"], 60), Type).toEqual(OK);
      expect(await mutedList(g)).toHaveLength(1);
    }
  });

  it("refuses Private, Work and BChatRoom groups with 10007 saying why, changing nothing", async () => {
    for (const Type of ["Private", "Work", "BChatRoom"]) {
      const g = await createGroup({ Type });
      const answer = await mute(g, ["a"], 60);
      expect(answer, Type).toMatchObject(fail(10007));
      expect(answer.ErrorInfo).toContain(Type);
      expect(await mutedList(g)).toEqual([]);
    }
  });

  it("a refused request leaves the mutes as they were", async () => {
    const g = await createGroup();
    await mute(g, ["a"], 60);
    const before = await mutedList(g);
    const refusals = [
      { GroupId: g, Members_Account: ["a", "x".repeat(33)], MuteTime: 0 },
      { GroupId: g, Members_Account: ["b", 5], MuteTime: 60 },
      { GroupId: g, Members_Account: ["b"], MuteTime: -5 },
      { GroupId: g, Members_Account: accounts(501), MuteTime: 0 },
    ];
    for (const body of refusals) expect((await call("forbid_send_msg", body)).ErrorCode).toBe(10004);
    expect(await mutedList(g)).toEqual(before);
  });
});

describe("get_group_muted_account and legacy get_group_shutted_uin", () => {
  it("list only accounts muted now (none at first), in the naming of the command called", async () => {
    const g = await createGroup();
    expect(await call("get_group_shutted_uin", { GroupId: g })).toEqual({ ...OK, GroupId: g, ShuttedUinList: [] });
    expect(await call("get_group_muted_account", { GroupId: g })).toEqual({ ...OK, GroupId: g, MutedAccountList: [] });

    await mute(g, ["bob"], 30);
    await mute(g, ["gone"], 10);
    clock.advance(10);
    expect(await call("get_group_shutted_uin", { GroupId: g })).toEqual({
      ...OK,
      GroupId: g,
      ShuttedUinList: [{ Member_Account: "bob", ShuttedUntil: T0 + 30 }],
    });
    expect(await call("get_group_muted_account", { GroupId: g })).toEqual({
      ...OK,
      GroupId: g,
      MutedAccountList: [{ Member_Account: "bob", MutedUntil: T0 + 30 }],
    });
  });
});
