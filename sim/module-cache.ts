// The Go module cache, where the Ollama simulator reads what it carries no copy of (Ollama's chat template library):
// the modules the real tier builds are there once it has run.
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

let cached: string | undefined;

/** The Go module cache: GOMODCACHE, else what `go env` says, else GOPATH's or ~/go's pkg/mod. */
export function modCache(): string {
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  if (cached !== undefined) return cached;
  const go = spawnSync("go", ["env", "GOMODCACHE"], { encoding: "utf8", timeout: 10_000 });
  const dir = go.status === 0 ? go.stdout.trim() : "";
  cached = dir || join(process.env.GOPATH?.split(":")[0] || join(homedir(), "go"), "pkg", "mod");
  return cached;
}
