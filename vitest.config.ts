import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_APPS_JSON } from "./test/apps.js";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: { bindings: { APPS: TEST_APPS_JSON } },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // The service logs one JSON line per call (and per alarm run) on stdout; in tests they only
    // bury the failures. Errors (stderr) still show.
    onConsoleLog: (log, type) => type === "stderr" || !log.startsWith("{"),
  },
});
