/** One JSON line per call. Never carries a key or a UserSig. */
export interface CallLog {
  rid: string;
  sdkappid: number | null;
  command: string;
  code: number;
  ms: number;
}

export function logCall(entry: CallLog): void {
  console.log(JSON.stringify(entry));
}
