import type { Env as ServiceEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends ServiceEnv {}
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    /** UserSigs made by the official generator (npm tls-sig-api-v2) in Node, see global-setup.ts. */
    officialSigs: import("./global-setup").OfficialSigs;
  }
}
