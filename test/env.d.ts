import type { Env as ServiceEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends ServiceEnv {}
  }
}

import "./fixtures/provided";
