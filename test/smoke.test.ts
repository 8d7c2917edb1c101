import { beforeEach, describe, expect, it } from "vitest";
import { OK, call, createGroup, useTestClock } from "./helpers";

describe("smoke", () => {
  beforeEach(() => void useTestClock());
  it("creates, mutes and lists", async () => {
    const g = await createGroup();
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], MuteTime: 60 })).toEqual(OK);
    expect(await call("get_group_muted_account", { GroupId: g })).toEqual({ ...OK, GroupId: g, MutedAccountList: [{ Member_Account: "a", MutedUntil: 3_000_000_060 }] });
  });
});
