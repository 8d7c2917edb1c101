/**
 * UserSig v2 and the caller checks around it (docs/api.md, "Request shape",
 * "Errors", "UserSig v2"), seen only through the API: every refusal is an
 * exact envelope whose ErrorInfo names the problem, and changes nothing.
 */
import { beforeEach, describe, expect, inject, it } from "vitest";
import { bytesToBase64, toUserSigBase64 } from "../fixtures/base64";
import { FORGED_EXPIRE } from "../fixtures/provided";
import {
  call,
  callQuery,
  createGroup,
  DEMO_APP,
  deflate,
  fail,
  getMuted,
  mute,
  mutedAnswer,
  OK,
  SECOND_APP,
  type SignOptions,
  sign,
  T0,
  type TestClock,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

/** The exact envelope of a refusal: three fields, and an ErrorInfo that says what was wrong. */
function refused(code: number, info: RegExp) {
  return { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: expect.stringMatching(info) };
}

/** The usual query of a call without the parameter `name`. */
async function queryWithout(name: string): Promise<string> {
  const q = await callQuery();
  q.delete(name);
  return q.toString();
}

/**
 * Each test calls get_group_muted_account on a fresh, empty group: its empty list is the answer of
 * a call that got through authentication.
 */
let clock: TestClock;
let groupId: string;
beforeEach(async () => {
  clock = useTestClock();
  groupId = await createGroup();
});

/** `text` deflated and encoded the way a UserSig is, without being a signature document. */
async function wrap(text: string): Promise<string> {
  return toUserSigBase64(bytesToBase64(await deflate(new TextEncoder().encode(text))));
}

/** A UserSig signed with `o` (by default the demo admin's, valid an hour from T0), then `field` set to `value`. */
function signThenSet(field: string, value: unknown, o: SignOptions = {}): Promise<string> {
  return sign({
    time: T0,
    expire: 3600,
    ...o,
    mutate: (doc) => {
      doc[field] = value;
    },
  });
}

/** The inflated document of a UserSig, as text. */
async function inflated(usersig: string): Promise<string> {
  const b64 = usersig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
}

/** A UserSig signed with `o` (valid an hour from T0 by default), its document text then rewritten by `edit`. */
async function signThenEdit(edit: (json: string) => string, o: SignOptions = {}): Promise<string> {
  const text = await inflated(await sign({ time: T0, expire: 3600, ...o }));
  const edited = edit(text);
  expect(edited).not.toBe(text);
  return wrap(edited);
}

/** What an ErrorInfo says of a control character: its code point (4 hex digits) and where. */
const hasControl = (code: string, index: number) =>
  `must not contain control characters (it has U+${code} at index ${index})`;

/** Flips the lowest bit of the first byte of a standard-base64 MAC. */
function flipFirstByte(b64: string): string {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytes[0] = bytes[0]! ^ 0x01;
  return bytesToBase64(bytes);
}

describe("UserSigs of the official generator (npm tls-sig-api-v2)", () => {
  const official = inject("officialSigs");

  // The official generator stamps TLS.time with the real time at which the suite started.
  beforeEach(() => void useTestClock(official.madeAt + 10));

  it("are made for the demo app's admin", () => {
    expect(official.identifier).toBe(DEMO_APP.admin);
  });

  it("genUserSig's UserSig is accepted", async () => {
    expect(await getMuted(groupId, { usersig: official.plain })).toEqual(mutedAnswer(groupId));
  });

  it("genPrivateMapKey's UserSig (with TLS.userbuf) is accepted", async () => {
    expect(await getMuted(groupId, { usersig: official.withUserbuf })).toEqual(mutedAnswer(groupId));
  });

  it.each(Array.from({ length: 10 }, (_, level) => level))(
    "a document deflated at zlib level %i is accepted",
    async (level) => {
      const usersig = official.byLevel[level];
      expect(usersig).toBeTypeOf("string");
      expect(await getMuted(groupId, { usersig: usersig! })).toEqual(mutedAnswer(groupId));
    },
  );

  it("genUserSig(…, 86400) is expired a day later", async () => {
    // genUserSig reads its own clock, which may be a second past madeAt.
    useTestClock(official.madeAt + 86400 + 2);
    expect(await getMuted(groupId, { usersig: official.plain })).toEqual(refused(70001, /usersig expired/i));
  });
});

describe("query parameters of the caller", () => {
  it("60012: sdkappid missing", async () => {
    expect(await getMuted(groupId, { rawQuery: await queryWithout("sdkappid") })).toEqual(
      refused(60012, /sdkappid.*missing/),
    );
  });

  it.each(["abc", "", "-1", "1.5", "1e9", "0x10", "4294967296", "14000000000000"])(
    "60006: sdkappid %j is not an unsigned 32-bit number",
    async (sdkappid) => {
      expect(await getMuted(groupId, { sdkappid })).toEqual(refused(60006, /sdkappid/));
    },
  );

  it("60006: sdkappid names no app of this service", async () => {
    const answer = await getMuted(groupId, { sdkappid: 1400099999 });
    expect(answer).toEqual(refused(60006, /sdkappid 1400099999 is not an app/));
  });

  it("70002: usersig missing", async () => {
    expect(await getMuted(groupId, { rawQuery: await queryWithout("usersig") })).toEqual(
      refused(70002, /usersig.*missing/),
    );
  });

  it("70002: usersig empty", async () => {
    expect(await getMuted(groupId, { usersig: "" })).toEqual(refused(70002, /usersig.*empty/));
  });

  it("60010: identifier is not an admin of the app", async () => {
    const usersig = await sign({ identifier: "ordinary_user", time: T0, expire: 3600 });
    expect(await getMuted(groupId, { identifier: "ordinary_user", usersig })).toEqual(
      refused(60010, /identifier.*not an app admin/),
    );
  });

  it("60010: identifier missing", async () => {
    expect(await getMuted(groupId, { rawQuery: await queryWithout("identifier") })).toEqual(
      refused(60010, /identifier.*missing/),
    );
  });

  it("60010: an admin of one app is not an admin of another", async () => {
    const usersig = await sign({
      sdkappid: SECOND_APP.sdkappid,
      key: SECOND_APP.key,
      identifier: "second_admin",
      time: T0,
      expire: 3600,
    });
    expect(await getMuted(groupId, { sdkappid: SECOND_APP.sdkappid, identifier: "second_admin", usersig })).toEqual(
      refused(60010, /identifier.*not an app admin/),
    );
  });

  it("a second admin of the app is let in with its own UserSig", async () => {
    const usersig = await sign({ identifier: "second_admin", time: T0, expire: 3600 });
    expect(await getMuted(groupId, { identifier: "second_admin", usersig })).toEqual(mutedAnswer(groupId));
  });
});

describe("70003 for a UserSig that cannot be decoded", () => {
  it.each(["not base64!", "abc def", "a+b/c=", "A"])("%j is not base64 in the UserSig alphabet", async (usersig) => {
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70003, /usersig cannot be decoded: .*base64/));
  });

  it("base64 of something that is not a zlib stream", async () => {
    const usersig = toUserSigBase64(btoa("this is not a zlib stream at all"));
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70003, /usersig cannot be decoded: .*zlib/));
  });

  it("a zlib stream cut short", async () => {
    const whole = await deflate(
      new TextEncoder().encode(JSON.stringify({ "TLS.ver": "2.0", "TLS.identifier": DEMO_APP.admin })),
    );
    const usersig = toUserSigBase64(bytesToBase64(whole.subarray(0, whole.length - 6)));
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70003, /usersig cannot be decoded: .*zlib/));
  });

  it("a zlib stream of something that is not JSON", async () => {
    expect(await getMuted(groupId, { usersig: await wrap("TLS.ver=2.0; not json") })).toEqual(
      refused(70003, /usersig cannot be decoded: .*not JSON/),
    );
  });

  it("a zlib stream that inflates past the size cap (zlib bomb)", async () => {
    const usersig = await wrap(`{"TLS.ver":"2.0","pad":"${" ".repeat(64 * 1024)}"}`);
    expect(usersig.length).toBeLessThan(4096);
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70003, /usersig cannot be decoded: .*over \d+ bytes/));
  });

  it.each(["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.sig"])(
    "the document lacks %s",
    async (field) => {
      const usersig = await sign({ time: T0, expire: 3600, mutate: (doc) => void delete doc[field] });
      expect(await getMuted(groupId, { usersig })).toEqual(
        refused(70003, new RegExp(`usersig cannot be decoded: field ${field.replace(".", "\\.")} is missing`)),
      );
    },
  );

  it.each<[string, unknown]>([
    ["TLS.ver", "1.0"],
    ["TLS.identifier", 42],
    ["TLS.userbuf", 7],
    ["TLS.sig", null],
  ])("the document has a malformed %s", async (field, value) => {
    const usersig = await signThenSet(field, value);
    expect(await getMuted(groupId, { usersig })).toEqual(
      refused(
        70003,
        new RegExp(`usersig cannot be decoded: field ${field.replace(".", "\\.")} is missing or malformed`),
      ),
    );
  });

  it.each(["[1,2,3]", "null", '"TLS.ver"', "42"])("the document is JSON but not an object: %s", async (text) => {
    expect(await getMuted(groupId, { usersig: await wrap(text) })).toEqual(
      refused(70003, /usersig cannot be decoded: the inflated content is not a JSON object/),
    );
  });

  it("a UserSig over 4096 characters is refused before decoding", async () => {
    expect(await getMuted(groupId, { usersig: "A".repeat(4097) })).toEqual(
      refused(70003, /usersig cannot be decoded: it is longer than 4096 characters/),
    );
  });

  it("a UserSig of exactly 4096 characters is still decoded", async () => {
    // At the cap the length check lets it through, so the answer is about its content instead.
    expect(await getMuted(groupId, { usersig: "A".repeat(4096) })).toEqual(
      refused(70003, /usersig cannot be decoded: it is not a zlib stream/),
    );
  });
});

describe("the newline forgery: one signed text, one reading (70003)", () => {
  const official = inject("officialSigs");
  const admin = DEMO_APP.admin;

  /**
   * The official generator signs "TLS.identifier:" + identifier + "\n" + the other lines, so the
   * identifier `administrator\nTLS.sdkappid:…\nTLS.time:{t}\nTLS.expire:99999999999\nTLS.userbuf:` gets
   * an HMAC over the very text of a document whose identifier is `administrator`, valid until the
   * year 5195, whose userbuf holds the tail (the real sdkappid, time and expire lines).
   */
  async function forgeFromNewlineIdentifier(): Promise<{ usersig: string; validUntil: number }> {
    const real = JSON.parse(await inflated(official.newlineIdentifier)) as Record<string, unknown>;
    const lines = [`TLS.sdkappid:${DEMO_APP.sdkappid}`, `TLS.time:${official.madeAt}`, `TLS.expire:${FORGED_EXPIRE}`];
    expect(real["TLS.identifier"]).toBe([admin, ...lines, "TLS.userbuf:"].join("\n"));
    expect(real["TLS.expire"]).toBe(3600);
    const forged = {
      "TLS.ver": "2.0",
      "TLS.identifier": admin,
      "TLS.sdkappid": DEMO_APP.sdkappid,
      "TLS.time": official.madeAt,
      "TLS.expire": FORGED_EXPIRE,
      "TLS.userbuf": `\nTLS.sdkappid:${DEMO_APP.sdkappid}\nTLS.time:${real["TLS.time"]}\nTLS.expire:3600`,
      "TLS.sig": real["TLS.sig"],
    };
    return { usersig: await wrap(JSON.stringify(forged)), validUntil: official.madeAt + FORGED_EXPIRE };
  }

  it("the forged administrator sig (userbuf with newlines) is refused, and changes nothing", async () => {
    const { usersig, validUntil } = await forgeFromNewlineIdentifier();
    expect(new Date(validUntil * 1000).getUTCFullYear()).toBe(5195);
    // Long after the real sig's hour (the test clock is in 2065), while the forgery claims 5195.
    expect(clock.now).toBeGreaterThan(official.madeAt + 3600);
    expect(await mute(groupId, ["alice"], 60)).toEqual(OK);
    const before = await getMuted(groupId);

    const refusal = {
      ...fail(70003),
      ErrorInfo: `usersig cannot be decoded: field TLS.userbuf ${hasControl("000A", 0)}`,
    };
    expect(await getMuted(groupId, { usersig })).toEqual(refusal);
    expect(await mute(groupId, ["bob"], 600, { usersig })).toEqual(refusal);
    expect(await mute(groupId, ["alice"], 0, { usersig })).toEqual(refusal);
    expect(await getMuted(groupId)).toEqual(before);
  });

  it("the official sig of the newline identifier itself is refused for its identifier (70003, not 70013)", async () => {
    useTestClock(official.madeAt + 10);
    // Its identifier is also far over 32 bytes, which is checked first.
    expect(await getMuted(groupId, { usersig: official.newlineIdentifier })).toEqual(
      refused(70003, /^usersig cannot be decoded: field TLS\.identifier must be 1 to 32 bytes$/),
    );
  });

  it.each<[string, string, RegExp]>([
    [
      "a newline",
      "admin\nistrator",
      /^query parameter identifier must not contain control characters \(it has U\+000A at index 5\)$/,
    ],
    [
      "the forging lines",
      `${admin}\nTLS.sdkappid:${DEMO_APP.sdkappid}\nTLS.userbuf:`,
      /^query parameter identifier must be 1 to 32 bytes$/,
    ],
  ])("60010: an identifier query parameter with %s is no account, before any UserSig", async (_, identifier, info) => {
    expect(await getMuted(groupId, { identifier, usersig: official.newlineIdentifier })).toEqual(refused(60010, info));
  });

  it.each(["\u0000", "\t", "\n", "\r", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f"])(
    "a validly signed TLS.userbuf with %j is refused",
    async (control) => {
      const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      const usersig = await sign({ time: T0, expire: 3600, userbuf: `AAAA${control}AAAA` });
      expect(await getMuted(groupId, { usersig })).toEqual({
        ...fail(70003),
        ErrorInfo: `usersig cannot be decoded: field TLS.userbuf ${hasControl(code, 4)}`,
      });
    },
  );

  it.each<[string, string, RegExp]>([
    [
      "a control character",
      "admin\u0085istrator",
      /field TLS\.identifier must not contain control characters \(it has U\+0085 at index 5\)$/,
    ],
    ["nothing", "", /field TLS\.identifier must be 1 to 32 bytes$/],
    ["33 bytes", "字".repeat(11), /field TLS\.identifier must be 1 to 32 bytes$/],
  ])("a validly signed TLS.identifier of %s is refused before it is compared", async (_, identifier, info) => {
    const usersig = await sign({ identifier, time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70003, info));
  });

  it("a userbuf without control characters, base64 or not, is still accepted", async () => {
    for (const userbuf of ["", "AAAA+/==", "room 10000 \u00a0 ✓"]) {
      const usersig = await sign({ time: T0, expire: 3600, userbuf });
      expect(await getMuted(groupId, { usersig }), JSON.stringify(userbuf)).toEqual(mutedAnswer(groupId));
    }
  });
});

describe("the numbers of a UserSig are plain digits (70003)", () => {
  const notPlain = (field: string) => ({
    ...fail(70003),
    ErrorInfo:
      `usersig cannot be decoded: field ${field} must be a JSON number in plain digits ` +
      "(no sign, fraction, exponent or leading zero)",
  });

  // Each is the number the HMAC was taken over, written another way: the signature still matches.
  it.each<[string, string, string]>([
    ["TLS.sdkappid", "1400000000", "1.4e9"],
    ["TLS.sdkappid", "1400000000", "1400000000.0"],
    ["TLS.sdkappid", "1400000000", "1400000000e0"],
    ["TLS.sdkappid", "1400000000", "14000000000E-1"],
    ["TLS.sdkappid", "1400000000", '"1400000000"'],
    ["TLS.time", String(T0), `${T0}.000`],
    ["TLS.time", String(T0), "3E9"],
    ["TLS.expire", "3600", "3.6e3"],
    ["TLS.expire", "3600", "3600.0"],
    ["TLS.expire", "3600", '"3600"'],
  ])("%s %s written as %s", async (field, plain, written) => {
    const usersig = await signThenEdit((json) => json.replace(`"${field}":${plain}`, `"${field}":${written}`));
    expect(await getMuted(groupId, { usersig })).toEqual(notPlain(field));
  });

  it("TLS.time 0 written as -0", async () => {
    const usersig = await signThenEdit((json) => json.replace('"TLS.time":0', '"TLS.time":-0'), {
      time: 0,
      expire: 4_000_000_000,
    });
    expect(await getMuted(groupId, { usersig })).toEqual(notPlain("TLS.time"));
  });

  it("a negative TLS.time", async () => {
    const usersig = await signThenSet("TLS.time", -5);
    expect(await getMuted(groupId, { usersig })).toEqual(notPlain("TLS.time"));
  });

  it("a leading zero (01400000000) is not JSON at all", async () => {
    const usersig = await signThenEdit((json) =>
      json.replace('"TLS.sdkappid":1400000000', '"TLS.sdkappid":01400000000'),
    );
    expect(await getMuted(groupId, { usersig })).toEqual(
      refused(70003, /^usersig cannot be decoded: the inflated content is not JSON$/),
    );
  });

  it.each(["9007199254740992", "9007199254740993", `1${"0".repeat(21)}`])(
    "plain digits past 2^53 - 1 (%s) are refused",
    async (digits) => {
      const usersig = await signThenEdit((json) => json.replace(`"TLS.time":${T0}`, `"TLS.time":${digits}`));
      expect(await getMuted(groupId, { usersig })).toEqual(
        refused(70003, /^usersig cannot be decoded: field TLS\.time must be an integer of at most 9007199254740991$/),
      );
    },
  );

  it.each<[string, SignOptions]>([
    ["TLS.time 0", { time: 0, expire: 4_000_000_000 }],
    ["TLS.expire 0", { time: T0, expire: 0 }],
    ["TLS.time 2^53 - 1", { time: Number.MAX_SAFE_INTEGER, expire: 0 }],
    ["TLS.expire 2^53 - 1", { time: T0, expire: Number.MAX_SAFE_INTEGER }],
  ])("plain digits are accepted: %s", async (_, o) => {
    expect(await getMuted(groupId, { usersig: await sign(o) })).toEqual(mutedAnswer(groupId));
  });
});

describe("what a UserSig was made for: 70014 and 70013", () => {
  it("70014: made (and validly signed) for another sdkappid", async () => {
    const usersig = await sign({ sdkappid: SECOND_APP.sdkappid, key: SECOND_APP.key, time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(
      refused(70014, /usersig was made for sdkappid 1400000001, not 1400000000/),
    );
  });

  it("70014: a sig of the demo app presented to the second app", async () => {
    const usersig = await sign({ time: T0, expire: 3600 });
    expect(await getMuted(groupId, { sdkappid: SECOND_APP.sdkappid, usersig })).toEqual(
      refused(70014, /usersig was made for sdkappid 1400000000, not 1400000001/),
    );
  });

  it("70013: made for second_admin, presented as administrator", async () => {
    const usersig = await sign({ identifier: "second_admin", time: T0, expire: 3600 });
    expect(await getMuted(groupId, { identifier: DEMO_APP.admin, usersig })).toEqual(
      refused(70013, /usersig was made for another identifier/),
    );
  });

  it("70013: identifiers are compared exactly (case matters)", async () => {
    const usersig = await sign({ identifier: "Administrator", time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70013, /another identifier/));
  });
});

describe("expiry: 70001 (valid while now <= time + expire)", () => {
  it("is valid at exactly time + expire", async () => {
    const usersig = await sign({ time: T0 - 100, expire: 100 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
  });

  it("is expired at time + expire + 1 (never seen before)", async () => {
    const usersig = await sign({ time: T0 - 101, expire: 100 });
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70001, new RegExp(`usersig expired at ${T0 - 1}`)));
  });

  it("expire 0 is valid only in the second it was made", async () => {
    const usersig = await sign({ time: T0, expire: 0 });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
    clock.advance(1);
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70001, /expired/));
  });
});

describe("70009 for a signature that does not match the app's key", () => {
  const badSignature = () => refused(70009, /usersig signature does not match the app's secret key/);

  it("TLS.time changed after signing (to stretch its validity)", async () => {
    const usersig = await signThenSet("TLS.time", T0, { time: T0 - 1000, expire: 10 });
    expect(await getMuted(groupId, { usersig })).toEqual(badSignature());
  });

  it("TLS.expire changed after signing", async () => {
    const usersig = await signThenSet("TLS.expire", 10_000_000, { expire: 10 });
    expect(await getMuted(groupId, { usersig })).toEqual(badSignature());
  });

  it("made with another app's key, and refused again when presented again", async () => {
    const usersig = await sign({ key: SECOND_APP.key, time: T0, expire: 3600 });
    expect(await getMuted(groupId, { usersig })).toEqual(badSignature());
    expect(await getMuted(groupId, { usersig })).toEqual(badSignature());
  });

  it("one byte of TLS.sig flipped", async () => {
    const usersig = await sign({
      time: T0,
      expire: 3600,
      mutate: (doc) => {
        doc["TLS.sig"] = flipFirstByte(doc["TLS.sig"] as string);
      },
    });
    expect(await getMuted(groupId, { usersig })).toEqual(badSignature());
  });

  it("TLS.sig truncated, or not base64", async () => {
    const truncated = await sign({
      time: T0,
      expire: 3600,
      mutate: (doc) => {
        doc["TLS.sig"] = (doc["TLS.sig"] as string).slice(0, 20);
      },
    });
    expect(await getMuted(groupId, { usersig: truncated })).toEqual(badSignature());
    const garbage = await signThenSet("TLS.sig", "%%% not base64 %%%");
    expect(await getMuted(groupId, { usersig: garbage })).toEqual(badSignature());
  });
});

describe("TLS.userbuf is signed with the rest of the document", () => {
  it("a sig with a userbuf is accepted", async () => {
    const usersig = await sign({ time: T0, expire: 3600, userbuf: btoa("room 10000, all privileges") });
    expect(await getMuted(groupId, { usersig })).toEqual(mutedAnswer(groupId));
  });

  it("changing the userbuf after signing: 70009", async () => {
    const usersig = await signThenSet("TLS.userbuf", btoa("room 10001"), { userbuf: btoa("room 10000") });
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70009, /signature does not match/));
  });

  it("removing the userbuf after signing: 70009", async () => {
    const usersig = await sign({
      time: T0,
      expire: 3600,
      userbuf: btoa("room 10000"),
      mutate: (doc) => void delete doc["TLS.userbuf"],
    });
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70009, /signature does not match/));
  });

  it("adding a userbuf to a sig made without one: 70009", async () => {
    const usersig = await signThenSet("TLS.userbuf", btoa("room 10000"));
    expect(await getMuted(groupId, { usersig })).toEqual(refused(70009, /signature does not match/));
  });
});

describe("a refused call changes nothing", () => {
  it("forbid_send_msg with a bad sig leaves the mute list as it was", async () => {
    expect(await mute(groupId, ["alice"], 60)).toEqual(OK);
    const before = await getMuted(groupId);
    expect(before).toEqual(mutedAnswer(groupId, [{ Member_Account: "alice", MutedUntil: T0 + 60 }]));

    const forged = await sign({ key: SECOND_APP.key, time: T0, expire: 3600 });
    const expired = await sign({ time: T0 - 100, expire: 10 });
    const otherAdmin = await sign({ identifier: "second_admin", time: T0, expire: 3600 });
    // Mute bob, unmute alice, extend alice: none of it may happen.
    for (const [usersig, code] of [
      [forged, 70009],
      [expired, 70001],
      [otherAdmin, 70013],
      ["", 70002],
      ["garbage!", 70003],
    ] as const) {
      expect(await mute(groupId, ["bob"], 600, { usersig })).toMatchObject({ ErrorCode: code });
      expect(await mute(groupId, ["alice"], 0, { usersig })).toMatchObject({ ErrorCode: code });
      expect(await mute(groupId, ["alice"], 4294967295, { usersig })).toMatchObject({ ErrorCode: code });
    }
    expect(await getMuted(groupId)).toEqual(before);
  });

  it("create_group with a bad sig creates no group, and the GroupId stays free", async () => {
    const freeId = uniqueGroupId();
    const forged = await sign({ key: SECOND_APP.key, time: T0, expire: 3600 });
    expect(
      await call("create_group", { Type: "Public", Name: "forged", GroupId: freeId }, { usersig: forged }),
    ).toEqual(refused(70009, /signature/));
    expect(await getMuted(freeId)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 10010 });
    expect(await call("create_group", { Type: "Public", Name: "real", GroupId: freeId })).toEqual({
      ...OK,
      GroupId: freeId,
    });
  });

  it("destroy_group with a bad sig leaves the group", async () => {
    const wrongApp = await sign({ sdkappid: SECOND_APP.sdkappid, key: SECOND_APP.key, time: T0, expire: 3600 });
    expect(await call("destroy_group", { GroupId: groupId }, { usersig: wrongApp })).toEqual(
      refused(70014, /sdkappid/),
    );
    expect(await getMuted(groupId)).toEqual(mutedAnswer(groupId));
  });

  it("auth is checked before the body: a bad sig with a bad body is an auth error", async () => {
    expect(await mute(groupId, [], -1, { usersig: "" })).toEqual(refused(70002, /usersig/));
  });
});
