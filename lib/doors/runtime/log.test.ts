// The log threshold is the validated LOG_LEVEL setting, and a log call never throws, even with settings that do not validate.
import { afterEach, describe, expect, it, vi } from "vitest";

async function freshLog(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return (await import("./log")).log;
}

function captured() {
  const lines: string[] = [];
  const grab = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(grab);
  vi.spyOn(process.stderr, "write").mockImplementation(grab);
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("log", () => {
  it("writes entries at or above LOG_LEVEL, as JSON lines with secrets redacted", async () => {
    const log = await freshLog({ LOG_LEVEL: "warn" });
    const lines = captured();
    log.info("quiet");
    log.warn("loud", { password: "hunter2", model: "x" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "loud", password: "[redacted]", model: "x" });
  });

  it("logs at info when the settings do not validate, without throwing", async () => {
    const log = await freshLog({ LOG_LEVEL: "loud" });
    const lines = captured();
    expect(() => log.debug("hidden")).not.toThrow();
    log.info("shown");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["shown"]);
  });
});
