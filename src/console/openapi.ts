/** The commands, as GET /openapi.json describes them: one POST operation per /v4/{service}/{command} path. */

export interface Operation {
  path: string;
  service: string;
  command: string;
  summary: string;
  /** A legacy name, kept for old callers. */
  deprecated: boolean;
  /** Beyond Tencent's API. */
  extension: boolean;
  example: unknown;
  schema: unknown;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

export async function loadOperations(): Promise<Operation[]> {
  const response = await fetch("/openapi.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`GET /openapi.json answered HTTP ${response.status}`);
  const paths = obj(obj(await response.json()).paths);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const post = obj(obj(item).post);
    const match = /^\/v4\/([^/]+)\/([^/]+)$/.exec(path);
    if (match === null || Object.keys(post).length === 0) continue;
    const content = obj(obj(obj(post.requestBody).content)["application/json"]);
    const tags = Array.isArray(post.tags) ? post.tags : [];
    operations.push({
      path,
      service: typeof tags[0] === "string" ? tags[0] : (match[1] ?? ""),
      command: typeof post.operationId === "string" ? post.operationId : (match[2] ?? path),
      summary: typeof post.summary === "string" ? post.summary : "",
      deprecated: post.deprecated === true,
      extension: post["x-extension"] === true,
      example: "example" in content ? content.example : {},
      schema: content.schema,
    });
  }
  return operations;
}
