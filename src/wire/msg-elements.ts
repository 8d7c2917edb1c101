import { z } from "zod";
import { byteLength, requiredString, uint32 } from "./fields";

/**
 * The message elements of a MsgBody, each validated by the fields of Tencent's
 * "Message formats" page (https://www.tencentcloud.com/document/product/1047/33527).
 * Lenient where the published SDKs send less than the page requires (the Go SDK
 * sends no UUID in sound, file and video elements), strict on every type.
 */

/**
 * The longest list a message may hold (elements, abstracts, relayed messages):
 * far beyond what fits in a message's 12 KB (80002 past that, as before), so
 * that the bound only stops a body from making validation itself the cost.
 */
const MAX_ITEMS = 1000;
const tooMany = { error: `must hold at most ${MAX_ITEMS} items` };

const optionalString = () => requiredString().optional();
const optionalUint32 = () => uint32().optional();

const describe = (input: unknown): string =>
  input === null ? "null" : Array.isArray(input) ? "an array" : typeof input;
/** `shown` names a number by its value: for fields that take a few numbers only. */
const expecting = (expected: string, shown = describe) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? "is required" : `must be ${expected}, not ${shown(issue.input)}`,
});
const oneOf = <const V extends number[]>(values: V, expected: string) =>
  z.literal(
    values,
    expecting(expected, (input) => (typeof input === "number" ? String(input) : describe(input))),
  );

/** A coordinate in degrees: JSON has no NaN or Infinity, and zod refuses them anyway. */
const degrees = (limit: number) =>
  z
    .number(expecting("a number"))
    .min(-limit, { error: `must be between -${limit} and ${limit}` })
    .max(limit, { error: `must be between -${limit} and ${limit}` });

/** Download_Flag and its video kin: 2, "download straight from the URL", is the only value. */
const downloadFlag = () => oneOf([2], "2").optional();

const content = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, expecting("an object"));
const element = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.object({ MsgType: z.literal(type), MsgContent: content(shape) });

const ImageInfo = content({
  Type: oneOf([1, 2, 3], "1 (original), 2 (large) or 3 (thumbnail)"),
  Size: optionalUint32(),
  Width: uint32(),
  Height: uint32(),
  URL: requiredString(),
});

/** A message inside a combined (relay) message; its own elements are kept as sent. */
const RelayedMsg = content({
  From_Account: optionalString(),
  To_Account: optionalString(),
  GroupId: optionalString(),
  MsgSeq: optionalUint32(),
  MsgRandom: optionalUint32(),
  MsgTimeStamp: optionalUint32(),
  MsgBody: z
    .array(
      z.looseObject(
        { MsgType: requiredString(), MsgContent: z.looseObject({}, expecting("an object")) },
        expecting("an object"),
      ),
      expecting("an array of {MsgType, MsgContent}"),
    )
    .max(MAX_ITEMS, tooMany),
  CloudCustomData: optionalString(),
});

const relay = element("TIMRelayElem", {
  Title: requiredString(),
  MsgNum: uint32(),
  CompatibleText: requiredString(),
  AbstractList: z.array(requiredString(), expecting("an array of strings")).max(MAX_ITEMS, tooMany).optional(),
  MsgList: z.array(RelayedMsg, expecting("an array of messages")).max(MAX_ITEMS, tooMany).optional(),
  JsonMsgKey: optionalString(),
}).refine((e) => (e.MsgContent.MsgList === undefined) !== (e.MsgContent.JsonMsgKey === undefined), {
  error: "must hold exactly one of MsgList and JsonMsgKey",
  path: ["MsgContent"],
});

const ELEMENTS = [
  element("TIMTextElem", { Text: requiredString() }),
  element("TIMLocationElem", { Desc: optionalString(), Latitude: degrees(90), Longitude: degrees(180) }),
  element("TIMFaceElem", { Index: uint32(), Data: optionalString() }),
  element("TIMCustomElem", {
    Data: requiredString(),
    Desc: optionalString(),
    Ext: optionalString(),
    Sound: optionalString(),
  }),
  element("TIMSoundElem", {
    Url: requiredString(),
    UUID: optionalString(),
    Size: optionalUint32(),
    Second: optionalUint32(),
    Download_Flag: downloadFlag(),
  }),
  element("TIMImageElem", {
    UUID: requiredString(),
    ImageFormat: oneOf([1, 2, 3, 4, 255], "1 (JPG), 2 (GIF), 3 (PNG), 4 (BMP) or 255 (other)").optional(),
    ImageInfoArray: z
      .array(ImageInfo, expecting("an array of {Type, Size, Width, Height, URL}"))
      .min(1, { error: "must hold 1 to 3 images" })
      .max(3, { error: "must hold 1 to 3 images" }),
  }),
  element("TIMFileElem", {
    Url: requiredString(),
    UUID: optionalString(),
    FileSize: optionalUint32(),
    FileName: optionalString(),
    Download_Flag: downloadFlag(),
  }),
  element("TIMVideoFileElem", {
    VideoUrl: requiredString(),
    VideoUUID: optionalString(),
    VideoSize: optionalUint32(),
    VideoSecond: optionalUint32(),
    VideoFormat: optionalString(),
    VideoDownloadFlag: downloadFlag(),
    ThumbUrl: requiredString(),
    ThumbUUID: optionalString(),
    ThumbSize: optionalUint32(),
    ThumbWidth: optionalUint32(),
    ThumbHeight: optionalUint32(),
    ThumbFormat: optionalString(),
    ThumbDownloadFlag: downloadFlag(),
  }),
  relay,
] as const;

/** Every MsgType this service accepts. */
export const MSG_TYPES = ELEMENTS.map((e) => e.shape.MsgType.value);

const typeList = `${MSG_TYPES.slice(0, -1).join(", ")} or ${MSG_TYPES.at(-1)}`;

/** Zod types the issue as invalid_union (an unknown MsgType), but a non-object element is invalid_type. */
export const MsgElement = z.discriminatedUnion("MsgType", [...ELEMENTS], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `must be ${typeList}`
      : `must be an object {MsgType, MsgContent}, not ${describe(issue.input)}`,
});

export const MsgBody = z
  .array(MsgElement, {
    error: (i) => (i.input === undefined ? "is required" : "must be an array of {MsgType, MsgContent}"),
  })
  .min(1, { error: "must hold at least one element" })
  .max(MAX_ITEMS, tooMany)
  .superRefine((body, ctx) => {
    const customs = body.flatMap((e, i) => (e.MsgType === "TIMCustomElem" ? [i] : []));
    if (customs.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: "is a second TIMCustomElem (a message holds at most one)",
        path: [customs[1]!],
      });
    }
  });

/** Tencent's cap on one message: its elements and CloudCustomData together (80002 past it). */
const MAX_MSG_BYTES = 12 * 1024;

/** Why a message (MsgBody as JSON, and CloudCustomData) is too long to send, or null when it is not. */
export function messageTooLong(body: string, cloudCustomData: string): string | null {
  // A UTF-16 unit is at most 3 bytes: most messages are short enough not to need encoding.
  if ((body.length + cloudCustomData.length) * 3 <= MAX_MSG_BYTES) return null;
  const bytes = byteLength(body) + byteLength(cloudCustomData);
  return bytes > MAX_MSG_BYTES
    ? `the message is ${bytes} bytes (MsgBody and CloudCustomData); at most ${MAX_MSG_BYTES} are allowed`
    : null;
}
