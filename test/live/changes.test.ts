import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { call, createGroup, groupStub, OK, type TestClock, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const TOPICS = { service: "million_group_open_http_svc" };

/** The frames of the changes live.test.ts does not make: mute-all, quiet hours, a topic's mute, an admin unset. */
describe("push, the other changes", () => {
  it("mute-all switched by a call is a GroupInfoChange, Cause Manual, with its operator", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const bob = await connect(g, "bob");
    expect(await bob.next()).toMatchObject({ Type: "State", MuteAllMember: "Off" });
    const change = { Type: "Tips", GroupId: g, Operator_Account: "administrator", TipsType: "GroupInfoChange" };
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" })).toEqual(OK);
    expect(await bob.next()).toMatchObject({ ...change, Seq: 1, MuteAllMember: "On", Cause: "Manual" });
    expect(await call("modify_group_base_info", { GroupId: g, ShutUpAllMember: "Off" })).toEqual(OK);
    expect(await bob.next()).toMatchObject({ ...change, Seq: 2, MuteAllMember: "Off", Cause: "Manual" });
  });

  it("quiet hours switch it at their edges, from the alarm: Cause Schedule, no operator", async () => {
    // 2082 has 2026's calendar, far from real time (see quiet-hours.test.ts): Monday 20:00 in Shanghai.
    clock.set(Date.parse("2082-12-07T12:00:00Z") / 1000);
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const window = { Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" };
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllSchedule: [window] })).toEqual(OK);
    const bob = await connect(g, "bob");
    expect(await bob.next()).toMatchObject({ Type: "State", MuteAllMember: "Off" });
    const edge = { Type: "Tips", GroupId: g, Operator_Account: "", TipsType: "GroupInfoChange", Cause: "Schedule" };
    for (const [iso, state] of [
      ["2082-12-07T15:00:00Z", "On"],
      ["2082-12-07T23:00:00Z", "Off"],
    ] as const) {
      clock.set(Date.parse(iso) / 1000);
      await runDurableObjectAlarm(groupStub(g));
      expect(await bob.next()).toMatchObject({ ...edge, Time: Date.parse(iso) / 1000, MuteAllMember: state });
    }
  });

  it("a topic's mute carries its TopicId", async () => {
    const g = await createGroup({
      Type: "Community",
      SupportTopic: 1,
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "bob" }],
    });
    const TopicId = `${g}@TOPIC#_t`;
    expect(await call("create_topic", { GroupId: g, TopicId, TopicName: "t" }, TOPICS)).toEqual({ ...OK, TopicId });
    const bob = await connect(g, "bob");
    await bob.next();
    expect(await call("forbid_send_msg", { GroupId: g, TopicId, Members_Account: ["bob"], MuteTime: 30 })).toEqual(OK);
    expect(await bob.next()).toMatchObject({
      Type: "Tips",
      TopicId,
      TipsType: "MemberInfoChange",
      Change: "Mute",
      MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 30 }],
    });
  });

  it("an admin unset is a CancelAdmin, after which its socket no longer sees others' Reasons", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "adm", Role: "Admin" }],
    });
    const adm = await connect(g, "adm");
    await adm.next();
    expect(await call("modify_group_member_info", { GroupId: g, Member_Account: "adm", Role: "Member" })).toEqual(OK);
    expect(await adm.next()).toMatchObject({ Seq: 1, TipsType: "CancelAdmin", MemberList: ["adm"] });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60, Reason: "spam" });
    const mute = await adm.next();
    expect(mute).toMatchObject({ Seq: 2, MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 60 }] });
    expect(mute.MemberChangeInfoList[0]).not.toHaveProperty("Reason");
  });
});
