import { beforeEach, describe, expect, it } from "vitest";
import { SERVICE } from "../../../src/group/mute-events";
import { MAX_ANSWER_BYTES } from "../../../src/wire/answer-budget";
import { MEMBER_FIELDS } from "../../../src/wire/vocabulary";
import { outgoing, T0, type TestClock, useTestClock } from "../../helpers";
import { spec, withModules } from "./harness";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
const everyField = { fields: MEMBER_FIELDS, roles: null, appKeys: null };
const whole = { members: 6000, bytes: MAX_ANSWER_BYTES };
/** The calling admin of the capabilities' changes, as the shell hands it over. */
const ADMIN = { account: "administrator", clientIp: "203.0.113.7" };

describe("Lifecycle", () => {
  it("creates the group once (10021 after), and destroy leaves no profile", () =>
    withModules(async ({ lifecycle, g, p }) => {
      expect(p()).toMatchObject({ type: "Public", owner: "owner", member_num: 3 });
      expect(await lifecycle.create(spec(p().group_id))).toMatchObject({ refused: 10021 });
      expect(await lifecycle.destroy()).toEqual({});
      expect(g.profile()).toBeNull();
      expect(await lifecycle.destroy()).toMatchObject({ refused: 10010 });
    }));
});

describe("Muting", () => {
  it("mutes for the given seconds, lists only what is in force, and unmutes", () =>
    withModules(async ({ muting, p }) => {
      expect(await muting.forbid('["bob","adm"]', 60, null, ADMIN, "spam")).toEqual({});
      const list = muting.listMuted(p(), false, null) as { mutedJson: Uint8Array };
      expect(decode(list.mutedJson)).toEqual([
        { Member_Account: "adm", MutedUntil: T0 + 60, Reason: "spam" },
        { Member_Account: "bob", MutedUntil: T0 + 60, Reason: "spam" },
      ]);
      expect(await muting.forbid('["adm"]', 0, null, ADMIN, "")).toEqual({});
      clock.advance(61);
      expect(decode((muting.listMuted(p(), true, null) as { mutedJson: Uint8Array }).mutedJson)).toEqual([]);
    }));

  it("escalates along the ladder and records each step in the history, newest first", () =>
    withModules(async ({ muting, p }) => {
      const ladder = { steps: [10, 100], decayDays: 1 };
      await muting.forbid('["bob"]', ladder, null, ADMIN, "");
      clock.advance(20);
      await muting.forbid('["bob"]', ladder, null, ADMIN, "");
      const page = muting.historyPage(p(), "bob", "", 10) as { entriesJson: string };
      const entries = JSON.parse(page.entriesJson) as { Action: string; MutedUntil: number }[];
      // The first mute ran out unswept before the second: recorded as expired, then the next step.
      expect(entries.map((e) => [e.Action, e.MutedUntil])).toEqual([
        ["Mute", T0 + 20 + 100],
        ["Expire", T0 + 10],
        ["Mute", T0 + 10],
      ]);
      expect(muting.historyPage(p(), null, "x", 10)).toMatchObject({ refused: 10004 });
    }));

  it("refuses a type without mutes (10007) and a TopicId in a group without topics (11000)", () =>
    withModules(
      async ({ muting }) => {
        expect(await muting.forbid('["bob"]', 60, null, SERVICE, "")).toMatchObject({ refused: 10007 });
        expect(await muting.forbid('["bob"]', 60, "x@TOPIC#_y", SERVICE, "")).toMatchObject({ refused: 11000 });
      },
      (id) => spec(id, "Private"),
    ));
});

describe("Membership", () => {
  it("adds, lists, names roles and removes; the owner stays", () =>
    withModules(({ membership, p }) => {
      expect(membership.add(p(), ["cy", "bob"])).toEqual({
        results: [
          { account: "cy", result: 1 },
          { account: "bob", result: 2 },
        ],
      });
      const page = membership.page(p(), everyField, { offset: 0, next: null }, 10) as { membersJson: Uint8Array };
      expect((decode(page.membersJson) as { Member_Account: string }[]).map((m) => m.Member_Account)).toEqual([
        "owner",
        "adm",
        "bob",
        "cy",
      ]);
      expect(membership.roles(p(), ["adm", "zed"])).toEqual({
        rolesJson: JSON.stringify([
          { Member_Account: "adm", Role: "Admin" },
          { Member_Account: "zed", Role: "NotMember" },
        ]),
      });
      expect(membership.remove(p(), ["owner"])).toMatchObject({ refused: 10007 });
      expect(membership.remove(p(), ["cy"])).toEqual({});
      expect(p().member_num).toBe(3);
    }));

  it("changes one member's fields and mute in one write; a sixth custom key is refused", () =>
    withModules(async ({ membership, muting, p }) => {
      expect(await membership.modify("bob", { nameCard: "Bob", role: "Admin" }, 30, null, SERVICE, "")).toEqual({});
      const some = membership.some(p(), everyField, ["bob"]) as { membersJson: string };
      expect(JSON.parse(some.membersJson)).toEqual([
        expect.objectContaining({ Member_Account: "bob", Role: "Admin", NameCard: "Bob", MuteUntil: T0 + 30 }),
      ]);
      expect(decode((muting.listMuted(p(), false, null) as { mutedJson: Uint8Array }).mutedJson)).toHaveLength(1);
      const six = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((k) => [k, "1"]));
      expect(await membership.modify("bob", { appData: six }, null, null, SERVICE, "")).toMatchObject({
        refused: 10004,
      });
      expect(await membership.modify("zed", {}, null, null, SERVICE, "")).toMatchObject({ refused: 10007 });
    }));
});

describe("Sending", () => {
  it("gives MsgSeq in order, answers a repeated Random with the first, refuses a muted sender", () =>
    withModules(async ({ sending, muting, p }) => {
      expect(await sending.send(outgoing("bob", 1))).toEqual({ seq: 1, time: T0, dropReason: null });
      expect(await sending.send(outgoing("bob", 1))).toEqual({ seq: 1, time: T0, dropReason: null });
      expect(await sending.send(outgoing("adm", 2))).toEqual({ seq: 2, time: T0, dropReason: null });
      await muting.forbid('["bob"]', 60, null, SERVICE, "calm down");
      expect(await sending.send(outgoing("bob", 3))).toEqual({
        refused: 10017,
        info:
          `From_Account bob is muted in this group until ${T0 + 60} (Unix seconds); ` +
          "muted for 60 more seconds: calm down",
      });
      const kept = sending.history(p(), null, 5, null) as { entries: { seq: number }[]; finished: number };
      expect(kept.entries.map((e) => e.seq)).toEqual([2, 1]);
      expect(kept.finished).toBe(1);
    }));
});

describe("TopicOps", () => {
  it("creates, describes, mutes all in, and destroys a topic with its mutes", () =>
    withModules(
      async ({ topics, muting, p }) => {
        const made = topics.create(p(), { topicId: null, from: null, change: { name: "news" } });
        const topicId = (made as { topicId: string }).topicId;
        expect(topicId.startsWith(`${p().group_id}@TOPIC#_@TOPIC#c`)).toBe(true);
        expect(topics.modify(topicId, { muteAll: true }, ADMIN)).toEqual({});
        const info = JSON.parse(
          (topics.info(p(), [topicId, "nope"], "bob", null) as { entriesJson: string }).entriesJson,
        );
        expect(info[0]).toMatchObject({ ErrorCode: 0, TopicInfo: { TopicId: topicId, ShutUpAllFlag: 1 } });
        expect(info[1]).toMatchObject({ ErrorCode: 110003 });
        await muting.forbid('["bob"]', 60, topicId, SERVICE, "");
        expect(topics.destroy([topicId, topicId], ADMIN)).toEqual({
          results: [
            { topicId, code: 0, info: "" },
            { topicId, code: 110003, info: `${topicId} does not exist in the group, or was destroyed` },
          ],
        });
      },
      (id) => spec(`@TGS#_${id}`, "Community", true),
    ));
});

describe("ProfileOps", () => {
  it("changes the profile and answers it; a member list over the budget is 10018", () =>
    withModules(({ profile, p }) => {
      expect(profile.modify(p(), { name: "renamed", muteAll: true }, ADMIN)).toEqual({});
      const base = { sdkappid: 1400000000, baseFields: ["Name", "MuteAllMember"] as const, appKeys: null };
      const entry = profile.info(p(), { ...base, baseFields: [...base.baseFields] }, everyField, whole);
      const parsed = JSON.parse((entry as { entryJson: string }).entryJson);
      expect(parsed).toMatchObject({ Name: "renamed", MuteAllMember: "On", ShutUpAllMember: "On" });
      expect(parsed.MemberList).toHaveLength(3);
      const tight = profile.info(p(), { ...base, baseFields: [] }, everyField, { members: 2, bytes: MAX_ANSWER_BYTES });
      expect(tight).toMatchObject({ refused: 10018 });
      expect(profile.modify(p(), { maxMemberNum: 7000 }, SERVICE)).toMatchObject({ refused: 10004 });
    }));
});
