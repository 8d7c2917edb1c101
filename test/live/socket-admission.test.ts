import { beforeEach, describe, expect, it, vi } from "vitest";
import { connect } from "../fixtures/live-socket";
import { call, createGroup, OK, T0, type TestClock, textBody, useTestClock } from "../helpers";

/** Each test at its own time, far from the others' leases and mutes. */
let testNumber = 0;
let clock: TestClock;
beforeEach(() => {
  testNumber += 1;
  clock = useTestClock(T0 + 70_000 * testNumber);
});

type Line = { event: string; code: number; rpcs: number };

/** Sends `text` over `socket` and answers its SendAck (its Message, if any, skipped). */
async function send(socket: Awaited<ReturnType<typeof connect>>, random: number) {
  socket.send({ Type: "Send", Random: random, MsgBody: textBody(`m${random}`) });
  let frame = await socket.next();
  while (frame.Type === "Message") frame = await socket.next();
  return frame;
}

/** Runs `work` and answers the live_send lines it wrote. */
async function liveSends(work: () => Promise<void>): Promise<Line[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.event === "live_send")
    .map(({ code, rpcs }) => ({ code, rpcs }) as Line);
}

const group = () =>
  createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }, { Member_Account: "kim" }] });

describe("a socket's Send and the app's budget", () => {
  it("rides the group isolate's lease: once it holds one, a Send makes no hop to the app object", async () => {
    const g = await group();
    const bob = await connect(g, "bob");
    await bob.next();
    const lines = await liveSends(async () => {
      for (let i = 1; i <= 10; i++) expect(await send(bob, i)).toMatchObject({ Type: "SendAck", ErrorCode: 0 });
    });
    // The first renews the lease on its path; one or two more may find its next renewal in flight.
    expect(lines.slice(5)).toEqual(Array(5).fill({ code: 0, rpcs: 0 }));
    expect(lines.reduce((n, l) => n + l.rpcs, 0)).toBeLessThanOrEqual(3);
  });

  it("an app-wide mute set by setnospeaking refuses the muted sender's next Send with 10017", async () => {
    const g = await group();
    const bob = await connect(g, "bob");
    const kim = await connect(g, "kim");
    await bob.next();
    await kim.next();
    expect(await send(bob, 1)).toMatchObject({ ErrorCode: 0 });
    const config = { service: "openconfigsvr" };
    expect(await call("setnospeaking", { Set_Account: "bob", GroupmsgNospeakingTime: 600 }, config)).toEqual(OK);
    // setnospeaking waited for the lease's promise to run out: past it here, as its real wait is.
    clock.advance(1.1);
    const refused = await send(bob, 2);
    expect(refused).toMatchObject({ Type: "SendAck", Random: 2, ErrorCode: 10017 });
    expect(refused.ErrorInfo).toContain("From_Account bob is muted in every group of the app");
    expect(await send(kim, 3)).toMatchObject({ ErrorCode: 0 });
    expect(await send(kim, 4)).toMatchObject({ ErrorCode: 0 });
  });
});
