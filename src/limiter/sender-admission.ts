import type { Admission } from "../contract/app-rpc";
import type { AdmissionHooks, AskLease, Leases } from "./leases";

/** A sender's app-wide mute as a send must see it (until 0: none in force). */
export interface SenderMute {
  until: number;
  reason: string;
}

const NOT_MUTED: SenderMute = { until: 0, reason: "" };

/** The app object's answer of the sender's app-wide mute, with the promise that comes with it. */
export type ReadSenderMute = () => Promise<SenderMute & { promiseMs: number }>;

/**
 * The app-wide mute of `sender`, whose send was admitted: none, without a hop,
 * when the lease promises there is none in the app (`fromLease`), or the direct
 * admission said none can be (`mayBeMuted` false), or the app object promised
 * within the last second that this sender has none; else read on a hop (and
 * that answer's promise remembered for the sender's next sends).
 */
export async function senderMuteAfterAdmission(
  leases: Leases,
  key: string,
  sdkappid: number,
  sender: string,
  admittedBy: { fromLease: true } | { fromLease: false; mayBeMuted: boolean },
  read: ReadSenderMute,
  now: () => number,
): Promise<SenderMute> {
  const none = admittedBy.fromLease ? leases.promised(key) : !admittedBy.mayBeMuted;
  if (none || leases.senderCleared(sdkappid, sender)) return NOT_MUTED;
  const sentAt = now();
  const answer = await read();
  leases.clearSender(sdkappid, sender, sentAt, answer.promiseMs);
  return { until: answer.until, reason: answer.reason };
}

/** A send's admission: the sender's app-wide mute (null: the budget refused it), and the hops it took. */
export interface SenderAdmission {
  mute: SenderMute | null;
  hops: number;
}

/**
 * The admission of one send by `sender` whose body is read already (a live
 * socket's Send): from the isolate's lease of the app's send_group_msg budget,
 * without a hop while it holds tokens; else the call's own renewal (one hop),
 * or the app object's direct admission, which reads the sender's mute on the
 * same hop; and the sender's mute on a hop when no promise covers it.
 */
export async function admitSender(
  leases: Leases,
  key: string,
  sdkappid: number,
  sender: string,
  app: { ask: AskLease; hooks: AdmissionHooks; admit: () => Promise<Admission>; read: ReadSenderMute },
  now: () => number,
): Promise<SenderAdmission> {
  let hops = 0;
  const read: ReadSenderMute = () => {
    hops += 1;
    return app.read();
  };
  const after = async (admittedBy: Parameters<typeof senderMuteAfterAdmission>[4]) => ({
    mute: await senderMuteAfterAdmission(leases, key, sdkappid, sender, admittedBy, read, now),
    hops,
  });
  let taken = leases.take(key, true, app.ask, app.hooks);
  if (taken instanceof Promise) {
    hops += 1;
    taken = (await taken) ? "admitted" : "refused";
  }
  if (taken === "refused") return { mute: null, hops };
  if (taken === "admitted") return after({ fromLease: true });
  hops += 1;
  const admission = await app.admit();
  leases.renew(key, app.ask, app.hooks);
  if (admission.admitted)
    return { mute: { until: admission.groupMutedUntil, reason: admission.groupMuteReason }, hops };
  // Refused, unless a renewal that landed meanwhile holds a token for it: its mute is then still to read.
  if (!leases.retake(key)) return { mute: null, hops };
  return after({ fromLease: false, mayBeMuted: true });
}
