import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { COMMAND_ROUTES } from "../../src/commands";
import {
  asApp,
  call,
  createGroup,
  fail,
  LIMITED_APP,
  OK,
  T0,
  type TestClock,
  textBody,
  useTestClock,
} from "../helpers";

let testNumber = 0;
let clock: TestClock;
beforeEach(() => {
  testNumber += 1;
  // Each test far from the others' budgets (the limiter tests do the same).
  clock = useTestClock(T0 + 100_000 + 1000 * testNumber);
});
afterEach(() => vi.restoreAllMocks());

const schemaOf = (name: string) => COMMAND_ROUTES.find((r) => r.name === name)!.command.schema;
/** A body of about 1 MiB that is valid JSON, padded with a field the schema ignores. */
const large = (body: Record<string, unknown>) => JSON.stringify({ ...body, Pad: "x".repeat(1_000_000) });

describe("admission before cost", () => {
  it("a call refused for rate (60007) never parses or validates its 1 MiB body", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({}, o);
    for (let i = 0; i < 10; i++)
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: [`a${i}`], MuteTime: 9 }, o)).toEqual(OK);
    const validated = vi.spyOn(schemaOf("forbid_send_msg"), "safeParse");
    const parsed = vi.spyOn(JSON, "parse");
    const refused = await call("forbid_send_msg", null, {
      ...o,
      rawBody: large({ GroupId: g, Members_Account: ["late"], MuteTime: 9 }),
    });
    expect(refused).toMatchObject(fail(60007));
    expect(validated).not.toHaveBeenCalled();
    // Other JSON is read on the way (the runtime's own messages): none of it is the body.
    expect(parsed.mock.calls.filter(([text]) => String(text).length > 100_000)).toEqual([]);
    // Admitted, the same body is parsed and the call does its work.
    clock.advance(1);
    const admitted = await call("forbid_send_msg", null, {
      ...o,
      rawBody: large({ GroupId: g, Members_Account: ["late"], MuteTime: 9 }),
    });
    expect(admitted).toEqual(OK);
    expect(validated).toHaveBeenCalledTimes(1);
  });

  it("a send refused for rate parses nothing either, however small its body", async () => {
    const o = await asApp(LIMITED_APP);
    const g = await createGroup({ Owner_Account: "owner" }, o);
    const send = (i: number) =>
      call("send_group_msg", { GroupId: g, From_Account: "owner", Random: 500 + i, MsgBody: textBody("hi") }, o);
    for (let i = 0; i < 10; i++) expect(await send(i)).toMatchObject(OK);
    const validated = vi.spyOn(schemaOf("send_group_msg"), "safeParse");
    const parsed = vi.spyOn(JSON, "parse");
    expect(await send(10)).toMatchObject(fail(60007));
    expect(validated).not.toHaveBeenCalled();
    expect(parsed.mock.calls.filter(([text]) => String(text).includes('"Random":510'))).toEqual([]);
  });

  it("a large send is still refused while its sender is muted app-wide", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "kim" }, { Member_Account: "lee" }],
    });
    const config = { service: "openconfigsvr" };
    expect(await call("setnospeaking", { Set_Account: "kim", GroupmsgNospeakingTime: 60 }, config)).toEqual(OK);
    const send = (From_Account: string) =>
      call("send_group_msg", null, {
        rawBody: large({ GroupId: g, From_Account, Random: 7, MsgBody: textBody("hi") }),
      });
    const muted = await send("kim");
    expect(muted).toMatchObject(fail(10017));
    expect(muted.ErrorInfo).toMatch(/^From_Account kim is muted in every group/);
    expect(await send("lee")).toMatchObject(OK);
  });
});
