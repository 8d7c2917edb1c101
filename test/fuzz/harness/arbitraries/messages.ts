/**
 * Messages (send_group_msg, group_msg_get_simple, group_msg_recall): their fields' good and bad
 * values.
 */

import fc from "fast-check";
import { MAX_MSG_BYTES, UINT32_MAX } from "../codes";
import { byteLength } from "../harness";
import { type Field, isObject } from "../specs/spec";
import { badUint32, goodUint32 } from "./accounts";
import { nonArrayValue, nonStringValue } from "./app-data";
import { anyString, hugeString, nonArray, nonString, textString } from "./junk";
import { notBlank } from "./members";
import { badText, goodText } from "./profile";

// ---------------------------------------------------------------------------------------------
// Messages (send_group_msg, group_msg_get_simple)

export const MSG_PRIORITIES = ["High", "Normal", "Low", "Lowest"] as const;
export const goodPriority = fc.constantFrom(...MSG_PRIORITIES);
/** Of MsgPriority, which is optional. */
export const badPriority: fc.Arbitrary<unknown> = notBlank(
  fc.oneof(
    nonStringValue,
    fc.constantFrom("high", "NORMAL", "Urgent", "Normal ", "1"),
    anyString.filter((s) => !(MSG_PRIORITIES as readonly string[]).includes(s)),
  ),
);
/** send_group_system_notification's Content: 1..12 KiB of well-formed text (what one message may be). */
export const goodContent = goodText(MAX_MSG_BYTES).filter((s) => s !== "");
/** Not 1..12 KiB of text: "" too (never null, which is absent). */
export const badContent: fc.Arbitrary<unknown> = fc.oneof(badText(MAX_MSG_BYTES), fc.constant(""));

/** group_msg_recall's MsgSeqList: 1..10 of {MsgSeq}, mostly seqs the playgrounds have given out. */
const MAX_RECALL = 10;
const goodMsgSeq = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: goodUint32 },
);
export const goodMsgSeqList = fc.array(
  goodMsgSeq.map((MsgSeq) => ({ MsgSeq })),
  { minLength: 1, maxLength: MAX_RECALL },
);
export const badMsgSeqList: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc.constant([]),
  fc.array(
    goodMsgSeq.map((MsgSeq) => ({ MsgSeq })),
    { minLength: MAX_RECALL + 1, maxLength: MAX_RECALL + 3 },
  ),
  // One item that is no {MsgSeq: uint32} (no dictionaries of junk keys: "MsgSeq" is one of them).
  fc
    .oneof(
      badUint32.map((MsgSeq) => ({ MsgSeq })),
      fc.constantFrom({}, null, [1], "1"),
      goodMsgSeq,
    )
    .map((x) => [x]),
);
/** group_msg_recall's Reason: text of at most 100 bytes. */
export const recallReasonField: Field = { name: "Reason", good: goodText(100), bad: badText(100), optional: true };

/** A field of 0 or 1 (OnlineOnlyFlag, WithRecalledMsg). */
export const goodFlag = fc.constantFrom(0, 1);
export const badFlag: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(2, -1, 1.5, 0.5, "1", "0", true, false, [1], {}, UINT32_MAX),
  nonStringValue.filter((v) => v !== 0 && v !== 1),
);
export const SEND_MSG_CONTROLS = ["NoLastMsg", "NoUnread"] as const;
export const CALLBACK_CONTROLS = ["ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"] as const;
export const goodControls = (names: readonly string[]) => fc.array(fc.constantFrom(...names), { maxLength: 3 });
export const badControls = (names: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    nonArrayValue,
    fc
      .tuple(
        fc.array(fc.constantFrom(...names), { maxLength: 2 }),
        fc.oneof(
          nonString,
          fc.constantFrom("", "nolastmsg", "NoLastMsg ", "ForbidCallback", ...names.map((n) => n.toUpperCase())),
        ),
      )
      .map(([a, x]) => [...a, x]),
  );
/** Any text: CloudCustomData is counted into the 12 KiB of the message. */
export const goodCloudData = fc.oneof(textString, fc.constantFrom("", "c", "云 ✓".repeat(100)));
export const badCloudData: fc.Arbitrary<unknown> = fc.oneof(nonStringValue, fc.constantFrom("\ud800", "a\udfff"));
/** Alone past the 12 KiB of a message: 80002 when the rest is valid. */
export const tooLongCloudData = fc.constantFrom("x".repeat(MAX_MSG_BYTES + 1), "é".repeat(MAX_MSG_BYTES));

/** An object of the defined fields only (fc.record with optional keys leaves them out). */
const content = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: (keyof T)[]) =>
  fc.record(model, { requiredKeys: required as never });
const element = (MsgType: string, MsgContent: fc.Arbitrary<unknown>) =>
  MsgContent.map((c) => ({ MsgType, MsgContent: c }));
const downloadFlag = fc.constant(2);
const image = content(
  {
    Type: fc.constantFrom(1, 2, 3),
    Size: goodUint32,
    Width: goodUint32,
    Height: goodUint32,
    URL: textString,
  },
  ["Type", "Width", "Height", "URL"],
);
const relayedMsg = content(
  {
    From_Account: textString,
    To_Account: textString,
    GroupId: textString,
    MsgSeq: goodUint32,
    MsgRandom: goodUint32,
    MsgTimeStamp: goodUint32,
    // Kept as sent, whatever their types (no nulls: a null member is absent on the wire).
    MsgBody: fc.array(
      fc.record({
        MsgType: fc.oneof(fc.constantFrom("TIMTextElem", "TIMNewElem"), textString),
        MsgContent: fc.oneof(
          fc.record({ Text: textString }),
          fc.constant({ Anything: [1, "x", { deep: true }] }),
          fc.constant({}),
        ),
      }),
      { maxLength: 2 },
    ),
    CloudCustomData: textString,
  },
  ["MsgBody"],
);
/** Every element type Tencent documents, each with its required fields and any of its optional ones. */
const goodElementByType: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  TIMTextElem: element("TIMTextElem", fc.record({ Text: textString })),
  TIMLocationElem: element(
    "TIMLocationElem",
    content(
      {
        Desc: textString,
        Latitude: fc.oneof(fc.constantFrom(-90, 0, 90), fc.double({ min: -90, max: 90, noNaN: true })),
        Longitude: fc.oneof(fc.constantFrom(-180, 180), fc.double({ min: -180, max: 180, noNaN: true })),
      },
      ["Latitude", "Longitude"],
    ),
  ),
  TIMFaceElem: element("TIMFaceElem", content({ Index: goodUint32, Data: textString }, ["Index"])),
  TIMCustomElem: element(
    "TIMCustomElem",
    content({ Data: textString, Desc: textString, Ext: textString, Sound: textString }, ["Data"]),
  ),
  TIMSoundElem: element(
    "TIMSoundElem",
    content({ Url: textString, UUID: textString, Size: goodUint32, Second: goodUint32, Download_Flag: downloadFlag }, [
      "Url",
    ]),
  ),
  TIMImageElem: element(
    "TIMImageElem",
    content(
      {
        UUID: textString,
        ImageFormat: fc.constantFrom(1, 2, 3, 4, 255),
        ImageInfoArray: fc.array(image, { minLength: 1, maxLength: 3 }),
      },
      ["UUID", "ImageInfoArray"],
    ),
  ),
  TIMFileElem: element(
    "TIMFileElem",
    content(
      { Url: textString, UUID: textString, FileSize: goodUint32, FileName: textString, Download_Flag: downloadFlag },
      ["Url"],
    ),
  ),
  TIMVideoFileElem: element(
    "TIMVideoFileElem",
    content(
      {
        VideoUrl: textString,
        VideoUUID: textString,
        VideoSize: goodUint32,
        VideoSecond: goodUint32,
        VideoFormat: textString,
        VideoDownloadFlag: downloadFlag,
        ThumbUrl: textString,
        ThumbUUID: textString,
        ThumbSize: goodUint32,
        ThumbWidth: goodUint32,
        ThumbHeight: goodUint32,
        ThumbFormat: textString,
        ThumbDownloadFlag: downloadFlag,
      },
      ["VideoUrl", "ThumbUrl"],
    ),
  ),
  TIMRelayElem: element(
    "TIMRelayElem",
    fc
      .tuple(
        content(
          {
            Title: textString,
            MsgNum: goodUint32,
            CompatibleText: textString,
            AbstractList: fc.array(textString, { maxLength: 3 }),
          },
          ["Title", "MsgNum", "CompatibleText"],
        ),
        fc.oneof(
          fc.array(relayedMsg, { maxLength: 2 }).map((MsgList) => ({ MsgList })),
          textString.map((JsonMsgKey) => ({ JsonMsgKey })),
        ),
      )
      .map(([head, list]) => ({ ...head, ...list })),
  ),
};
/** The fuzz's own list of the element types (src/commands/msg-elements.ts's MSG_TYPES, as Tencent names them). */
const ELEMENT_TYPES = Object.keys(goodElementByType);
const goodElement = fc.oneof(...ELEMENT_TYPES.map((t) => goodElementByType[t]!));
const isCustom = (e: unknown) => isObject(e) && e.MsgType === "TIMCustomElem";
export const goodMsgBody = fc.oneof(
  {
    weight: 10,
    // At most one TIMCustomElem per message.
    arbitrary: fc
      .array(goodElement, { minLength: 1, maxLength: 3 })
      .map((body) => body.filter((e, i) => !isCustom(e) || body.findIndex(isCustom) === i)),
  },
  // Just under the 12 KiB cap (over it with some CloudCustomData).
  {
    weight: 1,
    arbitrary: fc.constant([{ MsgType: "TIMTextElem", MsgContent: { Text: "t".repeat(MAX_MSG_BYTES - 100) } }]),
  },
);
/** Small enough never to pass the 12 KiB cap. */
export const smallMsgBody = fc.array(
  fc.record({ MsgType: fc.constant("TIMTextElem"), MsgContent: fc.record({ Text: textString }) }),
  { minLength: 1, maxLength: 3 },
);
const imageOk = { Type: 1, Width: 1, Height: 1, URL: "u" };
const badElement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 1, "TIMTextElem", [], {}),
  fc.record({
    MsgType: fc.constantFrom("TIMGroupTipElem", "timtextelem", "", "TIMTextElem ", "TIMCustomElem\u0000", "TIMImage"),
    MsgContent: fc.record({ Text: anyString }),
  }),
  fc.record({ MsgType: fc.constantFrom(...ELEMENT_TYPES) }),
  fc.record({ MsgType: fc.constant("TIMTextElem"), MsgContent: fc.record({ Text: nonString }) }),
  fc.record({
    MsgType: fc.constantFrom(...ELEMENT_TYPES),
    MsgContent: nonString.filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  }),
  fc.record({ MsgType: fc.constant("TIMCustomElem"), MsgContent: fc.record({ Desc: anyString }) }),
  fc.record({ MsgType: fc.constant("TIMFaceElem"), MsgContent: fc.record({ Index: badUint32 }) }),
  fc.record({ MsgType: nonString, MsgContent: fc.record({ Text: anyString }) }),
  fc.constantFrom(
    { MsgType: "TIMLocationElem", MsgContent: { Latitude: 90.5, Longitude: 0 } },
    { MsgType: "TIMLocationElem", MsgContent: { Latitude: 0, Longitude: -181 } },
    { MsgType: "TIMLocationElem", MsgContent: { Latitude: "1", Longitude: 1 } },
    { MsgType: "TIMLocationElem", MsgContent: { Desc: "d" } },
    { MsgType: "TIMSoundElem", MsgContent: { Url: "u", Download_Flag: 1 } },
    { MsgType: "TIMSoundElem", MsgContent: { UUID: "x" } },
    { MsgType: "TIMImageElem", MsgContent: { UUID: "u", ImageInfoArray: [] } },
    { MsgType: "TIMImageElem", MsgContent: { UUID: "u", ImageInfoArray: [imageOk, imageOk, imageOk, imageOk] } },
    { MsgType: "TIMImageElem", MsgContent: { UUID: "u", ImageInfoArray: [{ ...imageOk, Type: 4 }] } },
    { MsgType: "TIMImageElem", MsgContent: { UUID: "u", ImageFormat: 0, ImageInfoArray: [imageOk] } },
    { MsgType: "TIMImageElem", MsgContent: { ImageInfoArray: [imageOk] } },
    { MsgType: "TIMFileElem", MsgContent: { Url: "u", Download_Flag: 0 } },
    { MsgType: "TIMVideoFileElem", MsgContent: { VideoUrl: "v" } },
    { MsgType: "TIMVideoFileElem", MsgContent: { VideoUrl: "v", ThumbUrl: "t", ThumbWidth: -1 } },
    { MsgType: "TIMRelayElem", MsgContent: { Title: "t", MsgNum: 1, CompatibleText: "c" } },
    {
      MsgType: "TIMRelayElem",
      MsgContent: { Title: "t", MsgNum: 1, CompatibleText: "c", MsgList: [], JsonMsgKey: "k" },
    },
    { MsgType: "TIMRelayElem", MsgContent: { Title: "t", MsgNum: -1, CompatibleText: "c", JsonMsgKey: "k" } },
    { MsgType: "TIMRelayElem", MsgContent: { Title: "t", MsgNum: 1, CompatibleText: "c", MsgList: [{}] } },
  ),
);
const customElement = goodElementByType.TIMCustomElem!;
/** Refused by the schema (never by the size alone). */
export const badMsgBody: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc.constant([]),
  fc.tuple(fc.array(goodElement, { maxLength: 2 }), badElement).map(([a, x]) => [...a, x]),
  // A second TIMCustomElem.
  fc.tuple(customElement, fc.array(goodElement, { maxLength: 1 }), customElement).map(([a, b, c]) => [a, ...b, c]),
);
/** Valid elements, but over the 12 KiB cap together: 80002 when the rest is valid. */
export const tooLongMsgBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant([{ MsgType: "TIMTextElem", MsgContent: { Text: "x".repeat(13 * 1024) } }]),
  fc.constant([
    { MsgType: "TIMTextElem", MsgContent: { Text: "t".repeat(MAX_MSG_BYTES / 2) } },
    { MsgType: "TIMCustomElem", MsgContent: { Data: "d".repeat(MAX_MSG_BYTES / 2) } },
  ]),
  hugeString.map((Text) => [{ MsgType: "TIMTextElem", MsgContent: { Text: `${Text}${"x".repeat(MAX_MSG_BYTES)}` } }]),
);
/** The bytes of a message as the service counts them: MsgBody as JSON, and CloudCustomData. */
export function messageBytes(body: Record<string, unknown>): number {
  const cloud = typeof body.CloudCustomData === "string" ? body.CloudCustomData : "";
  return byteLength(JSON.stringify(body.MsgBody)) + byteLength(cloud);
}
/** The bytes of a whole request body. */
export const bodyBytes = (body: unknown): number => byteLength(JSON.stringify(body) ?? "");

/** ReqMsgNumber: at least 1, no maximum (past 20 the answer holds 20). */
export const goodReqMsgNumber = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(21, 1000, UINT32_MAX), fc.integer({ min: 21, max: UINT32_MAX })) },
);
export const badReqMsgNumber: fc.Arbitrary<unknown> = fc.oneof(fc.constant(0), badUint32);

export const badGroupIdList: fc.Arbitrary<unknown> = fc.oneof(
  nonArray,
  fc.constant([]),
  fc.constant(Array.from({ length: 51 }, (_, i) => `g${i}`)),
  fc.tuple(fc.array(anyString, { maxLength: 3 }), nonString).map(([a, x]) => [...a, x]),
);
