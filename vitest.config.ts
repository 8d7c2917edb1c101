import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_APPS_JSON } from "./test/apps.js";

export default defineConfig({
  test: {
    // The service logs one JSON line per call (and per alarm run) on stdout; in tests they only
    // bury the failures. Errors (stderr) still show.
    onConsoleLog: (log, type) => type === "stderr" || !log.startsWith("{"),
    projects: [
      {
        // Inside the Workers runtime: everything the service does, through its handler and objects.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { APPS: TEST_APPS_JSON } },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**"],
          globalSetup: ["./test/global-setup.ts"],
          // Two cores: a test that is quick alone can wait behind a busy neighbour.
          testTimeout: 20_000,
        },
      },
      {
        // In Node, around real processes: crash safety of `wrangler dev`.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
        },
      },
    ],
  },
});
