// Audit entries are read by operators and copied to Kubernetes Events: a failure carries the safe AppError message,
// never the raw text of an unexpected error (stack-ish internals, hostnames, tokens in URLs).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../doors/runtime/errors";

const RAW = "TypeError: Cannot read properties of undefined (reading 'token') at http://10.0.0.7:11434?key=s3cr3t";

// This process's list is what is checked; nothing goes to a cluster.
vi.mock("../../doors/kubernetes/audit-events", () => ({ writeAuditEvent: vi.fn(() => Promise.resolve()) }));
vi.mock("../../doors/ollama/manage", () => ({
  unloadModel: vi.fn(),
}));
vi.mock("../../doors/ollama/cache", () => ({
  invalidateOllama: vi.fn(),
  listLoaded: vi.fn(() => Promise.resolve([{ name: "llama3.2:1b" }, { name: "qwen3:8b" }])),
}));

const { unloadModel } = await import("../../doors/ollama/manage");
const { unload } = await import("../models/unload");
const { failureMessage, recentAudit } = await import("./");
const target = { namespace: "ollama" } as Parameters<typeof unload>[0];
const user = { id: "u1", name: "ada", role: "operator" as const };

afterEach(() => vi.mocked(unloadModel).mockReset());

describe("audit failure messages", () => {
  it("keep an AppError's message and replace anything else", () => {
    expect(failureMessage(new AppError("not_found", 'model "x" not found', "ollama"))).toBe('model "x" not found');
    expect(failureMessage(new TypeError(RAW))).toBe("unexpected error; see the console's logs");
    expect(failureMessage("a thrown string")).toBe("unexpected error; see the console's logs");
  });

  it("an unexpected error inside a use case reaches neither the audit trail nor the answer", async () => {
    vi.mocked(unloadModel).mockRejectedValueOnce(new TypeError(RAW)).mockResolvedValueOnce(undefined);
    const result = await unload(target, user, { all: true });
    expect(result.failed).toEqual([{ name: "llama3.2:1b", message: "unexpected error; see the console's logs" }]);
    const failure = recentAudit().find((r) => r.action === "ModelUnloaded" && r.outcome === "failure");
    expect(failure?.message).toBe("unexpected error; see the console's logs");
    expect(JSON.stringify(recentAudit())).not.toContain("s3cr3t");
  });

  it("no audit call in lib/ builds its message from a raw error", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith(".test.ts") ? [join(dir, e.name)] : []));
    const raw = files("lib").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/audit\([^;]*message:\s*(?:err|e|error)\s*(?:instanceof\s+Error\s*\?\s*\w+\.message|\.message)|audit\([^;]*message:\s*String\((?:err|e|error)\)/g)].map(() => file),
    );
    expect(raw).toEqual([]);
  });
});
