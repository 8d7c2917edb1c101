import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MSG_TYPES, MsgBody, MsgElement } from "../../src/wire/msg-elements";

// The element schemas alone, without a group: what each MsgType accepts and what it refuses, with the
// ErrorInfo a caller would read ("path: message", as src/wire/validate.ts words the first issue).

const el = (MsgType: string, MsgContent: unknown) => ({ MsgType, MsgContent });

/** Every issue, each as "path: message". */
function issues(schema: z.ZodType, value: unknown): string[] {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** The element as stored: parsed, with unknown members dropped. */
function accepted(value: unknown): unknown {
  const parsed = z.safeParse(MsgElement, value);
  expect(parsed.error?.issues ?? [], JSON.stringify(value)).toEqual([]);
  return parsed.data;
}

const refused = (value: unknown, ...expected: string[]) => expect(issues(MsgElement, value)).toEqual(expected);

const image = { Type: 1, Size: 1853095, Width: 2448, Height: 3264, URL: "https://example.com/1.jpg" };
const videoUrls = { VideoUrl: "https://example.com/v.mp4", ThumbUrl: "https://example.com/t.jpg" };
const relayHead = { Title: "Chat history", MsgNum: 2, CompatibleText: "Please upgrade" };

describe("MsgElement", () => {
  it("names every type in its refusal of an unknown MsgType", () => {
    expect(MSG_TYPES).toEqual([
      "TIMTextElem",
      "TIMLocationElem",
      "TIMFaceElem",
      "TIMCustomElem",
      "TIMSoundElem",
      "TIMImageElem",
      "TIMFileElem",
      "TIMVideoFileElem",
      "TIMRelayElem",
    ]);
    const all =
      "MsgType: must be TIMTextElem, TIMLocationElem, TIMFaceElem, TIMCustomElem, TIMSoundElem, " +
      "TIMImageElem, TIMFileElem, TIMVideoFileElem or TIMRelayElem";
    for (const MsgType of ["TIMGroupTipElem", "timtextelem", "", "TIMTextElem ", 5, undefined]) {
      refused({ MsgType, MsgContent: { Text: "t" } }, all);
    }
    refused("TIMTextElem", ": must be an object {MsgType, MsgContent}, not string");
    refused(null, ": must be an object {MsgType, MsgContent}, not null");
    refused([], ": must be an object {MsgType, MsgContent}, not an array");
  });

  it("wants MsgContent as an object", () => {
    for (const MsgType of MSG_TYPES) {
      refused({ MsgType }, "MsgContent: is required");
      refused(el(MsgType, "x"), "MsgContent: must be an object, not string");
      refused(el(MsgType, [1]), "MsgContent: must be an object, not an array");
    }
  });

  it("keeps only the documented fields of MsgContent", () => {
    expect(accepted(el("TIMTextElem", { Text: "hi", Extra: 1 }))).toEqual(el("TIMTextElem", { Text: "hi" }));
    expect(accepted({ ...el("TIMTextElem", { Text: "hi" }), Other: 1 })).toEqual(el("TIMTextElem", { Text: "hi" }));
  });
});

describe("TIMTextElem", () => {
  it("takes Text, empty or not", () => {
    expect(accepted(el("TIMTextElem", { Text: "red packet" }))).toEqual(el("TIMTextElem", { Text: "red packet" }));
    accepted(el("TIMTextElem", { Text: "" }));
  });

  it("refuses a missing, non-string or ill-formed Text", () => {
    refused(el("TIMTextElem", {}), "MsgContent.Text: is required");
    refused(el("TIMTextElem", { Text: 5 }), "MsgContent.Text: must be a string, not number");
    refused(
      el("TIMTextElem", { Text: "\ud800" }),
      "MsgContent.Text: must be well-formed Unicode (it has a lone surrogate)",
    );
  });
});

describe("TIMLocationElem", () => {
  it("takes Latitude and Longitude, with or without Desc", () => {
    const go = { Desc: "someinfo", Latitude: 29.340656774469956, Longitude: 116.77497920478824 };
    expect(accepted(el("TIMLocationElem", go))).toEqual(el("TIMLocationElem", go));
    accepted(el("TIMLocationElem", { Latitude: -90, Longitude: 180 }));
    accepted(el("TIMLocationElem", { Desc: "", Latitude: 0, Longitude: -180 }));
  });

  it("refuses missing, non-number and out-of-range coordinates", () => {
    refused(
      el("TIMLocationElem", { Desc: "d" }),
      "MsgContent.Latitude: is required",
      "MsgContent.Longitude: is required",
    );
    refused(
      el("TIMLocationElem", { Latitude: "1", Longitude: 1 }),
      "MsgContent.Latitude: must be a number, not string",
    );
    refused(el("TIMLocationElem", { Latitude: 90.5, Longitude: 1 }), "MsgContent.Latitude: must be between -90 and 90");
    refused(
      el("TIMLocationElem", { Latitude: 1, Longitude: -181 }),
      "MsgContent.Longitude: must be between -180 and 180",
    );
    refused(
      el("TIMLocationElem", { Desc: 1, Latitude: 1, Longitude: 1 }),
      "MsgContent.Desc: must be a string, not number",
    );
  });
});

describe("TIMFaceElem", () => {
  it("takes Index, with or without Data", () => {
    const doc = { Index: 6, Data: "abc\u0000\u0001" };
    expect(accepted(el("TIMFaceElem", doc))).toEqual(el("TIMFaceElem", doc));
    accepted(el("TIMFaceElem", { Index: 0 }));
    accepted(el("TIMFaceElem", { Index: 4294967295, Data: "" }));
  });

  it("refuses a missing or non-uint32 Index", () => {
    // PHP sends "Index": null for a face without one; the wire layer drops the null, so it is missing.
    refused(el("TIMFaceElem", { Data: "" }), "MsgContent.Index: is required");
    refused(el("TIMFaceElem", { Index: -1 }), "MsgContent.Index: must not be negative");
    refused(el("TIMFaceElem", { Index: 1.5 }), "MsgContent.Index: must be an integer");
    refused(el("TIMFaceElem", { Index: 4294967296 }), "MsgContent.Index: must be at most 4294967295");
    refused(el("TIMFaceElem", { Index: "6" }), "MsgContent.Index: must be a number, not string");
    refused(el("TIMFaceElem", { Index: 6, Data: 1 }), "MsgContent.Data: must be a string, not number");
  });
});

describe("TIMCustomElem", () => {
  it("takes Data, with optional Desc, Ext and Sound", () => {
    const full = { Data: "message", Desc: "notification", Ext: "url", Sound: "dingdong.aiff" };
    expect(accepted(el("TIMCustomElem", full))).toEqual(el("TIMCustomElem", full));
    accepted(el("TIMCustomElem", { Data: "" }));
  });

  it("refuses a missing Data and non-string fields", () => {
    refused(el("TIMCustomElem", { Desc: "d" }), "MsgContent.Data: is required");
    for (const key of ["Data", "Desc", "Ext", "Sound"]) {
      refused(el("TIMCustomElem", { Data: "d", [key]: {} }), `MsgContent.${key}: must be a string, not object`);
    }
  });
});

describe("TIMSoundElem", () => {
  it("takes Url alone, the documented element, and the Go SDK's (no UUID)", () => {
    const doc = { Url: "https://example.com/s.m4a", UUID: "5:1", Size: 8192, Second: 10, Download_Flag: 2 };
    expect(accepted(el("TIMSoundElem", doc))).toEqual(el("TIMSoundElem", doc));
    accepted(el("TIMSoundElem", { Url: "https://example.com/s.m4a", Size: 0, Second: 0, Download_Flag: 2 }));
    accepted(el("TIMSoundElem", { Url: "u" }));
  });

  it("refuses a missing Url, a Download_Flag other than 2 and non-uint32 sizes", () => {
    refused(el("TIMSoundElem", { UUID: "x" }), "MsgContent.Url: is required");
    refused(el("TIMSoundElem", { Url: "u", Download_Flag: 0 }), "MsgContent.Download_Flag: must be 2, not 0");
    refused(el("TIMSoundElem", { Url: "u", Download_Flag: "2" }), "MsgContent.Download_Flag: must be 2, not string");
    refused(el("TIMSoundElem", { Url: "u", Size: -1 }), "MsgContent.Size: must not be negative");
    refused(el("TIMSoundElem", { Url: "u", Second: 1.5 }), "MsgContent.Second: must be an integer");
    refused(el("TIMSoundElem", { Url: "u", UUID: 5 }), "MsgContent.UUID: must be a string, not number");
  });
});

describe("TIMImageElem", () => {
  it("takes a UUID and one to three images", () => {
    const doc = {
      UUID: "1853095_D61040894AC3DE44CDFFFB3EC7EB720F",
      ImageFormat: 1,
      ImageInfoArray: [image, { ...image, Type: 2 }, { ...image, Type: 3, Width: 144, Height: 198 }],
    };
    expect(accepted(el("TIMImageElem", doc))).toEqual(el("TIMImageElem", doc));
    for (const ImageFormat of [2, 3, 4, 255, undefined]) accepted(el("TIMImageElem", { ...doc, ImageFormat }));
    const { Size: _, ...sizeless } = image;
    accepted(el("TIMImageElem", { UUID: "u", ImageInfoArray: [sizeless] }));
  });

  it("refuses a missing UUID, an unknown format and a bad image list", () => {
    const ok = { UUID: "u", ImageInfoArray: [image] };
    refused(el("TIMImageElem", { ImageInfoArray: [image] }), "MsgContent.UUID: is required");
    refused(
      el("TIMImageElem", { ...ok, ImageFormat: 0 }),
      "MsgContent.ImageFormat: must be 1 (JPG), 2 (GIF), 3 (PNG), 4 (BMP) or 255 (other), not 0",
    );
    refused(el("TIMImageElem", { UUID: "u" }), "MsgContent.ImageInfoArray: is required");
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: image }),
      "MsgContent.ImageInfoArray: must be an array of {Type, Size, Width, Height, URL}, not object",
    );
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: [] }),
      "MsgContent.ImageInfoArray: must hold 1 to 3 images",
    );
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: [image, image, image, image] }),
      "MsgContent.ImageInfoArray: must hold 1 to 3 images",
    );
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: [{ ...image, Type: 4 }] }),
      "MsgContent.ImageInfoArray.0.Type: must be 1 (original), 2 (large) or 3 (thumbnail), not 4",
    );
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: [{ Type: 1 }] }),
      "MsgContent.ImageInfoArray.0.Width: is required",
      "MsgContent.ImageInfoArray.0.Height: is required",
      "MsgContent.ImageInfoArray.0.URL: is required",
    );
    refused(
      el("TIMImageElem", { UUID: "u", ImageInfoArray: ["https://example.com/1.jpg"] }),
      "MsgContent.ImageInfoArray.0: must be an object, not string",
    );
  });
});

describe("TIMFileElem", () => {
  it("takes Url alone, the documented element, and the Go SDK's (no UUID)", () => {
    const doc = {
      Url: "https://example.com/f",
      UUID: "u",
      FileSize: 1773552,
      FileName: "file:///a.txt",
      Download_Flag: 2,
    };
    expect(accepted(el("TIMFileElem", doc))).toEqual(el("TIMFileElem", doc));
    accepted(el("TIMFileElem", { Url: "https://example.com/f", FileSize: 0, FileName: "", Download_Flag: 2 }));
    accepted(el("TIMFileElem", { Url: "u" }));
  });

  it("refuses a missing Url, a Download_Flag other than 2 and wrong types", () => {
    refused(el("TIMFileElem", { FileName: "a" }), "MsgContent.Url: is required");
    refused(el("TIMFileElem", { Url: "u", Download_Flag: 1 }), "MsgContent.Download_Flag: must be 2, not 1");
    refused(el("TIMFileElem", { Url: "u", FileSize: "1" }), "MsgContent.FileSize: must be a number, not string");
    refused(el("TIMFileElem", { Url: "u", FileName: 1 }), "MsgContent.FileName: must be a string, not number");
  });
});

describe("TIMVideoFileElem", () => {
  it("takes the two URLs alone, the documented element, and the Go SDK's (no UUIDs)", () => {
    const go = {
      ...videoUrls,
      VideoSize: 1194603,
      VideoSecond: 5,
      VideoFormat: "mp4",
      VideoDownloadFlag: 2,
      ThumbSize: 13907,
      ThumbWidth: 720,
      ThumbHeight: 1280,
      ThumbFormat: "JPG",
      ThumbDownloadFlag: 2,
    };
    const doc = { ...go, VideoUUID: "v", ThumbUUID: "t" };
    expect(accepted(el("TIMVideoFileElem", doc))).toEqual(el("TIMVideoFileElem", doc));
    accepted(el("TIMVideoFileElem", go));
    accepted(el("TIMVideoFileElem", videoUrls));
  });

  it("refuses missing URLs, download flags other than 2 and wrong types", () => {
    refused(el("TIMVideoFileElem", {}), "MsgContent.VideoUrl: is required", "MsgContent.ThumbUrl: is required");
    refused(
      el("TIMVideoFileElem", { ...videoUrls, VideoDownloadFlag: 0 }),
      "MsgContent.VideoDownloadFlag: must be 2, not 0",
    );
    refused(
      el("TIMVideoFileElem", { ...videoUrls, ThumbDownloadFlag: 3 }),
      "MsgContent.ThumbDownloadFlag: must be 2, not 3",
    );
    refused(el("TIMVideoFileElem", { ...videoUrls, ThumbWidth: -1 }), "MsgContent.ThumbWidth: must not be negative");
    refused(el("TIMVideoFileElem", { ...videoUrls, VideoSecond: 1.5 }), "MsgContent.VideoSecond: must be an integer");
    refused(
      el("TIMVideoFileElem", { ...videoUrls, VideoFormat: 4 }),
      "MsgContent.VideoFormat: must be a string, not number",
    );
    refused(
      el("TIMVideoFileElem", { ...videoUrls, ThumbUUID: 4 }),
      "MsgContent.ThumbUUID: must be a string, not number",
    );
  });
});

describe("TIMRelayElem", () => {
  const relayed = {
    From_Account: "alice",
    GroupId: "@TGS#1",
    MsgSeq: 4,
    MsgRandom: 1,
    MsgTimeStamp: 1700000000,
    MsgBody: [el("TIMTextElem", { Text: "hi" }), el("TIMNewElem", { Anything: [1] })],
    CloudCustomData: "c",
  };

  it("takes either a MsgList or a JsonMsgKey, keeping the relayed elements as sent", () => {
    const withList = { ...relayHead, AbstractList: ["alice: hi", "bob: ok"], MsgList: [relayed, { MsgBody: [] }] };
    expect(accepted(el("TIMRelayElem", withList))).toEqual(el("TIMRelayElem", withList));
    accepted(el("TIMRelayElem", { ...relayHead, JsonMsgKey: "key" }));
    accepted(el("TIMRelayElem", { ...relayHead, MsgList: [{ To_Account: "bob", MsgBody: [] }] }));
  });

  it("refuses both or neither of MsgList and JsonMsgKey", () => {
    const exactlyOne = "MsgContent: must hold exactly one of MsgList and JsonMsgKey";
    refused(el("TIMRelayElem", relayHead), exactlyOne);
    refused(el("TIMRelayElem", { ...relayHead, MsgList: [relayed], JsonMsgKey: "key" }), exactlyOne);
  });

  it("refuses missing head fields and wrong types", () => {
    refused(
      el("TIMRelayElem", { JsonMsgKey: "k" }),
      "MsgContent.Title: is required",
      "MsgContent.MsgNum: is required",
      "MsgContent.CompatibleText: is required",
    );
    const key = { ...relayHead, JsonMsgKey: "k" };
    refused(el("TIMRelayElem", { ...key, MsgNum: -1 }), "MsgContent.MsgNum: must not be negative");
    refused(
      el("TIMRelayElem", { ...key, AbstractList: "a" }),
      "MsgContent.AbstractList: must be an array of strings, not string",
    );
    refused(
      el("TIMRelayElem", { ...key, AbstractList: [1] }),
      "MsgContent.AbstractList.0: must be a string, not number",
    );
    refused(el("TIMRelayElem", { ...key, JsonMsgKey: 1 }), "MsgContent.JsonMsgKey: must be a string, not number");
    refused(
      el("TIMRelayElem", { ...relayHead, MsgList: {} }),
      "MsgContent.MsgList: must be an array of messages, not object",
    );
  });

  it("refuses a malformed relayed message", () => {
    const list = (...MsgList: unknown[]) => el("TIMRelayElem", { ...relayHead, MsgList });
    refused(list({}), "MsgContent.MsgList.0.MsgBody: is required");
    refused(list("m"), "MsgContent.MsgList.0: must be an object, not string");
    refused(list({ ...relayed, MsgSeq: -1 }), "MsgContent.MsgList.0.MsgSeq: must not be negative");
    refused(list({ ...relayed, From_Account: 1 }), "MsgContent.MsgList.0.From_Account: must be a string, not number");
    refused(
      list({ MsgBody: "hi" }),
      "MsgContent.MsgList.0.MsgBody: must be an array of {MsgType, MsgContent}, not string",
    );
    refused(list({ MsgBody: [{ MsgContent: {} }] }), "MsgContent.MsgList.0.MsgBody.0.MsgType: is required");
    refused(
      list({ MsgBody: [{ MsgType: "TIMTextElem", MsgContent: "hi" }] }),
      "MsgContent.MsgList.0.MsgBody.0.MsgContent: must be an object, not string",
    );
    refused(list({ MsgBody: [1] }), "MsgContent.MsgList.0.MsgBody.0: must be an object, not number");
  });
});

describe("MsgBody", () => {
  const custom = el("TIMCustomElem", { Data: "d" });
  const text = el("TIMTextElem", { Text: "t" });

  it("takes one or more elements of any types, with one TIMCustomElem at most", () => {
    const body = [text, custom, el("TIMFaceElem", { Index: 6 }), el("TIMSoundElem", { Url: "u" }), text];
    expect(z.safeParse(MsgBody, body)).toEqual({ success: true, data: body });
  });

  it("refuses a second TIMCustomElem, naming it", () => {
    expect(issues(MsgBody, [custom, text, custom])).toEqual([
      "2: is a second TIMCustomElem (a message holds at most one)",
    ]);
    expect(issues(MsgBody, [text, custom, custom, custom])).toEqual([
      "2: is a second TIMCustomElem (a message holds at most one)",
    ]);
  });

  it("refuses an empty, missing or non-array body, and names the bad element", () => {
    expect(issues(MsgBody, [])).toEqual([": must hold at least one element"]);
    expect(issues(MsgBody, undefined)).toEqual([": is required"]);
    expect(issues(MsgBody, text)).toEqual([": must be an array of {MsgType, MsgContent}"]);
    expect(issues(MsgBody, [text, el("TIMTextElem", {})])).toEqual(["1.MsgContent.Text: is required"]);
  });
});
