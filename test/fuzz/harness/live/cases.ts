/**
 * The live channel: the frames a client may send, good and bad.
 */

import fc from "fast-check";
import { nonStringValue } from "../arbitraries/app-data";
import { fieldJunk, hugeString, junk, junkKey, weirdString } from "../arbitraries/junk";
import { ABSENT, assemble } from "../bodies";
import { byteLength } from "../harness";
import { type FrameCase, MAX_FRAME_BYTES, type SendText, sendFields, sendText } from "./frames";

export function frameCases(): fc.Arbitrary<FrameCase> {
  // The member mostly; the muted member's valid Sends are all 10017 (or 80002, 11000).
  const socket = fc.constantFrom<0 | 1>(0, 0, 0, 1);
  // Optional fields absent half the time; a TopicId (11000 in this group) one time in six.
  const fieldsValid = fc.tuple(
    ...sendFields.map((f) =>
      f.optional === true
        ? fc.oneof(
            { weight: f.name === "TopicId" ? 5 : 1, arbitrary: fc.constant<unknown>(ABSENT) },
            { weight: 1, arbitrary: f.good },
          )
        : f.good,
    ),
  );
  const extras = fc.option(
    fc.dictionary(junkKey, junk, { maxKeys: 3 }).map((x) => {
      const { Type: _t, ...rest } = x;
      return rest;
    }),
    { nil: null, freq: 2 },
  );
  const pad = fc.oneof(
    { weight: 8, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom(" ", "\n\t", "\r\n  ") },
  );
  const valid = fc.tuple(socket, fieldsValid, extras, fc.boolean(), pad).map(([s, values, x, repeat, p]): FrameCase => {
    const fields = { ...assemble(sendFields, values, x), Type: "Send" };
    return { socket: s, kind: "send", fields, valid: true, repeat: repeat && s === 0, pad: p };
  });
  const oneOff = fc
    .tuple(socket, fieldsValid, fc.nat({ max: sendFields.length }), extras, pad)
    .chain(([s, values, at, x, p]) => {
      // `at` past the fields breaks the Type.
      const f = sendFields[at];
      // A bad value is invalid by construction; junk may happen to be valid (then any answer of a Send).
      const bad =
        f === undefined
          ? fc.oneof(
              nonStringValue,
              fc.constantFrom<unknown>("send", "SEND", "Send ", "", "Message", "SendAck", "Error", ABSENT),
            )
          : fc.oneof(f.bad, fc.constant<unknown>(ABSENT));
      const sure = bad
        .filter((v) => !(f?.optional === true && (v === ABSENT || v === null)))
        .map((w) => ({ w, validity: false as boolean | null }));
      const junky = fieldJunk
        .filter((v) => v !== null || f?.optional !== true)
        .map((w) => ({ w, validity: null as boolean | null }));
      return fc
        .oneof({ weight: 3, arbitrary: sure }, { weight: 1, arbitrary: junky })
        .map(({ w, validity }): FrameCase => {
          const vs = [...values];
          if (f !== undefined) vs[at] = w;
          const fields: Record<string, unknown> = { ...assemble(sendFields, vs, x), Type: "Send" };
          if (f === undefined) {
            if (w === ABSENT) delete fields.Type;
            else fields.Type = w;
          }
          return { socket: s, kind: "send", fields, valid: validity, repeat: false, pad: p };
        });
    });
  const text = (note: string, data: fc.Arbitrary<string | Uint8Array | SendText>) =>
    fc.tuple(socket, data).map(([s, d]): FrameCase => ({ socket: s, kind: "raw", data: d, note }));
  const validSend = (Random: number) => ({
    Type: "Send",
    Random,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
  });
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 6, arbitrary: oneOff },
    {
      weight: 2,
      arbitrary: text(
        "junk JSON",
        junk.map((v) => JSON.stringify(v) ?? "undefined"),
      ),
    },
    {
      weight: 2,
      arbitrary: text(
        "text",
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }), weirdString),
      ),
    },
    { weight: 1, arbitrary: text("huge text", hugeString) },
    { weight: 1, arbitrary: text("bytes", fc.uint8Array({ maxLength: 200 }) as fc.Arbitrary<Uint8Array>) },
    {
      weight: 1,
      arbitrary: text(
        "junk object",
        fc
          .tuple(fc.dictionary(junkKey, junk, { maxKeys: 4 }), fc.oneof(junk, fc.constantFrom("Ping", "State", "")))
          .filter(([, type]) => type !== "Send")
          .map(([o, type]) => JSON.stringify({ ...o, Type: type })),
      ),
    },
    {
      // Around 64 KiB: a valid Send padded to exactly the limit, or past it (in ASCII, or in 3-byte characters).
      weight: 1,
      arbitrary: text(
        "near 64 KiB",
        fc.tuple(fc.integer({ min: -2, max: 2 }), fc.constantFrom("x", "中")).map(([delta, unit]) =>
          sendText(`a valid Send padded to 64 KiB ${delta < 0 ? "" : "+"}${delta} bytes with ${unit}`, (random) => {
            const head = JSON.stringify({ ...validSend(random), Pad: "" });
            const room = MAX_FRAME_BYTES + delta - byteLength(head);
            const fill =
              unit === "x" ? "x".repeat(room) : `${"中".repeat(Math.floor(room / 3))}${"x".repeat(room % 3)}`;
            return `${head.slice(0, -2)}${fill}"}`;
          }),
        ),
      ),
    },
  );
}
