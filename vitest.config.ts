import { defineConfig } from "vitest/config";
import { quietServiceLogs, workersProject } from "./test/fixtures/workers-project.js";

export default defineConfig({
  test: {
    onConsoleLog: quietServiceLogs,
    projects: [
      // Inside the Workers runtime: everything the service does, through its handler and objects.
      // Two cores: a test that is quick alone can wait behind a busy neighbour, hence the timeout.
      workersProject({
        name: "workers",
        include: ["test/**/*.test.ts"],
        exclude: ["test/node/**", "test/jepsen/**"],
        testTimeout: 20_000,
      }),
      {
        // In Node, around a real `wrangler dev`: crash safety and keep-alive after a refused body.
        // The linearizability checker's own table (test/jepsen/) runs here too: plain Node, fast.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts", "test/jepsen/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
        },
      },
    ],
  },
});
