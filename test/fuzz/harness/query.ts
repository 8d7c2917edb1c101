/**
 * Query strings: the URL's sdkappid, identifier, usersig, random and contenttype, of every shape.
 */

import fc from "fast-check";
import { DEMO_APP, rawCall, SECOND_APP } from "../../helpers";
import { anyString } from "./arbitraries/junk";
import {
  NO_GROUP,
  NOT_ADMIN,
  SDKAPPID_INVALID,
  SDKAPPID_MISSING,
  SIG_BAD,
  SIG_EXPIRED,
  SIG_MISSING,
  SIG_UNDECODABLE,
  SIG_WRONG_APP,
  SIG_WRONG_ID,
  UNKNOWN_COMMAND,
  URL_CLASS,
  URL_INVALID,
} from "./codes";
import { encoder, expectCode, readAnswer, runProperty, show } from "./harness";
import type { Property } from "./property";
import { ALL_COMMANDS } from "./raw-bodies";

// ---------------------------------------------------------------------------------------------
// Query strings

/** Percent-encodes every byte that is not unreserved, lone surrogates included (as U+FFFD). */
function encodeQueryPart(s: string): string {
  let out = "";
  for (const b of encoder.encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~*]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

interface Choice {
  /** The values given for the parameter: none, one, or a repeat. */
  values: string[];
  /** Codes this choice justifies (empty: the parameter is fine). */
  codes: number[];
  /** For sdkappid: the app it names; for identifier: the account; for usersig: who it was made for. */
  meaning?: { app?: number; identifier?: string; sig?: "good" | "expired" | "wrongKey" };
}

const one = (value: string, codes: number[] = [], meaning?: Choice["meaning"]): Choice => ({
  values: [value],
  codes,
  ...(meaning ? { meaning } : {}),
});
const missing = (codes: number[]): Choice => ({ values: [], codes });
/** The parameter twice (the first value of each choice, or a stand-in): ambiguous, so 60002. */
const repeated = (a: Choice, b: Choice): Choice => ({
  values: [a.values[0] ?? "1", b.values[0] ?? "2"],
  codes: [URL_INVALID],
});

/** Digit strings that are not a uint32 to Tencent, and not a number at all. */
const notUint32Text = fc.oneof(
  fc.constantFrom(
    "-1",
    "1.5",
    "4294967296",
    "99999999999",
    "1e3",
    " 7",
    "7 ",
    "0x10",
    "+1",
    "١٤",
    "１",
    "NaN",
    "",
    "01400000000",
  ),
  anyString.filter((s) => !/^\d{1,10}$/.test(s)),
);

export const queryProperty: Property = {
  name: "query strings and paths: an auth/URL-class code that a fault of the request justifies",
  weight: 4,
  run: ({ world }, numRuns) => {
    const { sigs } = world;
    // Valid choices weigh most, so that most queries carry at most one or two faults.
    const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
    const sdkappid = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(8, fc.constant(one(String(DEMO_APP.sdkappid), [], { app: DEMO_APP.sdkappid }))),
      w(2, fc.constant(one(String(SECOND_APP.sdkappid), [], { app: SECOND_APP.sdkappid }))),
      w(
        1,
        fc.constantFrom("1234", "0", "4294967295", "1400000009", "0001400000").map((v) => one(v, [SDKAPPID_INVALID])),
      ),
      w(
        1,
        notUint32Text.map((v) => one(v, v === "" ? [SDKAPPID_INVALID, SDKAPPID_MISSING] : [SDKAPPID_INVALID])),
      ),
      w(1, fc.constant(missing([SDKAPPID_MISSING]))),
    );
    const identifier = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(8, fc.constant(one(DEMO_APP.admin, [], { identifier: DEMO_APP.admin }))),
      w(2, fc.constant(one("second_admin", [], { identifier: "second_admin" }))),
      w(
        1,
        fc
          .constantFrom("bob", "Administrator", "administrator ", "ops_admin")
          .map((v) => one(v, [], { identifier: v })),
      ),
      w(
        1,
        anyString
          .filter((s) => s !== DEMO_APP.admin && s !== "second_admin")
          .map((v) => one(v, [NOT_ADMIN], { identifier: v })),
      ),
      w(1, fc.constant(missing([NOT_ADMIN]))),
    );
    const sigAlphabet = fc.string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_"),
      minLength: 1,
      maxLength: 300,
    });
    const usersig = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(6, fc.constant(one(sigs.demoAdmin, [], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "good" }))),
      w(
        2,
        fc.constant(one(sigs.demoSecondAdmin, [], { app: DEMO_APP.sdkappid, identifier: "second_admin", sig: "good" })),
      ),
      w(
        2,
        fc.constant(one(sigs.secondAdmin, [], { app: SECOND_APP.sdkappid, identifier: SECOND_APP.admin, sig: "good" })),
      ),
      w(
        2,
        fc.constant(
          one(sigs.expired, [SIG_EXPIRED], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "expired" }),
        ),
      ),
      w(
        2,
        fc.constant(
          one(sigs.wrongKey, [SIG_BAD], { app: DEMO_APP.sdkappid, identifier: DEMO_APP.admin, sig: "wrongKey" }),
        ),
      ),
      w(
        2,
        fc
          .oneof(
            sigAlphabet,
            anyString.filter((s) => s !== ""),
            fc.constant("A".repeat(5000)),
            fc.constant(sigs.demoAdmin.slice(0, -8)),
            fc.constant(`${sigs.demoAdmin}x`),
          )
          .map((v) => one(v, [SIG_UNDECODABLE, SIG_BAD])),
      ),
      w(1, fc.constant(one("", [SIG_MISSING, SIG_UNDECODABLE]))),
      w(1, fc.constant(missing([SIG_MISSING]))),
    );
    const random = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(
        10,
        fc.constantFrom("0", "1", "99999999", "4294967295", "0000000001").map((v) => one(v)),
      ),
      w(
        1,
        notUint32Text.map((v) => one(v, [URL_INVALID])),
      ),
      w(1, fc.constant(missing([URL_INVALID]))),
    );
    const contenttype = fc.oneof<fc.WeightedArbitrary<Choice>[]>(
      w(5, fc.constant(one("json"))),
      w(5, fc.constant(missing([]))),
      w(
        1,
        fc
          .oneof(
            fc.constantFrom("JSON", "xml", "", "json ", "application/json"),
            anyString.filter((s) => s !== "json"),
          )
          .map((v) => one(v, [URL_INVALID])),
      ),
    );
    const withRepeats = (arb: fc.Arbitrary<Choice>) =>
      fc.oneof(
        w(20, arb),
        w(
          1,
          fc.tuple(arb, arb).map(([a, b]) => repeated(a, b)),
        ),
      );
    const extraName = anyString.filter(
      (s) => !["sdkappid", "identifier", "usersig", "random", "contenttype"].includes(s),
    );
    const extras = fc.array(fc.tuple(extraName, anyString), { maxLength: 3 });
    const commandName = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .constantFrom("get_group_muted_account", "get_group_shutted_uin")
          .map((c) => ({ path: c, codes: [] as number[] })),
      },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.constantFrom(
              "forbid_send_msgs",
              "Forbid_send_msg",
              "get_group_muted_account ",
              "shutted",
              "..",
              "%2e%2e",
              "get_group_muted_account%2F",
            ),
            anyString.map(encodeQueryPart),
          )
          .filter((c) => c !== "" && !ALL_COMMANDS.includes(c))
          .map((c) => ({ path: c, codes: [UNKNOWN_COMMAND, URL_INVALID] })),
      },
    );
    const service = fc.oneof(
      { weight: 10, arbitrary: fc.constant({ path: "group_open_http_svc", codes: [] as number[] }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom("openim", "group_open_http_svc2", "GROUP_OPEN_HTTP_SVC")
          .map((s) => ({ path: s, codes: [UNKNOWN_COMMAND] })),
      },
    );
    const method = fc.oneof(
      { weight: 12, arbitrary: fc.constant({ name: "POST", codes: [] as number[] }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH").map((m) => ({ name: m, codes: [URL_INVALID] })),
      },
    );

    const modeled = fc
      .record({
        sdkappid: withRepeats(sdkappid),
        identifier: withRepeats(identifier),
        usersig: withRepeats(usersig),
        random: withRepeats(random),
        contenttype: withRepeats(contenttype),
        extras,
        command: commandName,
        service,
        method,
        order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      })
      .map((q) => {
        const params: [string, Choice][] = [
          ["sdkappid", q.sdkappid],
          ["identifier", q.identifier],
          ["usersig", q.usersig],
          ["random", q.random],
          ["contenttype", q.contenttype],
        ];
        const codes = new Set<number>([...q.command.codes, ...q.service.codes, ...q.method.codes]);
        for (const [, choice] of params) for (const code of choice.codes) codes.add(code);
        // Who the caller claims to be, and whether the UserSig says the same.
        const app = q.sdkappid.values.length === 1 ? q.sdkappid.meaning?.app : undefined;
        const ident = q.identifier.values.length === 1 ? q.identifier.meaning?.identifier : undefined;
        const sig = q.usersig.values.length === 1 ? q.usersig.meaning : undefined;
        if (app !== undefined && ident !== undefined) {
          const admins = app === DEMO_APP.sdkappid ? [DEMO_APP.admin, "second_admin"] : [SECOND_APP.admin];
          if (!admins.includes(ident)) codes.add(NOT_ADMIN);
          if (sig?.sig !== undefined) {
            if (sig.app !== app) codes.add(SIG_WRONG_APP).add(SIG_BAD);
            if (sig.identifier !== ident) codes.add(SIG_WRONG_ID).add(SIG_BAD);
          }
        } else if (ident !== undefined && ![DEMO_APP.admin, "second_admin"].includes(ident)) {
          codes.add(NOT_ADMIN);
        }
        const pairs: string[] = [];
        for (const [name, choice] of params) for (const v of choice.values) pairs.push(`${name}=${encodeQueryPart(v)}`);
        for (const [name, value] of q.extras) pairs.push(`${encodeQueryPart(name)}=${encodeQueryPart(value)}`);
        // A stable shuffle from the generated order.
        const keyed = pairs.map((p, i) => ({ p, k: q.order[i % 5]! * 31 + i }));
        keyed.sort((a, b) => a.k - b.k);
        return {
          query: keyed.map((e) => e.p).join("&"),
          service: q.service.path,
          command: q.command.path,
          method: q.method.name,
          // No fault: the call reaches the (absent) group.
          codes: codes.size === 0 ? [NO_GROUP] : [...codes],
        };
      });

    // Unmodeled junk: random query text, or a valid query with junk spliced in.
    const valid =
      `sdkappid=${DEMO_APP.sdkappid}&identifier=${DEMO_APP.admin}` +
      `&usersig=${sigs.demoAdmin}&random=1&contenttype=json`;
    const raw = fc
      .oneof(
        fc.string({ maxLength: 80 }),
        fc.string({ unit: "binary", maxLength: 80 }),
        fc
          .tuple(
            fc.nat({ max: valid.length }),
            fc.oneof(anyString, fc.constantFrom("&", "=", "#", "%", "%%", "&&", "==", "?", "%zz", "+", ";")),
          )
          .map(([at, junkText]) => valid.slice(0, at) + junkText + valid.slice(at)),
      )
      .map((query) => ({
        query,
        service: "group_open_http_svc",
        command: "get_group_muted_account",
        method: "POST",
        codes: [...URL_CLASS, NO_GROUP],
      }));

    const arb = fc.oneof({ weight: 4, arbitrary: modeled }, { weight: 1, arbitrary: raw });
    const body = { GroupId: world.absent[0] };
    return runProperty(arb, numRuns, async (k) => {
      world.clock.advance(1);
      const response = await rawCall(k.command, body, { rawQuery: k.query, service: k.service, method: k.method });
      const what = `${k.method} /v4/${k.service}/${k.command}?${show(k.query, 600)}`;
      const answer = await readAnswer(response, what);
      expectCode(answer, k.codes, what);
    });
  },
};
