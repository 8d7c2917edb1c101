import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { appRegistry, DEFAULT_RATE } from "../../src/auth/apps";
import { COMMAND_ROUTES } from "../../src/commands";
import { CALLBACK_COMMANDS } from "../../src/wire/callbacks";
import { COMMAND_NAMES } from "../../src/wire/command-names";
import { ApiError } from "../../src/wire/errors";
import {
  asApp,
  call,
  createGroup,
  DEMO_APP,
  getMuted,
  LIMITED_APP,
  mute,
  mutedAnswer,
  OK,
  SECOND_APP,
  sign,
  T0,
  type TestClock,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

const groupNotFound = { ActionStatus: "FAIL", ErrorCode: 10010, ErrorInfo: expect.stringMatching(/\S/) };

describe("isolation between apps", () => {
  beforeEach(() => void useTestClock());

  it("the same GroupId in two apps names two independent groups", async () => {
    const second = await asApp(SECOND_APP);
    const groupId = uniqueGroupId();
    expect(await call("create_group", { Type: "Public", Name: "in demo", GroupId: groupId })).toEqual({
      ...OK,
      GroupId: groupId,
    });
    // Not 10021: the GroupId is only taken in the other app.
    expect(await call("create_group", { Type: "ChatRoom", Name: "in second", GroupId: groupId }, second)).toEqual({
      ...OK,
      GroupId: groupId,
    });

    expect(await mute(groupId, ["alice"], 60)).toEqual(OK);
    expect(await getMuted(groupId)).toEqual(mutedAnswer(groupId, [{ Member_Account: "alice", MutedUntil: T0 + 60 }]));
    expect(await getMuted(groupId, second)).toEqual(mutedAnswer(groupId));

    expect(await mute(groupId, ["bob"], 120, second)).toEqual(OK);
    expect(await getMuted(groupId, second)).toEqual(
      mutedAnswer(groupId, [{ Member_Account: "bob", MutedUntil: T0 + 120 }]),
    );
    expect(await getMuted(groupId)).toEqual(mutedAnswer(groupId, [{ Member_Account: "alice", MutedUntil: T0 + 60 }]));

    // Each app's profile is its own.
    const demoInfo = await call("get_group_info", { GroupIdList: [groupId] });
    const secondInfo = await call("get_group_info", { GroupIdList: [groupId] }, second);
    expect(demoInfo.GroupInfo).toEqual([
      expect.objectContaining({ GroupId: groupId, ErrorCode: 0, Type: "Public", Name: "in demo" }),
    ]);
    expect(secondInfo.GroupInfo).toEqual([
      expect.objectContaining({ GroupId: groupId, ErrorCode: 0, Type: "ChatRoom", Name: "in second" }),
    ]);
  });

  it("destroying a group in one app leaves the other app's group of the same GroupId", async () => {
    const second = await asApp(SECOND_APP);
    const groupId = uniqueGroupId();
    expect(await createGroup({ Name: "in demo", GroupId: groupId })).toBe(groupId);
    expect(await createGroup({ Name: "in second", GroupId: groupId }, second)).toBe(groupId);
    expect(await mute(groupId, ["carol"], 300, second)).toEqual(OK);

    expect(await call("destroy_group", { GroupId: groupId })).toEqual(OK);
    expect(await getMuted(groupId)).toEqual(groupNotFound);

    expect(await getMuted(groupId, second)).toEqual(
      mutedAnswer(groupId, [{ Member_Account: "carol", MutedUntil: T0 + 300 }]),
    );
    expect(await mute(groupId, ["dave"], 60, second)).toEqual(OK);
  });

  it("a group of one app, custom or generated GroupId, does not exist for any other app: 10010", async () => {
    const second = await asApp(SECOND_APP);
    const groupId = await createGroup();
    expect(await mute(groupId, ["alice"], 60)).toEqual(OK);

    expect(await getMuted(groupId, second)).toEqual(groupNotFound);
    expect(await mute(groupId, ["bob"], 60, second)).toEqual(groupNotFound);
    expect(await call("destroy_group", { GroupId: groupId }, second)).toEqual(groupNotFound);
    const info = await call("get_group_info", { GroupIdList: [groupId] }, second);
    expect(info).toMatchObject(OK);
    expect(info.GroupInfo).toEqual([expect.objectContaining({ GroupId: groupId, ErrorCode: 10010 })]);
    // A third app, with its own admin, sees it no more than the second.
    expect(await getMuted(groupId, await asApp(LIMITED_APP))).toEqual(groupNotFound);

    // None of that touched the demo app's group.
    expect(await getMuted(groupId)).toEqual(mutedAnswer(groupId, [{ Member_Account: "alice", MutedUntil: T0 + 60 }]));

    // A GroupId the service generated is no different.
    const created = await call("create_group", { Type: "Public", Name: "generated id" });
    expect(created).toEqual({ ...OK, GroupId: expect.stringMatching(/^@TGS#/) });
    expect(await getMuted(created.GroupId, second)).toEqual(groupNotFound);
  });
});

describe("the verified-UserSig cache", () => {
  let clock: TestClock;
  let groupId: string;
  beforeEach(async () => {
    clock = useTestClock();
    groupId = await createGroup();
  });

  it("a cached sig is accepted on every later call", async () => {
    const usersig = await sign({ time: T0, expire: 3600 });
    for (let i = 0; i < 5; i++) {
      expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    }
  });

  it("a cached sig is accepted up to time + expire, and refused for good from the second after", async () => {
    const usersig = await sign({ time: T0, expire: 120 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    clock.advance(60);
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    clock.set(T0 + 120);
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    clock.advance(1);
    const expired = {
      ActionStatus: "FAIL",
      ErrorCode: 70001,
      ErrorInfo: expect.stringMatching(`usersig expired at ${T0 + 120}`),
    };
    expect(await getMuted(groupId, { usersig })).toEqual(expired);
    // And stays expired: nothing brings it back into the cache.
    expect(await getMuted(groupId, { usersig })).toEqual(expired);
    clock.advance(86400);
    expect(await getMuted(groupId, { usersig })).toEqual(expired);
  });

  it("a cached sig is not accepted for another identifier of the same app", async () => {
    const usersig = await sign({ time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    expect(await getMuted(groupId, { usersig, identifier: "second_admin" })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 70013,
      ErrorInfo: expect.stringMatching(/another identifier/),
    });
  });

  it("a sig cached by one app is not accepted by another", async () => {
    const usersig = await sign({ time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    expect(await getMuted(groupId, { usersig, sdkappid: SECOND_APP.sdkappid })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 70014,
      ErrorInfo: expect.stringMatching(/sdkappid/),
    });
  });

  it("moving the clock back keeps a cached sig valid, as a fresh verification would", async () => {
    // UserSig v2 has no "not before": only now <= time + expire counts.
    const usersig = await sign({ time: T0, expire: 10 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    clock.set(T0 - 1000);
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
  });
});

describe("appRegistry(): the APPS configuration", () => {
  const SECRET = "s3cr3t-k3y-that-must-never-be-echoed-0123456789abcdef";

  /** The ApiError that appRegistry throws for `source`. */
  function refusal(source: string | undefined): ApiError {
    try {
      appRegistry(source);
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      return e as ApiError;
    }
    throw new Error(`appRegistry accepted ${JSON.stringify(source)}`);
  }

  function expectConfigRefusal(source: string | undefined, info: RegExp): void {
    const error = refusal(source);
    expect(error.code).toBe(10002);
    expect(error.info).toMatch(info);
    expect(error.info).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET);
    expect(error.info).not.toContain(SECRET.slice(0, 12));
  }

  it.each([undefined, "", "   \n"])("missing configuration (%j): 10002", (source) => {
    expectConfigRefusal(source, /no app configuration/);
  });

  it.each([
    `[{"sdkappid":1400000000,"key":"${SECRET}","admins":["administrator"]`,
    `[{"sdkappid":1400000000,"key":"${SECRET}" "admins":["administrator"]}]`,
    `{'sdkappid':1400000000,'key':'${SECRET}'}`,
    `${SECRET}`,
  ])("invalid JSON %#: 10002 without the key", (source) => {
    expectConfigRefusal(source, /configuration \(APPS\) is invalid: it is not JSON; the operator must fix it/);
  });

  it.each<[string, unknown]>([
    ["an object instead of an array", { sdkappid: 1400000000, key: SECRET, admins: ["administrator"] }],
    ["sdkappid as a string", [{ sdkappid: "1400000000", key: SECRET, admins: ["administrator"] }]],
    ["sdkappid out of range", [{ sdkappid: 4294967296, key: SECRET, admins: ["administrator"] }]],
    ["key missing", [{ sdkappid: 1400000000, admins: ["administrator"] }]],
    ["key not a string", [{ sdkappid: 1400000000, key: 12345, admins: ["administrator"] }]],
    ["empty key", [{ sdkappid: 1400000000, key: "", admins: ["administrator"] }]],
    ["no admins", [{ sdkappid: 1400000000, key: SECRET, admins: [] }]],
    ["the key put where the admins go", [{ sdkappid: 1400000000, key: SECRET, admins: SECRET }]],
    ["the key as an admin over 32 characters", [{ sdkappid: 1400000000, key: "k", admins: [SECRET] }]],
    ["the key as a sdkappid", [{ sdkappid: SECRET, key: SECRET, admins: ["administrator"] }]],
    ["a zero limit", [{ sdkappid: 1400000000, key: SECRET, admins: ["administrator"], limits: { default: 0 } }]],
    [
      "a fractional limit",
      [{ sdkappid: 1400000000, key: SECRET, admins: ["administrator"], limits: { forbid_send_msg: 2.5 } }],
    ],
    [
      "a limit given as text",
      [{ sdkappid: 1400000000, key: SECRET, admins: ["administrator"], limits: { default: SECRET } }],
    ],
    [
      "the key as a command name of limits",
      [{ sdkappid: 1400000000, key: "k", admins: ["administrator"], limits: { [SECRET]: 0 } }],
    ],
    [
      "a limit under a legacy command name",
      [{ sdkappid: 1400000000, key: SECRET, admins: ["administrator"], limits: { get_group_shutted_uin: 50 } }],
    ],
    [
      "a limit under a misspelt command",
      [{ sdkappid: 1400000000, key: SECRET, admins: ["administrator"], limits: { forbid_send_msgs: 50 } }],
    ],
    [
      "the same sdkappid twice",
      [
        { sdkappid: 1400000000, key: SECRET, admins: ["administrator"] },
        { sdkappid: 1400000000, key: `${SECRET}-2`, admins: ["administrator"] },
      ],
    ],
  ])("schema-invalid (%s): 10002 without the key", (_, config) => {
    expectConfigRefusal(JSON.stringify(config), /configuration \(APPS\) is invalid/);
  });

  it("names where the configuration is wrong, not what it holds", () => {
    const error = refusal(
      JSON.stringify([
        { sdkappid: 1400000000, key: SECRET, admins: ["administrator"] },
        { sdkappid: 1400000001, key: SECRET },
      ]),
    );
    expect(error.info).toBe("the service's app configuration (APPS) is invalid at 1.admins; the operator must fix it");
    const limit = refusal(JSON.stringify([{ sdkappid: 1, key: "k", admins: ["a"], limits: { [SECRET]: 0 } }]));
    expect(limit.info).toBe("the service's app configuration (APPS) is invalid at 0.limits; the operator must fix it");
    const twice = refusal(JSON.stringify([1, 1].map((sdkappid) => ({ sdkappid, key: SECRET, admins: ["a"] }))));
    expect(twice.info).toBe(
      "the service's app configuration (APPS) is invalid: an sdkappid appears twice; the operator must fix it",
    );
  });

  it("an admin is an account: 1 to 32 bytes of UTF-8 without control characters", () => {
    const at = (admin: string) => refusal(JSON.stringify([{ sdkappid: 1, key: "k", admins: ["a", admin] }])).info;
    const refused =
      "the service's app configuration (APPS) is invalid at 0.admins.1: an admin must be 1 to 32 bytes of UTF-8 " +
      "without control characters; the operator must fix it";
    for (const admin of ["", "admin\nistrator", "\u0085", "\u007f", "字".repeat(11)]) {
      expect(at(admin), JSON.stringify(admin)).toBe(refused);
    }
    const fits = appRegistry(JSON.stringify([{ sdkappid: 1, key: "k", admins: ["字".repeat(10), "x".repeat(32)] }]));
    expect(fits.get(1)!.admins).toEqual(new Set(["字".repeat(10), "x".repeat(32)]));
  });

  it("a broken callback names its field: url, token, commands", () => {
    const app = (callback: unknown) => JSON.stringify([{ sdkappid: 1, key: "k", admins: ["a"], callback }]);
    const at = (where: string, own = "") =>
      `the service's app configuration (APPS) is invalid at ${where}${own}; the operator must fix it`;
    expect(refusal(app({ url: "ftp://x.test/cb" })).info).toBe(at("0.callback.url"));
    expect(refusal(app({ url: "https://x.test/cb?a=1" })).info).toBe(
      at("0.callback.url", ": must have no query string (the service adds one)"),
    );
    expect(refusal(app({ url: "https://x.test/cb", token: 5 })).info).toBe(at("0.callback.token"));
    expect(refusal(app({ url: "https://x.test/cb", commands: ["Group.Nope"] })).info).toBe(at("0.callback.commands.0"));
    expect(refusal(app({ token: "t" })).info).toBe(at("0.callback.url"));
    const parsed = appRegistry(app({ url: "https://x.test/cb", commands: ["Group.CallbackAfterMuteChanged"] })).get(1)!;
    expect(parsed.callback).toEqual({
      url: "https://x.test/cb",
      token: null,
      commands: new Set(["Group.CallbackAfterMuteChanged"]),
    });
    expect(appRegistry(app({ url: "http://127.0.0.1:9/cb" })).get(1)!.callback!.commands).toEqual(
      new Set(CALLBACK_COMMANDS),
    );
  });

  it("a muteLadder's decayDays is at most the 90 days the mute history keeps; 20 steps at most", () => {
    const app = (muteLadder: unknown) => JSON.stringify([{ sdkappid: 1, key: "k", admins: ["a"], muteLadder }]);
    const at = (where: string, own = "") =>
      `the service's app configuration (APPS) is invalid at ${where}${own}; the operator must fix it`;
    expect(appRegistry(app({ steps: [60], decayDays: 90 })).get(1)!.muteLadder).toEqual({ steps: [60], decayDays: 90 });
    expect(refusal(app({ steps: [60], decayDays: 91 })).info).toBe(
      at("0.muteLadder.decayDays", ": must be at most 90 (the days the mute history keeps)"),
    );
    expect(refusal(app({ steps: [60], decayDays: 3650 })).info).toBe(
      at("0.muteLadder.decayDays", ": must be at most 90 (the days the mute history keeps)"),
    );
    expect(refusal(app({ steps: [60], decayDays: 0 })).info).toBe(at("0.muteLadder.decayDays"));
    expect(refusal(app({ steps: Array(21).fill(60), decayDays: 30 })).info).toBe(at("0.muteLadder.steps"));
  });

  it("the same broken configuration keeps being refused", () => {
    const source = `[{"key":"${SECRET}"`;
    expect(refusal(source).code).toBe(10002);
    expect(refusal(source).code).toBe(10002);
  });

  it("parses apps: sdkappid, key, admins", () => {
    const registry = appRegistry(
      JSON.stringify([
        { sdkappid: 1400000000, key: "k0", admins: ["administrator", "ops"] },
        { sdkappid: 1, key: "k1", admins: ["a"] },
      ]),
    );
    expect([...registry.keys()].sort()).toEqual([1, 1400000000]);
    const app = registry.get(1400000000)!;
    expect(app.sdkappid).toBe(1400000000);
    expect(app.key).toBe("k0");
    expect([...app.admins].sort()).toEqual(["administrator", "ops"]);
    expect(registry.get(1)!.admins.has("administrator")).toBe(false);
  });

  it("the limit defaults to 200 calls per second per command", () => {
    expect(DEFAULT_RATE).toBe(200);
    const app = appRegistry(JSON.stringify([{ sdkappid: 7, key: "k", admins: ["a"] }])).get(7)!;
    expect(app.rateOf("forbid_send_msg")).toBe(200);
    expect(app.rateOf("get_group_muted_account")).toBe(200);
  });

  it("a per-command limit overrides the default for that command only", () => {
    const app = appRegistry(
      JSON.stringify([{ sdkappid: 7, key: "k", admins: ["a"], limits: { forbid_send_msg: 50 } }]),
    ).get(7)!;
    expect(app.rateOf("forbid_send_msg")).toBe(50);
    expect(app.rateOf("get_group_info")).toBe(200);
  });

  it("limits.default replaces 200 for every command without its own limit", () => {
    const app = appRegistry(
      JSON.stringify([{ sdkappid: 7, key: "k", admins: ["a"], limits: { default: 10, get_group_info: 5 } }]),
    ).get(7)!;
    expect(app.rateOf("get_group_info")).toBe(5);
    expect(app.rateOf("forbid_send_msg")).toBe(10);
    expect(app.rateOf("create_group")).toBe(10);
  });

  it("the live channel's budgets: connects as a command (else the default), a socket's sends 100 unless set", () => {
    const plain = appRegistry(JSON.stringify([{ sdkappid: 7, key: "k", admins: ["a"], limits: { default: 9 } }]));
    expect(plain.get(7)!.rateOf("group_live_connect")).toBe(9);
    expect(plain.get(7)!.socketSendRate).toBe(100);
    const set = appRegistry(
      JSON.stringify([
        { sdkappid: 7, key: "k", admins: ["a"], limits: { group_live_connect: 3, group_live_send: 1_000_000 } },
      ]),
    );
    expect(set.get(7)!.rateOf("group_live_connect")).toBe(3);
    expect(set.get(7)!.socketSendRate).toBe(1_000_000);
  });

  it("the test configuration itself parses, with the limited app's limits", () => {
    const registry = appRegistry(env.APPS);
    expect(registry.get(DEMO_APP.sdkappid)?.admins.has("second_admin")).toBe(true);
    expect(registry.get(SECOND_APP.sdkappid)?.rateOf("forbid_send_msg")).toBe(200);
    expect(registry.get(LIMITED_APP.sdkappid)?.rateOf("get_group_info")).toBe(5);
    expect(registry.get(LIMITED_APP.sdkappid)?.rateOf("forbid_send_msg")).toBe(10);
  });

  it("limits accept exactly the commands' current names: COMMAND_NAMES is the commands' list", () => {
    const current = COMMAND_ROUTES.filter((r) => !r.legacy).map((r) => r.command.name);
    expect([...COMMAND_NAMES]).toEqual(current);
    for (const name of COMMAND_NAMES) {
      const app = appRegistry(JSON.stringify([{ sdkappid: 7, key: "k", admins: ["a"], limits: { [name]: 3 } }])).get(
        7,
      )!;
      expect(app.rateOf(name)).toBe(3);
    }
  });

  it("is validated once: the same source gives the same registry", () => {
    const source = JSON.stringify([{ sdkappid: 9, key: "k", admins: ["a"] }]);
    expect(appRegistry(source)).toBe(appRegistry(source));
  });
});
