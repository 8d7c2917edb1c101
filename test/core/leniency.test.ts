import { beforeEach, describe, expect, it } from "vitest";
import { asApp, call, createGroup, fail, OK, sendText, UNLIMITED_APP, useTestClock } from "../helpers";

/**
 * The two leniencies of SPEC.md ("Third round"), and only those: a body of `[]` is `{}`, and an
 * optional enum field sent as "" is the field left out. Every other bad input keeps its code.
 */

beforeEach(() => void useTestClock());

const TYPES = "Public, Private, Work, ChatRoom, Meeting, AVChatRoom, BChatRoom, Community";

describe("a body of []", () => {
  it("is {}: PHP's get_appid_group_list() without arguments lists the groups", async () => {
    const o = await asApp(UNLIMITED_APP);
    await createGroup({}, o);
    const empty = await call("get_appid_group_list", undefined, { ...o, rawBody: "[]" });
    expect(empty).toMatchObject(OK);
    expect(empty).toEqual(await call("get_appid_group_list", {}, o));
    expect(empty.TotalCount).toBeGreaterThan(0);
  });

  it("is {} for every command: a missing field is answered as missing, with the command's own codes", async () => {
    expect(await call("get_group_muted_account", undefined, { rawBody: "[]" })).toEqual({
      ...fail(10004),
      ErrorInfo: "GroupId: is required",
    });
    const spaced = await call("get_group_muted_account", undefined, { rawBody: " [ ] " });
    expect(spaced).toEqual({ ...fail(10004), ErrorInfo: "GroupId: is required" });
    const setting = await call("setnospeaking", undefined, { rawBody: "[]", service: "openconfigsvr" });
    expect(setting).toMatchObject(fail(130004));
    expect(setting.ErrorInfo).toMatch(/^Set_Account: /);
  });

  it("only the empty array: any other array is no object (60003)", async () => {
    for (const raw of ["[1]", "[{}]", "[[]]", '[""]', "[null]"]) {
      const answer = await call("get_appid_group_list", undefined, { rawBody: raw });
      expect(answer).toEqual({ ...fail(60003), ErrorInfo: "request body must be a JSON object" });
    }
  });
});

describe('an optional enum field of ""', () => {
  it('is the field left out: pinclr\'s GroupType "" lists every type', async () => {
    const o = await asApp(UNLIMITED_APP);
    await createGroup({}, o);
    const blank = await call("get_appid_group_list", { Limit: 10000, Next: 0, GroupType: "" }, o);
    expect(blank).toMatchObject(OK);
    expect(blank).toEqual(await call("get_appid_group_list", { Limit: 10000, Next: 0 }, o));
  });

  it("is left out at any depth: create_group's profile options and a member's Role take their defaults", async () => {
    const g = await createGroup({
      Type: "Private",
      Owner_Account: "leckie",
      ApplyJoinOption: "",
      InviteJoinOption: "",
      MemberList: [{ Member_Account: "bob", Role: "" }],
    });
    const info = await call("get_group_info", { GroupIdList: [g] });
    expect(info.GroupInfo[0]).toMatchObject({ ApplyJoinOption: "DisableApply", InviteJoinOption: "FreeAccess" });
    const roles = await call("get_role_in_group", { GroupId: g, User_Account: ["bob"] });
    expect(roles.UserIdList).toEqual([{ Member_Account: "bob", Role: "Member" }]);
  });

  it("changes nothing in a change: modify_group_base_info, modify_group_member_info", async () => {
    const g = await createGroup({ Owner_Account: "leckie", MemberList: [{ Member_Account: "bob", Role: "Admin" }] });
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" })).toEqual(OK);
    // "" next to the legacy name is not "both names given": it is not given.
    const base = { GroupId: g, MuteAllMember: "", ShutUpAllMember: "", ApplyJoinOption: "", Name: "renamed" };
    expect(await call("modify_group_base_info", base)).toEqual(OK);
    const info = (await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0];
    expect(info).toMatchObject({ Name: "renamed", MuteAllMember: "On", ApplyJoinOption: "NeedPermission" });
    const member = { GroupId: g, Member_Account: "bob", Role: "", MsgFlag: "", NameCard: "Bob" };
    expect(await call("modify_group_member_info", member)).toEqual(OK);
    const bob = await call("get_specified_group_member_info", { GroupId: g, Member_List_Account: ["bob"] });
    expect(bob.MemberList[0]).toMatchObject({ Role: "Admin", MsgFlag: "AcceptAndNotify", NameCard: "Bob" });
  });

  it('sends at the default priority: MsgPriority ""', async () => {
    const g = await createGroup({ Owner_Account: "leckie" });
    const answer = await call("send_group_msg", {
      GroupId: g,
      From_Account: "leckie",
      Random: 7,
      MsgPriority: "",
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
    });
    expect(answer).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await sendText(g, "leckie")).toMatchObject({ ...OK, MsgSeq: 2 });
  });
});

describe("every other bad value is still refused, and changes nothing", () => {
  it('"" for a required enum: create_group\'s Type answers as the wrong value it is', async () => {
    const answer = await call("create_group", { Type: "", Name: "x" });
    expect(answer).toEqual({ ...fail(10004), ErrorInfo: `Type: must be one of ${TYPES}` });
  });

  it('"x", " ", "public" or a number for an optional enum', async () => {
    for (const value of ["x", " ", "public", "Public ", 0]) {
      const answer = await call("get_appid_group_list", { GroupType: value });
      expect(answer).toEqual({ ...fail(10004), ErrorInfo: `GroupType: must be one of ${TYPES}` });
    }
  });

  it('"" inside a list is a value, not a field: MemberRoleFilter [""] is refused', async () => {
    const g = await createGroup({ Owner_Account: "leckie" });
    const answer = await call("get_group_member_info", { GroupId: g, MemberRoleFilter: [""] });
    expect(answer).toMatchObject(fail(10004));
    expect(answer.ErrorInfo).toMatch(/^MemberRoleFilter\[0\]: /);
  });

  it("a blank enum beside a wrong field: the wrong field is named, and nothing changes", async () => {
    const listing = await call("get_appid_group_list", { GroupType: "", Limit: -1 });
    expect(listing).toEqual({ ...fail(10004), ErrorInfo: "Limit: must not be negative" });
    const g = await createGroup({ Owner_Account: "leckie", Name: "before" });
    const change = await call("modify_group_base_info", { GroupId: g, MuteAllMember: "", Name: "x".repeat(31) });
    expect(change).toEqual({ ...fail(10004), ErrorInfo: "Name: must be 1 to 30 bytes" });
    const info = (await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0];
    expect(info).toMatchObject({ Name: "before", MuteAllMember: "Off" });
  });

  it("a blank enum in a MemberList entry beside a bad account names the account", async () => {
    const answer = await call("create_group", {
      Type: "Public",
      Name: "x",
      MemberList: [{ Member_Account: "", Role: "" }],
    });
    expect(answer).toEqual({ ...fail(10004), ErrorInfo: "MemberList[0].Member_Account: must be 1 to 32 bytes" });
  });
});
