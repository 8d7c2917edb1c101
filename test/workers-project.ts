/** The vitest project that runs inside the Workers runtime; shared by vitest.config.ts and vitest.fuzz.config.ts. */
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import type { TestProjectInlineConfiguration } from "vitest/config";
import { TEST_APPS_JSON } from "./apps.js";

export function workersProject(test: { name: string; include: string[]; exclude?: string[]; testTimeout: number; hookTimeout?: number }): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { APPS: TEST_APPS_JSON } },
      }),
    ],
    test: { ...test, globalSetup: ["./test/global-setup.ts"] },
  };
}

/** The service logs one JSON line per call (and per alarm run) on stdout; in tests they only bury the failures. Errors (stderr) still show. */
export const quietServiceLogs = (log: string, type: "stdout" | "stderr"): boolean => type === "stderr" || !log.startsWith("{");
