import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  call,
  callQuery,
  createGroup,
  DEMO_APP,
  fail,
  getMuted,
  mute,
  mutedList,
  OK,
  rawCall,
  SECOND_APP,
  textBody,
  useTestClock,
} from "../helpers";

beforeEach(() => void useTestClock());

const ONE_MIB = 1024 * 1024;

describe("envelope and routing", () => {
  it("answers HTTP 200 JSON with the envelope first", async () => {
    const g = await createGroup();
    const response = await rawCall("get_group_muted_account", { GroupId: g });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text.startsWith('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""')).toBe(true);
  });

  it("refuses a path that is not /v4/{service}/{command} with 60002", async () => {
    for (const path of [
      "/",
      "/v4",
      "/v4/group_open_http_svc",
      "/v4/group_open_http_svc/forbid_send_msg/extra",
      "/v3/group_open_http_svc/forbid_send_msg",
    ]) {
      const response = await SELF.fetch(`https://im.example.test${path}?sdkappid=${DEMO_APP.sdkappid}`, {
        method: "POST",
        body: "{}",
      });
      expect(response.status).toBe(200);
      const answer = await response.json<Record<string, unknown>>();
      expect(answer).toMatchObject(fail(60002));
      expect(answer.ErrorInfo).toContain("/v4/{service}/{command}");
    }
  });

  it("refuses other methods than POST with 60002", async () => {
    const answer = await call("get_group_muted_account", undefined, { method: "GET" });
    expect(answer).toMatchObject(fail(60002));
    expect(answer.ErrorInfo).toContain("POST");
  });

  it("answers 10003 for an unknown command or service", async () => {
    const unknownCommand = await call("no_such_command", {});
    expect(unknownCommand).toMatchObject(fail(10003));
    expect(unknownCommand.ErrorInfo).toContain("no_such_command");
    expect(await call("forbid_send_msg", {}, { service: "openim" })).toMatchObject(fail(10003));
  });
});

describe("query parameters", () => {
  /** get_group_muted_account with the usual query, changed by `change` (null removes a parameter). */
  const withQuery = async (change: Record<string, string | null>) => {
    const q = await callQuery();
    for (const [k, v] of Object.entries(change)) {
      if (v === null) q.delete(k);
      else q.set(k, v);
    }
    return getMuted("x", { rawQuery: q.toString() });
  };

  it("60002 when random is missing or not a uint32, or contenttype is not json", async () => {
    expect(await withQuery({ random: null })).toMatchObject({
      ...fail(60002),
      ErrorInfo: expect.stringContaining("random"),
    });
    expect(await withQuery({ random: "4294967296" })).toMatchObject({
      ...fail(60002),
      ErrorInfo: expect.stringContaining("random"),
    });
    expect(await withQuery({ contenttype: "xml" })).toMatchObject({
      ...fail(60002),
      ErrorInfo: expect.stringContaining("contenttype"),
    });
  });

  it("60002 when a parameter is repeated", async () => {
    const q = await callQuery();
    q.append("sdkappid", String(SECOND_APP.sdkappid));
    expect(await getMuted("x", { rawQuery: q.toString() })).toMatchObject(fail(60002));
  });

  it("accepts contenttype omitted and unknown extra parameters", async () => {
    const g = await createGroup();
    const q = await callQuery();
    q.delete("contenttype");
    q.set("extra", "1");
    expect(await getMuted(g, { rawQuery: q.toString() })).toMatchObject(OK);
  });

  it("reads the query without a fragment, as a URL parser does", async () => {
    const g = await createGroup();
    const q = (await callQuery()).toString();
    expect(await getMuted(g, { rawQuery: `${q}#contenttype=xml` })).toMatchObject(OK);
    // A "?" after the "#" starts no query.
    expect(await getMuted(g, { rawQuery: `#?${q}` })).toMatchObject(fail(60012));
  });
});

describe("body", () => {
  it("60003 for a body that is not JSON, or not an object", async () => {
    // `[]` is `{}` (test/core/leniency.test.ts); any other array is no object.
    for (const raw of ["not json", "{", "", "[1]", "[{}]", "[[]]", "null", "42", '"s"', "\u00ff\u00fe"]) {
      const answer = await call("get_group_muted_account", undefined, { rawBody: raw });
      expect(answer).toMatchObject(fail(60003));
      expect(answer.ErrorInfo).toMatch(/body/);
    }
  });

  it("60003 for a body that is not UTF-8", async () => {
    const answer = await call("get_group_muted_account", undefined, { rawBody: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(answer).toMatchObject(fail(60003));
  });

  it("tolerates any Content-Type, or none", async () => {
    const g = await createGroup();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const answer = await getMuted(g, { headers: { "content-type": type } });
      expect(answer).toMatchObject(OK);
    }
  });

  it("10004 for a body over 1 MiB, declared by Content-Length", async () => {
    const body = JSON.stringify({ GroupId: "x", pad: "a".repeat(ONE_MIB) });
    const answer = await call("get_group_muted_account", undefined, { rawBody: body });
    expect(answer).toMatchObject(fail(10004));
    expect(answer.ErrorInfo).toContain("1048576");
  });

  it("10004 for a chunked body over 1 MiB without Content-Length, cut off and changing nothing", async () => {
    const g = await createGroup();
    const encoder = new TextEncoder();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(encoder.encode(`{"GroupId":"${g}","Members_Account":["a"],"MuteTime":60,"pad":"`));
        sent += 1;
        if (sent > 40) return controller.close();
        controller.enqueue(encoder.encode("x".repeat(32 * 1024)));
      },
    });
    // Through the runtime's HTTP entry, as a client's chunked upload arrives.
    const answer = await call("forbid_send_msg", undefined, { rawBody: body, viaSelf: true });
    expect(answer).toMatchObject(fail(10004));
    expect(await mutedList(g)).toEqual([]);
  });

  it("accepts a body of exactly 1 MiB", async () => {
    const g = await createGroup();
    const prefix = JSON.stringify({ GroupId: g, pad: "" });
    const body = `${prefix.slice(0, -2) + "a".repeat(ONE_MIB - prefix.length)}"}`;
    expect(new TextEncoder().encode(body).byteLength).toBe(ONE_MIB);
    expect(await call("get_group_muted_account", undefined, { rawBody: body })).toMatchObject(OK);
  });
});

describe("schemas", () => {
  it("treats a field sent as null as absent, in every object of the body, as SDKs send unset fields", async () => {
    const g = await createGroup({ Owner_Account: "o", MemberList: [{ Member_Account: "bob", Role: null }] });
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60, ShutUpTime: null }),
    ).toEqual(OK);
    expect(
      await call("modify_group_base_info", { GroupId: g, Name: null, MuteAllMember: null, ShutUpAllMember: "On" }),
    ).toEqual(OK);
    const info = await call("get_group_info", { GroupIdList: [g] });
    expect(info.GroupInfo[0]).toMatchObject({ Name: "test group", MuteAllMember: "On", MemberNum: 2 });
    expect(
      await call("send_group_msg", { GroupId: g, From_Account: null, Random: 1, MsgBody: textBody("hi") }),
    ).toMatchObject(OK);
    // A body that is null as a whole is still no object.
    expect(await call("forbid_send_msg", null)).toMatchObject(fail(60003));
  });

  it("10004 names the field that is missing or wrong", async () => {
    const g = await createGroup();
    const cases: [unknown, string][] = [
      [{}, "GroupId: is required"],
      [{ GroupId: 5 }, "GroupId: must be a string"],
      [{ GroupId: g }, "Members_Account: is required"],
      [{ GroupId: g, Members_Account: "a", MuteTime: 1 }, "Members_Account: must be an array"],
      [{ GroupId: g, Members_Account: ["a", 7], MuteTime: 1 }, "Members_Account[1]: must be a string"],
      [{ GroupId: g, Members_Account: ["a", ""], MuteTime: 1 }, "Members_Account[1]: must be 1 to 32 bytes"],
      [{ GroupId: g, Members_Account: ["x".repeat(33)], MuteTime: 1 }, "Members_Account[0]: must be 1 to 32 bytes"],
      // A lone surrogate would be stored as U+FFFD bytes and read back as another account.
      [
        { GroupId: g, Members_Account: ["ok", "\ud800"], MuteTime: 1 },
        "Members_Account[1]: must be well-formed Unicode",
      ],
      [{ GroupId: g, Members_Account: ["a\udfffb"], MuteTime: 1 }, "Members_Account[0]: must be well-formed Unicode"],
      [{ GroupId: g, Members_Account: [], MuteTime: 1 }, "Members_Account: must name at least one account"],
      [{ GroupId: g, Members_Account: ["a"], MuteTime: -1 }, "MuteTime: must not be negative"],
      [{ GroupId: g, Members_Account: ["a"], MuteTime: 1.5 }, "MuteTime: must be an integer"],
      [{ GroupId: g, Members_Account: ["a"], MuteTime: 4294967296 }, "MuteTime: must be at most 4294967295"],
      [{ GroupId: g, Members_Account: ["a"], MuteTime: "60" }, "MuteTime: must be a number"],
      // null is absent: a required field sent as null is missing.
      [{ GroupId: g, Members_Account: ["a"], MuteTime: null }, "MuteTime: is required (or legacy ShutUpTime)"],
      [{ GroupId: null, Members_Account: ["a"], MuteTime: 1 }, "GroupId: is required"],
      [{ GroupId: g, Members_Account: ["a", null], MuteTime: 1 }, "Members_Account[1]: must be a string, not null"],
    ];
    for (const [body, info] of cases) {
      const answer = await call("forbid_send_msg", body);
      expect(answer, JSON.stringify(body)).toMatchObject(fail(10004));
      expect(answer.ErrorInfo, JSON.stringify(body)).toContain(info);
    }
  });

  it("refuses an account with a control character: 10004 naming the field and why; changes nothing", async () => {
    const g = await createGroup({ Owner_Account: "o", MemberList: [{ Member_Account: "bob" }] });
    expect(await mute(g, ["bob"], 60)).toEqual(OK);
    const muted = await mutedList(g);
    const members = await call("get_group_member_info", { GroupId: g });
    const refusal = (ErrorInfo: string) => ({ ...fail(10004), ErrorInfo });

    // A newline in an account is the forged-UserSig identifier's newline (docs/design.md).
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob", "bo\nb"], MuteTime: 0 })).toEqual(
      refusal("Members_Account[1]: must not contain control characters (it has U+000A at index 2)"),
    );
    for (const [control, code] of [
      ["\u0000", "0000"],
      ["\t", "0009"],
      ["\u001f", "001F"],
      ["\u007f", "007F"],
      ["\u0080", "0080"],
      ["\u009f", "009F"],
    ]) {
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: [`${control}x`], MuteTime: 60 })).toEqual(
        refusal(`Members_Account[0]: must not contain control characters (it has U+${code} at index 0)`),
      );
    }
    expect(
      await call("add_group_member", {
        GroupId: g,
        MemberList: [{ Member_Account: "carol" }, { Member_Account: "eve\r" }],
      }),
    ).toEqual(refusal("MemberList[1].Member_Account: must not contain control characters (it has U+000D at index 3)"));

    expect(await mutedList(g)).toEqual(muted);
    expect(await call("get_group_member_info", { GroupId: g })).toEqual(members);
    // Next to them, a character that only looks like space is an account like any other.
    expect(await mute(g, ["bob\u00a0"], 60)).toEqual(OK);
  });

  it("counts multi-byte characters as bytes", async () => {
    const g = await createGroup();
    // 11 three-byte characters: 11 characters, 33 bytes.
    const answer = await mute(g, ["字".repeat(11)], 1);
    expect(answer).toMatchObject(fail(10004));
    expect(await mute(g, ["字".repeat(10)], 1)).toEqual(OK);
  });

  it("ignores unknown fields, as Tencent does", async () => {
    const g = await createGroup();
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], MuteTime: 5, Future: { x: 1 } }),
    ).toEqual(OK);
  });
});
