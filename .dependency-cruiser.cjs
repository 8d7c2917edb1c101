/**
 * The architecture, checked by `npm run lint` (docs/design.md, "The floors").
 *
 * The server's code stands on floors: a module imports only from the floors
 * below its own. Rooms that share a floor are apart: neither imports the
 * other. A broken rule fails lint with the rule's name, "floor-<room>" for a
 * room that reached up or across. Tests may import anything, but not in a circle.
 * Beside the server stand two browser modules that import none of it: the console and the live
 * channel's client (which the console may bundle).
 */
const FLOORS = [
  // Leaves: they import nothing of ours.
  { ground: "^src/(log|clock|sql)\\.ts$|^src/memory/" },
  // The protocol: Tencent's names, fields, errors and envelope; shared by every floor above.
  { wire: "^src/wire/" },
  // How the Worker reaches the objects: their names, and the RPC methods with their Outcomes.
  { contract: "^src/contract/" },
  // Each alone: the app registry and UserSig, the rate algorithm, the callback request.
  { auth: "^src/auth/", limiter: "^src/limiter/", callbacks: "^src/callbacks/" },
  // The objects' machinery: the one alarm and its due work, schema versions.
  { storage: "^src/scheduler/|^src/migrations\\.ts$" },
  // The Durable Objects, each alone: one per group, one per app, the shards of the joined-group index.
  { group: "^src/group/", app: "^src/app/", joined: "^src/joined/" },
  // One file per command: reaches the objects through the contract's stubs. Beside them, the
  // Worker's side of the live channel's connect (it hands the upgrade to the group by fetch).
  { commands: "^src/commands/", live: "^src/live/" },
  { openapi: "^src/openapi/" },
  // The Worker entry: the call pipeline, the access log, the exported classes, the Env type.
  { entry: "^src/(api|index)\\.ts$|^src/worker-configuration\\.d\\.ts$" },
];

const floorRules = FLOORS.flatMap((rooms, level) =>
  Object.entries(rooms).map(([room, path]) => {
    const above = FLOORS.slice(level + 1).flatMap(Object.values);
    const beside = Object.entries(rooms)
      .filter(([other]) => other !== room)
      .map(([, otherPath]) => otherPath);
    const below = FLOORS.slice(0, level).flatMap(Object.keys);
    return {
      name: `floor-${room}`,
      comment: `${room} may import only ${[...below, room].join(", ")}: nothing above it or beside it`,
      severity: "error",
      from: { path },
      to: { path: [...above, ...beside, "^src/(console|client)/"] },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import circles, in the server or the tests: each module can be understood from below.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...floorRules,
    {
      name: "on-a-floor",
      comment: "Every module of the server stands on a floor: give a new one its place in FLOORS.",
      severity: "error",
      from: { path: "^src/", pathNot: [...FLOORS.flatMap(Object.values), "^src/(console|client)/"] },
      to: {},
    },
    {
      name: "objects-through-contract",
      comment: "The Worker holds stubs typed by src/contract/, never the classes: only index.ts exports them.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/index\\.ts$" },
      to: { path: "^src/(group/group-object|app/app-object|joined/joined-index)\\.ts$" },
    },
    {
      name: "console-apart",
      comment: "The console is its own browser bundle: no server code, only the live client and the wire's types.",
      severity: "error",
      from: { path: "^src/console/" },
      to: { path: "^src/", pathNot: "^src/(console|client|wire)/" },
    },
    {
      name: "console-wire-types-only",
      comment: "The console may share the wire's types, not its code (zod and the server's errors stay out).",
      severity: "error",
      from: { path: "^src/console/" },
      to: { path: "^src/wire/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "tools-apart",
      comment: "The tools (tools/) are clients of the public API, like any app's backend: no code of the service.",
      severity: "error",
      from: { path: "^tools/" },
      to: { path: "^src/" },
    },
    {
      name: "client-apart",
      comment: "The live client runs in members' browsers: no server code, no console; the wire's types at most.",
      severity: "error",
      from: { path: "^src/client/" },
      to: { path: "^src/", pathNot: "^src/(client|wire)/" },
    },
    {
      name: "client-wire-types-only",
      comment: "The client may share the wire's types, not its code (zod and the server's errors stay out).",
      severity: "error",
      from: { path: "^src/client/" },
      to: { path: "^src/wire/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a circle of types is a circle of meaning.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    cache: false,
  },
};
