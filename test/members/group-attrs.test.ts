import { beforeEach, describe, expect, it } from "vitest";
import type { GroupSpec } from "../../src/contract/group-rpc";
import { ATTR_WRITES_PER_SECOND, MAX_ATTR_KEYS, MAX_ATTRS_BYTES } from "../../src/group/group-attrs";
import {
  asApp,
  CALLBACK_APP,
  type CallOptions,
  call,
  createGroup,
  DEMO_APP,
  fail,
  groupStub,
  OK,
  rpcAnswer,
  SECOND_APP,
  type TestClock,
  UNLIMITED_APP,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const ATTR = { service: "group_open_attr_http_svc" } as const;

/** Creates `groupId` straight in its object: Tencent's examples name GroupIds that create_group reserves (@TGS#). */
async function createAs(groupId: string, sdkappid: number): Promise<void> {
  const spec: GroupSpec = {
    groupId,
    type: "AVChatRoom",
    name: "example",
    owner: "",
    members: [],
    profile: {},
    supportTopic: false,
  };
  expect(rpcAnswer(await groupStub(groupId, sdkappid).create(spec))).toEqual({ groupId });
}

type Attr = { key: string; value: string };
const attrs = (GroupId: string, o: CallOptions = {}) => call("get_group_attr", { GroupId }, { ...ATTR, ...o });
const write = (command: string, GroupId: string, GroupAttr: unknown) => call(command, { GroupId, GroupAttr });
const pairs = (...kv: [string, string][]): Attr[] => kv.map(([key, value]) => ({ key, value }));

describe("Tencent's examples", () => {
  const example = pairs(["attr_key", "attr_val"], ["attr_key1", "attr_val1"]);

  it("modify_group_attr, set_group_attr and clear_group_attr answer the documented bodies as documented", async () => {
    const done = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 };
    await createAs("@TGS#aC5SZEAEF", DEMO_APP.sdkappid);
    expect(await call("modify_group_attr", { GroupId: "@TGS#aC5SZEAEF", GroupAttr: example })).toEqual(done);
    expect((await attrs("@TGS#aC5SZEAEF")).GroupAttrAry).toEqual(example);
    expect(await call("set_group_attr", { GroupId: "@TGS#aC5SZEAEF", GroupAttr: example })).toEqual(done);
    expect(await call("clear_group_attr", { GroupId: "@TGS#aC5SZEAEF" })).toEqual(done);
    expect((await attrs("@TGS#aC5SZEAEF")).GroupAttrAry).toEqual([]);
  });

  it("get_group_attr answers the documented answer", async () => {
    const o = await asApp(SECOND_APP);
    await createAs("@TGS#aC5SZEAEF", SECOND_APP.sdkappid);
    const GroupAttr = pairs(["attr_key1", "attr_val1"], ["attr_key2", "attr_val2"]);
    expect(await call("set_group_attr", { GroupId: "@TGS#aC5SZEAEF", GroupAttr }, o)).toEqual(OK);
    expect(await call("get_group_attr", { GroupId: "@TGS#aC5SZEAEF" }, { ...ATTR, ...o })).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      GroupAttrAry: [
        { key: "attr_key1", value: "attr_val1" },
        { key: "attr_key2", value: "attr_val2" },
      ],
    });
  });
});

describe("the writes", () => {
  it("modify merges (a key keeps its place, a repeat takes its last value), set replaces, clear empties", async () => {
    const g = await createGroup();
    expect(await attrs(g)).toEqual({ ...OK, GroupAttrAry: [] });
    expect(await write("modify_group_attr", g, pairs(["a", "1"], ["b", "2"]))).toEqual(OK);
    clock.advance(1);
    expect(await write("modify_group_attr", g, pairs(["c", "3"], ["a", "x"], ["c", ""], ["a", "y"]))).toEqual(OK);
    expect((await attrs(g)).GroupAttrAry).toEqual(pairs(["a", "y"], ["b", "2"], ["c", ""]));
    expect(await write("set_group_attr", g, pairs(["z", "26"], ["b", "two"]))).toEqual(OK);
    expect((await attrs(g)).GroupAttrAry).toEqual(pairs(["z", "26"], ["b", "two"]));
    expect(await call("clear_group_attr", { GroupId: g })).toEqual(OK);
    expect((await attrs(g)).GroupAttrAry).toEqual([]);
  });

  it("every group type has them", async () => {
    const o = await asApp(UNLIMITED_APP);
    for (const Type of ["Public", "Private", "Work", "ChatRoom", "Meeting", "AVChatRoom", "BChatRoom", "Community"]) {
      const g = await createGroup({ Type }, o);
      expect(await call("modify_group_attr", { GroupId: g, GroupAttr: pairs(["k", Type]) }, o), Type).toEqual(OK);
      expect((await attrs(g, o)).GroupAttrAry, Type).toEqual(pairs(["k", Type]));
    }
  });

  it("get_group_attr is in group_open_attr_http_svc, the writes in group_open_http_svc (10003 elsewhere)", async () => {
    const g = await createGroup();
    expect(await call("get_group_attr", { GroupId: g })).toMatchObject(fail(10003));
    expect(await call("clear_group_attr", { GroupId: g }, ATTR)).toMatchObject(fail(10003));
  });
});

describe("the limits", () => {
  it("a key over 32 bytes is 10045, a value over 4000 bytes 10046, naming the entry", async () => {
    const g = await createGroup();
    expect(await write("modify_group_attr", g, pairs(["k".repeat(32), "v".repeat(4000)]))).toEqual(OK);
    clock.advance(1);
    expect(await write("modify_group_attr", g, pairs(["a", "1"], ["é".repeat(17), "v"]))).toEqual({
      ...fail(10045),
      ErrorInfo: "GroupAttr[1].key: must be at most 32 bytes",
    });
    expect(await write("set_group_attr", g, pairs(["a", "é".repeat(2001)]))).toEqual({
      ...fail(10046),
      ErrorInfo: "GroupAttr[0].value: must be at most 4000 bytes",
    });
    expect((await attrs(g)).GroupAttrAry).toEqual(pairs(["k".repeat(32), "v".repeat(4000)]));
  });

  it("over 16 keys is 10047 and over 16 KB together 10048, whole: nothing changes", async () => {
    const g = await createGroup();
    const sixteen = Array.from({ length: MAX_ATTR_KEYS }, (_, i): [string, string] => [`k${i}`, "v"]);
    expect(await write("set_group_attr", g, pairs(...sixteen))).toEqual(OK);
    clock.advance(1);
    expect(await write("modify_group_attr", g, pairs(["k3", "w"], ["new", "v"]))).toEqual({
      ...fail(10047),
      ErrorInfo: "GroupAttr: a group holds at most 16 keys; this would make 17",
    });
    expect(await write("set_group_attr", g, pairs(...sixteen, ["new", "v"]))).toMatchObject(fail(10047));
    // Sixteen keys (38 bytes) with 1,021 bytes each: 16,374 bytes; 10 more is the most, 16,384.
    const full = sixteen.map(([k]): [string, string] => [k, "v".repeat(1021)]);
    full[0] = ["k0", "v".repeat(1031)];
    expect(await write("set_group_attr", g, pairs(...full))).toEqual(OK);
    clock.advance(1);
    expect(await write("modify_group_attr", g, pairs(["k0", "v".repeat(1032)]))).toEqual({
      ...fail(10048),
      ErrorInfo:
        `GroupAttr: a group's keys and values hold at most ${MAX_ATTRS_BYTES} bytes together; ` +
        `this would make ${MAX_ATTRS_BYTES + 1}`,
    });
    expect((await attrs(g)).GroupAttrAry).toEqual(pairs(...full));
  });

  it("a group takes 5 writes a second (10049 past them, nothing written), then more the next second", async () => {
    const g = await createGroup();
    for (let i = 0; i < ATTR_WRITES_PER_SECOND; i++) {
      expect(await write("modify_group_attr", g, pairs([`k${i}`, "v"]))).toEqual(OK);
    }
    expect(await call("clear_group_attr", { GroupId: g })).toEqual({
      ...fail(10049),
      ErrorInfo: "a group takes at most 5 attribute writes a second (modify, set and clear together); retry later",
    });
    expect((await attrs(g)).GroupAttrAry).toHaveLength(5);
    // Reads are not writes; another group has its own budget.
    expect(await write("modify_group_attr", await createGroup(), pairs(["k", "v"]))).toEqual(OK);
    clock.advance(1);
    expect(await call("clear_group_attr", { GroupId: g })).toEqual(OK);
  });

  it("refuses bad bodies with 10004 naming the field, changing nothing", async () => {
    const o = await asApp(CALLBACK_APP);
    const g = await createGroup({}, o);
    expect(await call("modify_group_attr", { GroupId: g, GroupAttr: pairs(["keep", "me"]) }, o)).toEqual(OK);
    const cases: [unknown, string][] = [
      [undefined, "GroupAttr: is required"],
      [null, "GroupAttr: is required"],
      [[], "GroupAttr: must hold at least one {key, value}"],
      [{ key: "a", value: "b" }, "GroupAttr: must be an array of {key, value}"],
      [[{ value: "b" }], "GroupAttr[0].key: is required"],
      [[{ key: "", value: "b" }], "GroupAttr[0].key: must not be empty"],
      [[{ key: "a" }], "GroupAttr[0].value: is required"],
      [[{ key: "a", value: 1 }], "GroupAttr[0].value: must be a string, not number"],
      [[{ key: "\ud800", value: "b" }], "GroupAttr[0].key: must be well-formed Unicode (it has a lone surrogate)"],
      [Array.from({ length: 161 }, () => ({ key: "a", value: "b" })), "GroupAttr: must hold at most 160 entries"],
    ];
    for (const command of ["modify_group_attr", "set_group_attr"]) {
      for (const [GroupAttr, info] of cases) {
        expect(await call(command, { GroupId: g, GroupAttr }, o), `${command} ${info}`).toEqual({
          ...fail(10004),
          ErrorInfo: info,
        });
      }
    }
    expect(await call("modify_group_attr", { GroupId: "bad id", GroupAttr: pairs(["a", "b"]) }, o)).toMatchObject(
      fail(10015),
    );
    for (const command of ["modify_group_attr", "set_group_attr", "clear_group_attr"]) {
      expect(await call(command, { GroupId: "no-such-group", GroupAttr: pairs(["a", "b"]) }, o)).toMatchObject(
        fail(10010),
      );
    }
    expect(await attrs("no-such-group", o)).toMatchObject(fail(10010));
    expect((await attrs(g, o)).GroupAttrAry).toEqual(pairs(["keep", "me"]));
  });
});
