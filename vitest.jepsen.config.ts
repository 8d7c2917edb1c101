/**
 * `npm run test:jepsen`: histories recorded under crashes and checked for linearizability
 * (test/jepsen/), in Node around raw workerd. JEPSEN_OPS sets the clean run's size (10,000 by default).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "jepsen",
    include: ["test/jepsen/**/*.jepsen.ts"],
    environment: "node",
    testTimeout: 10 * 60 * 1000,
    // One run at a time: each has 32 clients and a server on the same two cores.
    fileParallelism: false,
  },
});
