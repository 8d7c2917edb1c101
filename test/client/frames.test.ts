import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/client/frames";
import { message, state } from "../fixtures/live-fakes";

const tips = { Type: "Tips", Seq: 5, GroupId: "g1", Time: 3_000_000_000, Operator_Account: "admin" };

/** One frame of each kind of the SPEC's "Live channel", optional fields included. */
const FRAMES = [
  state(4, { Resync: true, Self: { Member_Account: "bob", Role: "Member", MuteUntil: 3_000_000_060, Reason: "spam" } }),
  { ...tips, TopicId: "@TGS#_t1", TipsType: "MemberInfoChange", Change: "Mute", MemberChangeInfoList: [] },
  {
    ...tips,
    TipsType: "MemberInfoChange",
    Change: "Expire",
    MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 0, MuteUntil: 0, Reason: "spam" }],
  },
  { ...tips, TipsType: "GroupInfoChange", MuteAllMember: "On", Cause: "Schedule" },
  ...["Join", "Quit", "Kicked", "SetAdmin", "CancelAdmin"].map((t) => ({ ...tips, TipsType: t, MemberList: ["x"] })),
  { ...message(6), TopicId: "@TGS#_t1", CloudCustomData: "{}" },
  { Type: "SystemNotification", Seq: 7, GroupId: "g1", Content: "maintenance at noon" },
  { Type: "SendAck", Random: 4_294_967_295, ErrorCode: 10017, ErrorInfo: "muted for 60 s: spam" },
  { Type: "SendAck", Random: 1, ErrorCode: 0, ErrorInfo: "", MsgSeq: 3, MsgTime: 3_000_000_000 },
  { Type: "Error", ErrorCode: 60003, ErrorInfo: "not JSON" },
  { ...tips, TipsType: "ChangeOwner", MemberList: ["peter"], OldOwner_Account: "" },
  { ...tips, Type: "Recall", TopicId: "@TGS#_t1", MsgSeqList: [{ MsgSeq: 3 }], Reason: "off topic" },
];

describe("parseFrame", () => {
  it.each(FRAMES.map((frame) => [`${frame.Type} ${"TipsType" in frame ? frame.TipsType : ""}`, frame]))(
    "reads %s",
    (_, frame) => {
      expect(parseFrame(JSON.stringify(frame))).toEqual(frame);
    },
  );

  it("keeps fields beyond the SPEC's, which a newer server may add", () => {
    expect(parseFrame(JSON.stringify({ ...message(1), Priority: "High" }))).toMatchObject({ Priority: "High" });
  });

  it.each([
    ["not JSON", "{"],
    ["the text pong", "pong"],
    ["JSON that is no object", '[{"Type":"Error","ErrorCode":1,"ErrorInfo":""}]'],
    ["null", "null"],
    ["no Type", '{"Seq":1}'],
    ["an unknown Type", '{"Type":"Nope"}'],
    ["a Type of Object.prototype", '{"Type":"toString"}'],
    ["a Type of __proto__", '{"Type":"__proto__","ErrorCode":1,"ErrorInfo":""}'],
    ["the client's own Send", JSON.stringify({ Type: "Send", Random: 1, MsgBody: [] })],
    ["an unknown TipsType", JSON.stringify({ ...tips, TipsType: "Nope", MemberList: [] })],
    ["a Tips without TipsType", JSON.stringify({ ...tips, MemberList: [] })],
    ["a string Seq", JSON.stringify({ ...message(1), Seq: "1" })],
    ["a negative Seq", JSON.stringify({ ...message(1), Seq: -1 })],
    ["a fractional Seq", JSON.stringify({ ...message(1), Seq: 1.5 })],
    ["a Random over uint32", JSON.stringify({ Type: "SendAck", Random: 2 ** 32, ErrorCode: 0, ErrorInfo: "" })],
    ["a missing field", JSON.stringify({ Type: "Error", ErrorCode: 1 })],
    ["a null optional field", JSON.stringify({ ...message(1), TopicId: null })],
    ["an element without MsgContent", JSON.stringify({ ...message(1), MsgBody: [{ MsgType: "TIMTextElem" }] })],
    ["a MemberList of numbers", JSON.stringify({ ...tips, TipsType: "Join", MemberList: [1] })],
    [
      "an unknown Change",
      JSON.stringify({ ...tips, TipsType: "MemberInfoChange", Change: "Ban", MemberChangeInfoList: [] }),
    ],
    ["MuteAllMember true", JSON.stringify(state(1, { MuteAllMember: true }))],
    ["a Self without Role", JSON.stringify(state(1, { Self: { Member_Account: "bob", MuteUntil: 0 } }))],
    ["a deep nest", "[".repeat(100_000) + "]".repeat(100_000)],
    ["a ChangeOwner without OldOwner_Account", JSON.stringify({ ...tips, TipsType: "ChangeOwner", MemberList: ["x"] })],
    ["a Recall of bare seqs", JSON.stringify({ ...tips, Type: "Recall", MsgSeqList: [3] })],
  ])("answers null, without throwing, for %s", (_, text) => {
    expect(parseFrame(text)).toBeNull();
  });
});
