import type { GroupObject } from "./group/group-object";
import type { AppLimiter } from "./limiter/app-limiter";

export interface Env {
  GROUPS: DurableObjectNamespace<GroupObject>;
  LIMITERS: DurableObjectNamespace<AppLimiter>;
  /** The app registry, JSON (see src/auth/apps.ts). A secret in production, .dev.vars locally. */
  APPS?: string;
}
