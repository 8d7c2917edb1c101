import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  accounts,
  call,
  createGroup,
  DEMO_APP,
  fail,
  getMuted,
  groupStub,
  mute,
  mutedAnswer,
  OK,
  T0,
  textBody,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

beforeEach(() => void useTestClock());

/** Every command on one group, with a body that is valid but for its GroupId. */
const commandsOn = (id: string): [string, Record<string, unknown>][] => [
  ["forbid_send_msg", { GroupId: id, Members_Account: ["a"], MuteTime: 60 }],
  ["get_group_muted_account", { GroupId: id }],
  ["get_group_shutted_uin", { GroupId: id }],
  ["destroy_group", { GroupId: id }],
  ["add_group_member", { GroupId: id, MemberList: [{ Member_Account: "a" }] }],
  ["delete_group_member", { GroupId: id, MemberToDel_Account: ["a"] }],
  ["get_group_member_info", { GroupId: id }],
  ["modify_group_base_info", { GroupId: id, Name: "n" }],
  ["send_group_msg", { GroupId: id, From_Account: "o", Random: 1, MsgBody: textBody("hello") }],
  ["group_msg_get_simple", { GroupId: id, ReqMsgNumber: 20 }],
];

/** Asserts that `groupId` names no group: every command answers 10010; its object holds no table and no alarm. */
async function expectNoGroup(groupId: string): Promise<void> {
  for (const [command, body] of commandsOn(groupId)) {
    expect(await call(command, body), command).toMatchObject(fail(10010));
  }
  expect((await call("get_group_info", { GroupIdList: [groupId] })).GroupInfo[0]).toMatchObject({
    GroupId: groupId,
    ErrorCode: 10010,
  });
  await runInDurableObject(groupStub(groupId), async (_instance, state) => {
    const tables = state.storage.sql.exec(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
    );
    expect(tables.toArray()).toEqual([]);
    expect(await state.storage.getAlarm()).toBeNull();
  });
}

describe("create_group", () => {
  it("creates a group with a custom GroupId and shows it in get_group_info", async () => {
    const id = uniqueGroupId();
    const created = await call("create_group", {
      Type: "Public",
      Name: "Moderators",
      GroupId: id,
      Owner_Account: "leckie",
      MemberList: [
        { Member_Account: "bob", Role: "Admin" },
        { Member_Account: "peter" },
        { Member_Account: "peter" },
        { Member_Account: "leckie" },
      ],
    });
    expect(created).toEqual({ ...OK, GroupId: id });
    expect(await call("get_group_info", { GroupIdList: [id] })).toEqual({
      ...OK,
      GroupInfo: [
        {
          GroupId: id,
          ErrorCode: 0,
          ErrorInfo: "",
          Type: "Public",
          Name: "Moderators",
          Appid: DEMO_APP.sdkappid,
          Introduction: "",
          Notification: "",
          FaceUrl: "",
          Owner_Account: "leckie",
          CreateTime: T0,
          LastInfoTime: T0,
          LastMsgTime: 0,
          NextMsgSeq: 1,
          MemberNum: 3,
          MaxMemberNum: 6000,
          ApplyJoinOption: "NeedPermission",
          InviteJoinOption: "NeedPermission",
          MuteAllMember: "Off",
          ShutUpAllMember: "Off",
          AppDefinedData: [],
        },
      ],
    });
  });

  it("generates IDs like @TGS#2C5SZEAEF, tagged by type", async () => {
    const tags: Record<string, string> = {
      Public: "2",
      Private: "1",
      Work: "1",
      ChatRoom: "3",
      Meeting: "3",
      AVChatRoom: "a",
      BChatRoom: "b",
      // A Community's, like Tencent's @TGS#_@TGS#cQVLVHIM62CJ.
      Community: "_@TGS#c",
    };
    for (const [type, tag] of Object.entries(tags)) {
      const answer = await call("create_group", { Type: type, Name: "n" });
      expect(answer).toMatchObject(OK);
      expect(answer.GroupId).toMatch(new RegExp(`^@TGS#${tag}[A-Z0-9]{${type === "Community" ? 11 : 8}}$`));
      const info = await call("get_group_info", { GroupIdList: [answer.GroupId] });
      expect(info.GroupInfo[0]).toMatchObject({ ErrorCode: 0, Type: type, Owner_Account: "", MemberNum: 0 });
    }
  });

  it("10021 when the custom GroupId is taken, leaving the first group as it was", async () => {
    const id = uniqueGroupId();
    expect(
      await call("create_group", { Type: "Public", Name: "first", GroupId: id, Owner_Account: "a" }),
    ).toMatchObject(OK);
    const again = await call("create_group", { Type: "ChatRoom", Name: "second", GroupId: id });
    expect(again).toMatchObject(fail(10021));
    expect(again.ErrorInfo).toContain(id);
    const info = await call("get_group_info", { GroupIdList: [id] });
    expect(info.GroupInfo[0]).toMatchObject({ Type: "Public", Name: "first", Owner_Account: "a", MemberNum: 1 });
  });

  it("10015 for a malformed custom GroupId", async () => {
    for (const bad of ["", "x".repeat(49), "has space", "tab\tid", "ünïcode", "@TGS#2ABCDEFGH"]) {
      const answer = await call("create_group", { Type: "Public", Name: "n", GroupId: bad });
      expect(answer, bad).toMatchObject(fail(10015));
      expect(answer.ErrorInfo).toContain("GroupId");
    }
    expect(await call("create_group", { Type: "Public", Name: "n", GroupId: `${"x".repeat(48)}` })).toMatchObject(OK);
  });

  it("10015 for a Community's custom GroupId without @TGS#_, or with the generated @TGS#_@TGS#", async () => {
    for (const [bad, why] of [
      ["my-community", "a Community's custom ID must start with @TGS#_"],
      ["@TGS#_@TGS#cMINE", "must not start with @TGS#_@TGS#, which is reserved for generated Community IDs"],
      ["@TGS#_", "must have something after @TGS#_"],
    ] as const) {
      const answer = await call("create_group", { Type: "Community", Name: "n", GroupId: bad });
      expect(answer, bad).toEqual({ ActionStatus: "FAIL", ErrorCode: 10015, ErrorInfo: `GroupId: ${why}` });
    }
    const id = uniqueGroupId("@TGS#_mine");
    expect(await call("create_group", { Type: "Community", Name: "n", GroupId: id })).toEqual({ ...OK, GroupId: id });
    // Any other type keeps off @TGS#, the Community prefix included.
    expect(await call("create_group", { Type: "Public", Name: "n", GroupId: uniqueGroupId("@TGS#_p") })).toMatchObject(
      fail(10015),
    );
  });

  it("10004 for a bad Type, Name, Owner_Account or MemberList", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ Name: "n" }, "Type: is required"],
      [{ Type: "Secret", Name: "n" }, "Type: must be one of"],
      [{ Type: "Public" }, "Name: is required"],
      [{ Type: "Public", Name: "" }, "Name: must be 1 to 30 bytes"],
      [{ Type: "Public", Name: "n".repeat(31) }, "Name: must be 1 to 30 bytes"],
      [{ Type: "Public", Name: "n", Owner_Account: "" }, "Owner_Account: must be 1 to 32 bytes"],
      [{ Type: "Public", Name: "n", MemberList: [{ Member_Account: "a", Role: "Owner" }] }, "MemberList[0].Role"],
      [{ Type: "Public", Name: "n", MemberList: [{}] }, "MemberList[0].Member_Account: is required"],
      [
        { Type: "Public", Name: "n", MemberList: accounts(501).map((a) => ({ Member_Account: a })) },
        "MemberList: must list at most 500",
      ],
    ];
    for (const [body, info] of cases) {
      const answer = await call("create_group", { GroupId: uniqueGroupId(), ...body });
      expect(answer, JSON.stringify(body).slice(0, 80)).toMatchObject(fail(10004));
      expect(answer.ErrorInfo).toContain(info);
    }
  });

  it("accepts 500 initial members in MemberList", async () => {
    const id = await createGroup({ MemberList: accounts(500).map((a) => ({ Member_Account: a })) });
    const info = await call("get_group_info", { GroupIdList: [id] });
    expect(info.GroupInfo[0].MemberNum).toBe(500);
  });

  it("10007 for a MemberList in a type without a member list", async () => {
    for (const type of ["AVChatRoom", "BChatRoom"]) {
      const id = uniqueGroupId();
      const answer = await call("create_group", {
        Type: type,
        Name: "n",
        GroupId: id,
        MemberList: [{ Member_Account: "a" }],
      });
      expect(answer).toMatchObject(fail(10007));
      expect(answer.ErrorInfo).toContain(type);
      expect((await call("get_group_info", { GroupIdList: [id] })).GroupInfo[0].ErrorCode).toBe(10010);
    }
  });
});

describe("get_group_info", () => {
  it("answers each group in its own entry, missing and malformed ones included", async () => {
    const a = await createGroup({ Name: "A" });
    const b = await createGroup({ Type: "ChatRoom", Name: "B" });
    const missing = uniqueGroupId();
    const answer = await call("get_group_info", { GroupIdList: [a, missing, b, "bad id", a] });
    expect(answer).toMatchObject(OK);
    expect(answer.GroupInfo.map((g: { GroupId: string; ErrorCode: number }) => [g.GroupId, g.ErrorCode])).toEqual([
      [a, 0],
      [missing, 10010],
      [b, 0],
      ["bad id", 10015],
    ]);
    expect(answer.GroupInfo[2]).toMatchObject({ Type: "ChatRoom", Name: "B" });
  });

  it("10004 for a missing, empty or oversized GroupIdList", async () => {
    expect(await call("get_group_info", {})).toMatchObject({ ...fail(10004), ErrorInfo: "GroupIdList: is required" });
    expect(await call("get_group_info", { GroupIdList: [] })).toMatchObject(fail(10004));
    expect(await call("get_group_info", { GroupIdList: accounts(51) })).toMatchObject(fail(10004));
    expect(await call("get_group_info", { GroupIdList: [1] })).toMatchObject({
      ...fail(10004),
      ErrorInfo: expect.stringContaining("GroupIdList[0]"),
    });
  });
});

describe("destroy_group", () => {
  it("dismisses the group: every later call answers 10010; storage and alarm are cleared", async () => {
    const id = await createGroup({ Owner_Account: "o" });
    expect(await mute(id, ["a"], 60)).toEqual(OK);
    expect(await call("destroy_group", { GroupId: id })).toEqual(OK);

    await expectNoGroup(id);
  });

  it("frees the GroupId for a new group, which starts empty", async () => {
    const id = await createGroup();
    await mute(id, ["a"], 600);
    await call("destroy_group", { GroupId: id });
    expect(await call("create_group", { Type: "ChatRoom", Name: "again", GroupId: id })).toEqual({
      ...OK,
      GroupId: id,
    });
    expect(await getMuted(id)).toEqual(mutedAnswer(id));
  });
});

describe("a GroupId that names no group", () => {
  it("every command answers 10010 for a group that never existed, and leaves no storage behind", async () => {
    await expectNoGroup(uniqueGroupId());
  });

  it("every command answers 10015 naming GroupId for a malformed one", async () => {
    for (const bad of ["bad id", "\u0001", "x".repeat(49)]) {
      for (const [command, body] of commandsOn(bad)) {
        const answer = await call(command, body);
        expect(answer, `${command} ${JSON.stringify(bad)}`).toMatchObject(fail(10015));
        expect(answer.ErrorInfo, command).toContain("GroupId");
      }
    }
  });
});
