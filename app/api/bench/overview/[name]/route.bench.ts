// GET /api/bench/overview/:name — benchmark only: a bare route handler answering the bytes the real Overview route
// answered when `npm run bench:routes` saved them, so the benchmark can compare the real route with no work at all.
// Built only with BENCH_ROUTES=1 (next.config.ts pageExtensions): no other build contains it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export const dynamic = "force-dynamic";

const saved = new Map<string, Promise<string>>();

export async function GET(_req: Request, ctx: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await ctx.params;
  const dir = process.env.BENCH_ROUTES_DIR;
  if (!dir || !/^[a-z-]+$/.test(name)) return new Response("Not found\n", { status: 404 });
  let bytes = saved.get(name);
  if (!bytes) saved.set(name, (bytes = readFile(join(dir, `${name}.json`), "utf8")));
  return new Response(await bytes, { headers: { "Content-Type": "application/json", "Cache-Control": "private, no-cache" } });
}
