// Each outside system has one door in today's layout (issue 18): vendor SDKs are imported only there, and every lib/
// module that runs on the server says so with `import "server-only"`. After `node scripts/rings.ts` the lint rules of
// eslint.rings.mjs say the same for the new tree; this test holds the line until then.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [{ file: relative(ROOT, join(ROOT, path)), text: readFileSync(join(ROOT, path), "utf8") }] : [];
  });
}

const code = ["lib", "app", "components"].flatMap(sources).concat([{ file: "proxy.ts", text: readFileSync(join(ROOT, "proxy.ts"), "utf8") }]);
const importers = (sdk: RegExp) => code.filter(({ text }) => sdk.test(text)).map(({ file }) => file);

// The ConfigMap read-modify-write of these three moves behind one lib/doors/kubernetes helper with issue 19 (the replicas work).
describe("doors", () => {
  it("only lib/doors/kubernetes imports client-node", () => {
    const outside = importers(/from "@kubernetes\/client-node"/).filter((f) => !f.startsWith("lib/doors/kubernetes/"));
    expect(outside).toEqual([]);
  });

  it("only lib/doors/ollama imports the Ollama SDK, only lib/features/metrics prom-client", () => {
    expect(importers(/from "ollama(\/[^"]*)?"/).filter((f) => !f.startsWith("lib/doors/ollama/"))).toEqual([]);
    expect(importers(/from "prom-client"/).filter((f) => !f.startsWith("lib/features/metrics/"))).toEqual([]);
  });

  it("only the doors send HTTP: Ollama, the registry, Prometheus and the cache agent", () => {
    const DOORS = ["lib/doors/ollama/", "lib/doors/registry/manifest.ts", "lib/doors/prometheus/index.ts", "lib/doors/agent/index.ts"];
    const callers = code.filter(({ file, text }) => file.startsWith("lib/") && /\bfetch\(|\bhttps?\.request\(|new Ollama\(/.test(text)).map((s) => s.file);
    expect(callers.filter((f) => !DOORS.some((d) => f.startsWith(d)))).toEqual([]);
  });

  it("the raw Kubernetes client stays inside lib/doors/kubernetes (features call its typed functions)", () => {
    const outside = importers(/from "[^"]*cluster\/client"/).filter((f) => !f.startsWith("lib/doors/kubernetes/"));
    expect(outside).toEqual([]);
  });

  it("every lib/doors/kubernetes module is server-only", () => {
    const open = code.filter(({ file, text }) => file.startsWith("lib/doors/kubernetes/") && file !== "lib/shared/kubernetes/wire.ts" && !/^import "server-only";/m.test(text));
    expect(open.map((s) => s.file)).toEqual([]);
  });
});
