import { beforeEach, describe, expect, it } from "vitest";
import { BAN_EXPIRY, banExpiry } from "../../../src/group/ban-expiry";
import { Banning } from "../../../src/group/banning";
import { GroupAttrs } from "../../../src/group/group-attrs";
import { accounts, T0, type TestClock, useTestClock } from "../../helpers";
import { spec, withModules } from "./harness";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

type Entry = { Action: string; Member_Account: string; Operator_Account: string; MutedUntil: number };
const entries = (json: string) =>
  (JSON.parse(json) as Entry[]).map((e) => [e.Action, e.Member_Account, e.Operator_Account, e.MutedUntil]);

describe("Banning", () => {
  it("bans: the members leave (member_num with them), the ban is listed, its sweep is due at its end", () =>
    withModules(({ g, muting, p }) => {
      const banning = new Banning(g);
      expect(banning.ban(p(), ["bob", "zed"], 60, "why", "op")).toEqual({});
      expect(p().member_num).toBe(2);
      expect(g.members.roleOf("bob")).toBeNull();
      expect(banning.page(p(), 0, 10)).toEqual({
        bannedJson: JSON.stringify([
          { BannedUntil: T0 + 60, Member_Account: "bob" },
          { BannedUntil: T0 + 60, Member_Account: "zed" },
        ]),
        next: 2,
      });
      expect(g.scheduler.entry(BAN_EXPIRY)?.dueAt).toBe((T0 + 60) * 1000);
      const history = muting.historyPage(p(), null, "", 10) as { entriesJson: string };
      expect(entries(history.entriesJson)).toEqual([
        ["Ban", "zed", "op", T0 + 60],
        ["Ban", "bob", "op", T0 + 60],
      ]);
    }));

  it("the sweep lifts what ended, a batch of 100 a run, each an Unban without operator, and says when next", () =>
    withModules(({ g, muting, p }) => {
      const banning = new Banning(g);
      const many = accounts(120, "b");
      for (let i = 0; i < many.length; i += 20) banning.ban(p(), many.slice(i, i + 20), 10, "", "op");
      banning.ban(p(), ["late"], 100, "", "op");
      const work = banExpiry(g);
      expect(work.nextDue()).toBe((T0 + 10) * 1000);
      clock.advance(10);
      // Nothing is swept before its end: one second early, the run removes none.
      expect(work.run((T0 + 9) * 1000, "")).toBeNull();
      expect(work.run((T0 + 10) * 1000, "")).toBe("more");
      expect(work.run((T0 + 10) * 1000, "more")).toBeNull();
      expect(g.bans.bannedAmong(JSON.stringify([...many, "late"]), T0 + 10)).toEqual(new Set(["late"]));
      expect(work.nextDue()).toBe((T0 + 100) * 1000);
      const page = muting.historyPage(p(), "b7", "", 10) as { entriesJson: string };
      expect(entries(page.entriesJson)).toEqual([
        ["Unban", "b7", "", T0 + 10],
        ["Ban", "b7", "op", T0 + 10],
      ]);
    }));

  it("a page looks at 1,000 rows at most: past ended unswept rows it answers fewer and goes on from there", () =>
    withModules(({ g, p }) => {
      const banning = new Banning(g);
      g.bans.ban(JSON.stringify(accounts(1500, "old")), T0 + 5, "");
      g.bans.ban(JSON.stringify(["new"]), T0 + 500, "");
      clock.advance(10);
      expect(banning.page(p(), 0, 100)).toEqual({ bannedJson: "[]", next: 1000 });
      expect(banning.page(p(), 1000, 100)).toEqual({
        bannedJson: JSON.stringify([{ BannedUntil: T0 + 500, Member_Account: "new" }]),
        next: 1501,
      });
      expect(banning.page(p(), 1501, 100)).toEqual({ bannedJson: "[]", next: 0 });
    }));

  it("an AVChatRoom has no members to remove: the ban alone keeps the account out", () =>
    withModules(
      ({ g, p }) => {
        expect(new Banning(g).ban(p(), ["viewer"], 60, "", "op")).toEqual({});
        expect(g.bans.untilOf("viewer", T0)).toBe(T0 + 60);
        expect(g.bans.untilOf("viewer", T0 + 60)).toBe(0);
      },
      (id) => ({ ...spec(id, "AVChatRoom"), owner: "", members: [] }),
    ));
});

describe("GroupAttrs", () => {
  it("writes whole or not at all, and counts only the writes it takes against the second's five", () =>
    withModules(({ g }) => {
      const attrs = new GroupAttrs(g);
      expect(attrs.write("set", [["a", "1"]])).toEqual({});
      const seventeen = accounts(17, "k").map((k): [string, string] => [k, ""]);
      expect(attrs.write("modify", seventeen)).toMatchObject({ refused: 10047 });
      for (let i = 0; i < 4; i++) expect(attrs.write("modify", [[`x${i}`, "v"]])).toEqual({});
      expect(attrs.write("clear", [])).toMatchObject({ refused: 10049 });
      expect(JSON.parse((attrs.get() as { attrsJson: string }).attrsJson)).toHaveLength(5);
      clock.advance(1);
      expect(attrs.write("clear", [])).toEqual({});
      expect(attrs.get()).toEqual({ attrsJson: "[]" });
    }));
});
