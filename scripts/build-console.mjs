#!/usr/bin/env node
/**
 * Builds the console into dist/console, the Worker's static assets: one HTML
 * page with its script and style inlined (one request, no CDN), and a _headers
 * file whose Content-Security-Policy allows exactly that script and style by
 * hash and connections to this origin only. wrangler runs it before `dev` and
 * `deploy` ([build] in wrangler.toml); `npm test` runs it before the tests.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "console");
const out = join(root, "dist", "console");

const bundle = async (entry, loader) => {
  const result = await build({
    entryPoints: [join(source, entry)],
    bundle: true,
    minify: true,
    format: loader === "css" ? undefined : "iife",
    target: ["es2022", "chrome120", "firefox120", "safari17"],
    write: false,
    logLevel: "warning",
    legalComments: "none",
  });
  // "</" cannot end the inline element early: "<\/" means the same in JavaScript strings and CSS.
  return result.outputFiles[0].text.trim().replaceAll("</", "<\\/");
};
const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

const [script, style] = await Promise.all([bundle("main.ts", "js"), bundle("console.css", "css")]);
const page = readFileSync(join(source, "console.html"), "utf8")
  .replace("<style></style>", () => `<style>${style}</style>`)
  .replace("<script></script>", () => `<script>${script}</script>`);

const policy = [
  "default-src 'none'",
  `script-src ${hash(script)}`,
  `style-src ${hash(style)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "console.html"), page);
writeFileSync(
  join(out, "_headers"),
  [
    "/console",
    `  Content-Security-Policy: ${policy}`,
    "  X-Content-Type-Options: nosniff",
    "  Referrer-Policy: no-referrer",
    "  Cache-Control: no-cache",
    "",
  ].join("\n"),
);
console.log(`console: ${(Buffer.byteLength(page) / 1024).toFixed(1)} KB (uncompressed) in dist/console`);
