import { runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { mockReceiver } from "../fixtures/receiver";
import { asApp, CALLBACK_APP, call, createGroup, fail, groupStub, OK, T0, textBody, useTestClock } from "../helpers";

beforeEach(() => {
  useTestClock();
});

const group = (extra: Record<string, unknown> = {}) =>
  createGroup({
    Owner_Account: "leckie",
    MemberList: [{ Member_Account: "peter" }, { Member_Account: "adm", Role: "Admin" }, { Member_Account: "emily" }],
    ...extra,
  });
const change = (GroupId: string, NewOwner_Account: string, extra: Record<string, unknown> = {}) =>
  call("change_group_owner", { GroupId, NewOwner_Account, ...extra });
const roles = async (GroupId: string, accounts: string[]) =>
  (await call("get_role_in_group", { GroupId, User_Account: accounts })).UserIdList.map(
    (e: { Role: string }) => e.Role,
  );
const owner = async (GroupId: string) =>
  (await call("get_group_info", { GroupIdList: [GroupId] })).GroupInfo[0].Owner_Account as string;
let random = 9_000_000;
const send = (GroupId: string, From_Account: string) =>
  call("send_group_msg", { GroupId, From_Account, Random: ++random, MsgBody: textBody("hi") });

describe("change_group_owner as Tencent documents it", () => {
  it("answers Tencent's examples; the new owner owns the group, the old one is an ordinary member", async () => {
    const g = await group();
    // Tencent's request, its GroupId that of a group of this app.
    expect(await call("change_group_owner", { GroupId: g, NewOwner_Account: "peter" })).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
    });
    expect(await owner(g)).toBe("peter");
    expect(await roles(g, ["peter", "leckie", "adm"])).toEqual(["Owner", "Member", "Admin"]);
    // The Chinese page's example names the operator too.
    expect(await call("change_group_owner", { GroupId: g, NewOwner_Account: "adm", From_Account: "emily" })).toEqual(
      OK,
    );
    expect(await roles(g, ["adm", "peter"])).toEqual(["Owner", "Member"]);
    // The owner is listed first.
    const members = await call("get_group_member_info", { GroupId: g, MemberInfoFilter: ["Role"] });
    expect(members.MemberList[0]).toEqual({ Member_Account: "adm", Role: "Owner" });
    expect(members.MemberList.filter((m: { Role: string }) => m.Role === "Owner")).toHaveLength(1);
  });

  it("rights follow: under mute-all the new owner sends, the old not; only the new one cannot be removed", async () => {
    const g = await group();
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" })).toEqual(OK);
    expect(await send(g, "leckie")).toMatchObject(OK);
    expect(await change(g, "peter")).toEqual(OK);
    expect(await send(g, "peter")).toMatchObject({ ...OK, MsgSeq: 2 });
    expect(await send(g, "leckie")).toMatchObject(fail(10017));
    const removeOwner = await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["peter"] });
    expect(removeOwner).toMatchObject(fail(10007));
    expect(
      await call("modify_group_member_info", { GroupId: g, Member_Account: "peter", Role: "Member" }),
    ).toMatchObject(fail(10007));
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["leckie"] })).toEqual(OK);
  });

  it("gives a group without an owner one; naming the owner it has changes nothing", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "peter" }] });
    expect(await owner(g)).toBe("");
    expect(await change(g, "peter")).toEqual(OK);
    expect(await owner(g)).toBe("peter");
    expect(await change(g, "peter")).toEqual(OK);
    expect(await roles(g, ["peter"])).toEqual(["Owner"]);
  });

  it("10007 for a new owner who is not a member, and in an AVChatRoom or BChatRoom; nothing changes", async () => {
    const g = await group();
    expect(await change(g, "stranger")).toEqual({
      ...fail(10007),
      ErrorInfo: "NewOwner_Account: stranger is not a member of the group; the new owner must be",
    });
    expect(await owner(g)).toBe("leckie");
    const av = await createGroup({ Type: "AVChatRoom", Owner_Account: "leckie" });
    expect(await change(av, "peter")).toEqual({
      ...fail(10007),
      ErrorInfo: "AVChatRoom groups cannot change their owner",
    });
    const b = await createGroup({ Type: "BChatRoom" });
    expect(await change(b, "peter")).toMatchObject(fail(10007));
    for (const Type of ["Private", "Work", "ChatRoom", "Meeting", "Community"]) {
      const other = await group({ Type });
      expect(await change(other, "peter"), Type).toEqual(OK);
      expect(await owner(other), Type).toBe("peter");
    }
  });

  it("refuses bad input with the envelope, naming the field", async () => {
    const g = await group();
    const cases: [unknown, number, string][] = [
      [{ GroupId: g }, 10004, "NewOwner_Account"],
      [{ GroupId: g, NewOwner_Account: "" }, 10004, "NewOwner_Account"],
      [{ GroupId: g, NewOwner_Account: 7 }, 10004, "NewOwner_Account"],
      [{ GroupId: g, NewOwner_Account: "peter", From_Account: "x".repeat(33) }, 10004, "From_Account"],
      [{ GroupId: "bad group", NewOwner_Account: "peter" }, 10015, "GroupId"],
      [{ GroupId: "no-such-group-owner", NewOwner_Account: "peter" }, 10010, "does not exist"],
    ];
    for (const [body, code, names] of cases) {
      const answer = await call("change_group_owner", body);
      expect(answer, JSON.stringify(body)).toMatchObject(fail(code));
      expect(answer.ErrorInfo, JSON.stringify(body)).toContain(names);
    }
    // A null optional field is absent.
    expect(await change(g, "peter", { From_Account: null })).toEqual(OK);
  });
});

describe("an owner change reaches the callback and the live channel", () => {
  let receiver: ReturnType<typeof mockReceiver>;
  beforeEach(() => {
    receiver = mockReceiver();
  });
  afterEach(() => receiver.restore());

  it("Group.CallbackAfterChangeGroupOwner, as Tencent documents it", async () => {
    const as = await asApp(CALLBACK_APP);
    const g = await createGroup({ Owner_Account: "leckie", MemberList: [{ Member_Account: "peter" }] }, as);
    expect(await call("change_group_owner", { GroupId: g, NewOwner_Account: "peter" }, as)).toEqual(OK);
    expect(await call("change_group_owner", { GroupId: g, NewOwner_Account: "peter" }, as)).toEqual(OK);
    await runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));
    expect(receiver.bodies().filter((b) => b.CallbackCommand === "Group.CallbackAfterChangeGroupOwner")).toEqual([
      {
        CallbackCommand: "Group.CallbackAfterChangeGroupOwner",
        EventTime: T0 * 1000,
        EventId: expect.any(String),
        GroupId: g,
        Type: "Public",
        Operator_Account: CALLBACK_APP.admin,
        OldOwner_Account: "leckie",
        NewOwner_Account: "peter",
      },
    ]);
  });

  it("a ChangeOwner Tips; the sockets' rights follow, as SetAdmin's and CancelAdmin's do", async () => {
    const g = await group();
    const peter = await connect(g, "peter");
    const leckie = await connect(g, "leckie");
    await peter.next();
    await leckie.next();
    expect(await change(g, "peter", { From_Account: "leckie" })).toEqual(OK);
    const tips = {
      Type: "Tips",
      Seq: 1,
      GroupId: g,
      Time: T0,
      Operator_Account: "leckie",
      TipsType: "ChangeOwner",
      MemberList: ["peter"],
      OldOwner_Account: "leckie",
    };
    expect(await peter.next()).toEqual(tips);
    expect(await leckie.next()).toEqual(tips);
    // A mute's Reason goes to admins and the owner: peter sees it now, leckie no more.
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["emily"], MuteTime: 60, Reason: "spam" });
    expect((await peter.next()).MemberChangeInfoList).toEqual([
      { Member_Account: "emily", MuteTime: 60, MuteUntil: T0 + 60, Reason: "spam" },
    ]);
    expect((await leckie.next()).MemberChangeInfoList).toEqual([
      { Member_Account: "emily", MuteTime: 60, MuteUntil: T0 + 60 },
    ]);
    // A socket opened now is told its role.
    const again = await connect(g, "leckie");
    expect(await again.next()).toMatchObject({ Type: "State", Self: { Member_Account: "leckie", Role: "Member" } });
  });
});
