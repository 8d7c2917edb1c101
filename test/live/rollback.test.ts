import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  captureFaults,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  useTestClock,
  validSig,
} from "../helpers";

let receiver: ReturnType<typeof mockReceiver>;
beforeEach(() => {
  useTestClock();
  receiver = mockReceiver();
});
afterEach(() => receiver.restore());

describe("a queued write that rolls back after its frame was numbered", () => {
  it("leaves no hole: the next frame takes the Seq the failed one did not keep", async () => {
    const as = await asApp(CALLBACK_APP);
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] }, as);
    const query = new URLSearchParams({
      sdkappid: String(CALLBACK_APP.sdkappid),
      identifier: "bob",
      usersig: await validSig(CALLBACK_APP.sdkappid, "bob", CALLBACK_APP.key),
      GroupId: g,
    });
    const bob = await connect(g, "bob", { query: query.toString() });
    expect(await bob.next()).toMatchObject({ Type: "State", Seq: 0 });
    expect(await mute(g, ["owner"], 60, as)).toEqual(OK);
    expect(await bob.next()).toMatchObject({ Type: "Tips", Seq: 1, Change: "Mute" });
    // Hand-made breakage: the mute's event cannot be written after its frame, so its write rolls back.
    const outbox = (from: string, to: string) =>
      runInDurableObject(groupStub(g, CALLBACK_APP.sdkappid), (_o, s) => {
        s.storage.sql.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
      });
    await outbox("outbox", "outbox_away");
    const { value, faults } = await captureFaults(() => mute(g, ["owner"], 120, as));
    expect(value).toMatchObject(fail(10002));
    expect(faults).toEqual([expect.objectContaining({ error: expect.stringContaining("outbox") })]);
    await outbox("outbox_away", "outbox");
    expect(await mute(g, ["owner"], 0, as)).toEqual(OK);
    expect(await bob.next()).toMatchObject({ Type: "Tips", Seq: 2, Change: "Unmute" });
  });
});
