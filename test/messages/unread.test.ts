import { beforeEach, describe, expect, it } from "vitest";
import { call, createGroup, fail, OK, useTestClock } from "../helpers";

beforeEach(() => {
  useTestClock();
});

const NOT_SUPPORTED = {
  ...fail(10003),
  ErrorInfo:
    "set_unread_msg_num is not supported: this service keeps no read positions, " +
    "so members have no unread count to set",
};

describe("set_unread_msg_num", () => {
  it("answers Tencent's example, verbatim, with the envelope's 10003 (no read positions are kept)", async () => {
    const body = { GroupId: "@TGS#2C5SZEAEF", Member_Account: "bob", UnreadMsgNum: 5 };
    expect(await call("set_unread_msg_num", body, { viaSelf: true })).toEqual(NOT_SUPPORTED);
  });

  it("changes nothing; a body Tencent would refuse is refused first, naming the field", async () => {
    const g = await createGroup({ Owner_Account: "o", MemberList: [{ Member_Account: "bob" }] });
    const before = await call("get_group_member_info", { GroupId: g });
    expect(await call("set_unread_msg_num", { GroupId: g, Member_Account: "bob", UnreadMsgNum: 0 })).toEqual(
      NOT_SUPPORTED,
    );
    expect(await call("get_group_member_info", { GroupId: g })).toEqual(before);
    const missing = await call("set_unread_msg_num", { GroupId: g, Member_Account: "bob" });
    expect(missing).toMatchObject(fail(10004));
    expect(missing.ErrorInfo).toContain("UnreadMsgNum");
    expect(await call("set_unread_msg_num", { GroupId: "bad id", Member_Account: "b", UnreadMsgNum: 1 })).toMatchObject(
      fail(10015),
    );
    expect(before).toMatchObject(OK);
  });
});
