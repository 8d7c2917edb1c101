/**
 * `npm run test:fuzz`: the workers project of vitest.config.ts, running only the full
 * property-based fuzzing (test/fuzz/*.fuzz.ts), with room for its minutes of work.
 */
import { defineConfig } from "vitest/config";
import { quietServiceLogs, workersProject } from "./test/fixtures/workers-project.js";

export default defineConfig({
  test: {
    onConsoleLog: quietServiceLogs,
    // Over 10,000 generated requests: minutes, not seconds per test.
    projects: [
      workersProject({
        name: "fuzz",
        include: ["test/fuzz/**/*.fuzz.ts"],
        testTimeout: 15 * 60 * 1000,
        hookTimeout: 2 * 60 * 1000,
      }),
    ],
  },
});
