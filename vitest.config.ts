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
    // The service writes one JSON access-log line per call; in tests they only bury the failures.
    onConsoleLog: (log) => !log.startsWith('{"rid":'),
  },
});
