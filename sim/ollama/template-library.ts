// Ollama's chat template detection (template.Named, used by ggufLayers for a GGUF from `files`): the library template
// whose Jinja text is nearest the GGUF's `tokenizer.chat_template`, by edit distance over characters (runes), taken
// when that distance is under 100; the first in the library's order wins a tie. The library is Ollama's own
// (template/index.json, <name>.gotmpl, <name>.json): the simulator carries no copy of it, and reads it at run time from
// the Ollama module in the Go module cache, at the version the real tier builds (tools/realstack/ollama.ts). Without
// that module (no Go, or the real Ollama never built here) it detects nothing and says so once.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OLLAMA_VERSION } from "../../tools/realstack/ollama.ts";
import { modCache } from "../module-cache.ts";

/** A library template: its name, the Jinja text it stands for, its Go template, and its stop words if it has any. */
export interface NamedTemplate {
  name: string;
  jinja: string;
  gotmpl: string;
  stop?: string[];
}

const MAX_DISTANCE = 100;

/** The library read from `dir` (the module's template/ folder), in index order. */
export function readLibrary(dir: string): NamedTemplate[] {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { name: string; template: string }[];
  return index.map(({ name, template }) => {
    const gotmpl = readFileSync(join(dir, `${name}.gotmpl`), "utf8").replaceAll("\r\n", "\n");
    const params = join(dir, `${name}.json`);
    const stop = existsSync(params) ? (JSON.parse(readFileSync(params, "utf8")) as { stop?: string[] }).stop : undefined;
    return { name, jinja: template, gotmpl, ...(existsSync(params) ? { stop: stop ?? [] } : {}) };
  });
}

let library: NamedTemplate[] | undefined;
/** The library of the pinned Ollama, read once; empty (with one line on stderr) when the module cache lacks it. */
export function templateLibrary(): NamedTemplate[] {
  if (library) return library;
  const dir = join(modCache(), `github.com/ollama/ollama@${OLLAMA_VERSION}`, "template");
  try {
    library = readLibrary(dir);
  } catch {
    console.error(`ollama sim: no chat template detection: Ollama's template library is not in the Go module cache (${dir}); \`npm run real:ollama\` puts it there`);
    library = [];
  }
  return library;
}

/**
 * The edit distance of `a` and `b` (code points) when it is under `limit`, else `limit`: only the band of cells within
 * `limit` of the diagonal can hold a smaller distance, so each row costs O(limit), not O(|b|).
 */
export function boundedDistance(a: readonly string[], b: readonly string[], limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const width = b.length + 1;
  let prev = new Uint32Array(width).fill(limit);
  let row = new Uint32Array(width).fill(limit);
  for (let j = 0; j < Math.min(width, limit); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit + 1);
    const to = Math.min(b.length, i + limit - 1);
    row.fill(limit, Math.max(0, from - 1), Math.min(width, to + 2));
    if (i < limit) row[0] = i;
    let best = row[0] ?? limit;
    for (let j = from; j <= to; j++) {
      const substitute = (prev[j - 1] ?? limit) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min(substitute, (prev[j] ?? limit) + 1, (row[j - 1] ?? limit) + 1, limit);
      row[j] = value;
      if (value < best) best = value;
    }
    if (best >= limit) return limit;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[b.length] ?? limit, limit);
}

/** template.Named: the nearest library template to `chatTemplate`, when nearer than 100 edits. */
export function detectTemplate(chatTemplate: string, templates = templateLibrary()): NamedTemplate | undefined {
  const text = Array.from(chatTemplate);
  let found: NamedTemplate | undefined;
  let score = MAX_DISTANCE;
  for (const t of templates) {
    const d = boundedDistance(text, Array.from(t.jinja), score);
    if (d < score) [found, score] = [t, d];
  }
  return found;
}
