import { describe, expect, it } from "vitest";
import { invalidValue, kustomizePatch, kvCacheBytes, parseGoDuration, settingRows, SETTINGS } from "./settings";

const RUNNING = {
  OLLAMA_KEEP_ALIVE: "30m0s",
  OLLAMA_NUM_PARALLEL: "1",
  OLLAMA_MAX_LOADED_MODELS: "0",
  OLLAMA_MAX_QUEUE: "512",
  OLLAMA_CONTEXT_LENGTH: "0",
  OLLAMA_FLASH_ATTENTION: "false",
  OLLAMA_KV_CACHE_TYPE: "",
  OLLAMA_NOPRUNE: "false",
  OLLAMA_LOAD_TIMEOUT: "5m0s",
  OLLAMA_SCHED_SPREAD: "false",
  OLLAMA_GPU_OVERHEAD: "0",
  OLLAMA_DEBUG: "INFO",
  OLLAMA_HOST: "http://0.0.0.0:11434",
};
const row = (rows: ReturnType<typeof settingRows>, name: string) => rows.find((r) => r.name === name);

describe("settingRows", () => {
  it("matches spec values with what the process printed, defaults included", () => {
    const rows = settingRows({ OLLAMA_KEEP_ALIVE: { value: "30m" }, OLLAMA_NUM_PARALLEL: { value: "1" } }, RUNNING);
    for (const name of ["OLLAMA_KEEP_ALIVE", "OLLAMA_NUM_PARALLEL", "OLLAMA_MAX_QUEUE", "OLLAMA_FLASH_ATTENTION", "OLLAMA_LOAD_TIMEOUT", "OLLAMA_DEBUG", "OLLAMA_KV_CACHE_TYPE"]) {
      expect(row(rows, name)?.status, name).toBe("same");
    }
    expect(rows.map((r) => r.name).slice(0, SETTINGS.length)).toEqual(SETTINGS.map((s) => s.name));
  });

  it("flags a spec the process does not run with", () => {
    const rows = settingRows({ OLLAMA_KEEP_ALIVE: { value: "1h" }, OLLAMA_NUM_PARALLEL: { value: "4" }, OLLAMA_FLASH_ATTENTION: { value: "1" } }, RUNNING);
    expect(row(rows, "OLLAMA_KEEP_ALIVE")?.status).toBe("differs");
    expect(row(rows, "OLLAMA_NUM_PARALLEL")?.status).toBe("differs");
    expect(row(rows, "OLLAMA_FLASH_ATTENTION")?.status).toBe("differs");
  });

  it("reads Ollama's own rules: seconds, forever, debug levels, unparsable booleans", () => {
    const running = { ...RUNNING, OLLAMA_KEEP_ALIVE: "2562047h47m16.854775807s", OLLAMA_DEBUG: "DEBUG", OLLAMA_LOAD_TIMEOUT: "2m0s", OLLAMA_NOPRUNE: "true" };
    const rows = settingRows({ OLLAMA_KEEP_ALIVE: { value: "-1" }, OLLAMA_DEBUG: { value: "1" }, OLLAMA_LOAD_TIMEOUT: { value: "120" }, OLLAMA_NOPRUNE: { value: "yes" } }, running);
    for (const name of ["OLLAMA_KEEP_ALIVE", "OLLAMA_DEBUG", "OLLAMA_LOAD_TIMEOUT", "OLLAMA_NOPRUNE"]) expect(row(rows, name)?.status, name).toBe("same");
    expect(row(settingRows({ OLLAMA_DEBUG: { value: "2" } }, { OLLAMA_DEBUG: "DEBUG-4" }), "OLLAMA_DEBUG")?.status).toBe("same");
  });

  it("cannot compare without the server config line or with a value from a Secret", () => {
    expect(row(settingRows({ OLLAMA_NUM_PARALLEL: { value: "4" } }, undefined), "OLLAMA_NUM_PARALLEL")?.status).toBe("unknown");
    expect(row(settingRows({ OLLAMA_NUM_PARALLEL: { from: "Secret ollama-env" } }, RUNNING), "OLLAMA_NUM_PARALLEL")?.status).toBe("unknown");
    expect(row(settingRows({}, { ...RUNNING, OLLAMA_KEEP_ALIVE: "a while" }), "OLLAMA_KEEP_ALIVE")?.status).toBe("unknown");
  });

  it("lists other OLLAMA_* variables without inventing a default", () => {
    const rows = settingRows({ OLLAMA_ORIGINS: { value: "*" } }, RUNNING);
    expect(row(rows, "OLLAMA_ORIGINS")).toMatchObject({ status: "unknown", explanation: "" });
    expect(row(rows, "OLLAMA_HOST")).toMatchObject({ status: "unknown", running: "http://0.0.0.0:11434" });
    const hostSet = settingRows({ OLLAMA_HOST: { value: "0.0.0.0:11434" }, OLLAMA_MODELS: { value: "/models" } }, { ...RUNNING, OLLAMA_MODELS: "/models" });
    expect(row(hostSet, "OLLAMA_HOST")?.status).toBe("unknown");
    expect(row(hostSet, "OLLAMA_MODELS")?.status).toBe("same");
  });

  it("never shows a value whose name looks like a credential", () => {
    const rows = settingRows({ OLLAMA_API_KEY: { value: "sk-123" } }, { ...RUNNING, OLLAMA_API_KEY: "sk-123" });
    expect(JSON.stringify(rows)).not.toContain("sk-123");
    expect(row(rows, "OLLAMA_API_KEY")?.status).toBe("unknown");
  });
});

describe("parseGoDuration", () => {
  it("reads Go durations", () => {
    expect(parseGoDuration("5m0s")).toBe(300_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("-1s")).toBe(-1000);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("5 minutes")).toBeUndefined();
  });
});

describe("invalidValue and kustomizePatch", () => {
  const info = (name: string) => SETTINGS.find((s) => s.name === name)!;

  it("checks a typed value the way Ollama reads it", () => {
    expect(invalidValue(info("OLLAMA_NUM_PARALLEL"), "4")).toBeUndefined();
    expect(invalidValue(info("OLLAMA_NUM_PARALLEL"), "-1")).toContain("whole number");
    expect(invalidValue(info("OLLAMA_KEEP_ALIVE"), "-1")).toBeUndefined();
    expect(invalidValue(info("OLLAMA_KEEP_ALIVE"), "soon")).toContain("duration");
    expect(invalidValue(info("OLLAMA_FLASH_ATTENTION"), "maybe")).toContain("true or false");
    expect(invalidValue(info("OLLAMA_KV_CACHE_TYPE"), "q5_1")).toContain("f16, q8_0, q4_0");
  });

  it("writes a strategic-merge patch of the container's env, values quoted", () => {
    const patch = kustomizePatch({ name: "ollama", namespace: "ollama", container: "ollama" }, { OLLAMA_NUM_PARALLEL: "4", OLLAMA_FLASH_ATTENTION: "true" });
    expect(patch).toContain("kind: Deployment\nmetadata:\n  name: ollama\n  namespace: ollama\n");
    expect(patch).toContain(
      '        - name: ollama\n          env:\n            - name: OLLAMA_FLASH_ATTENTION\n              value: "true"\n            - name: OLLAMA_NUM_PARALLEL\n              value: "4"\n',
    );
  });

  it("estimates the KV cache from NUM_PARALLEL × context", () => {
    // Llama 3.1 8B: 32 layers, 8 KV heads × 128 = 1024 wide: 128 KiB per token at f16.
    const shape = { name: "llama3.1:8b", blockCount: 32, kvWidth: 1024 };
    expect(kvCacheBytes(shape, 8192, 1, "f16")).toBe(1024 ** 3);
    expect(kvCacheBytes(shape, 8192, 4, "f16")).toBe(4 * 1024 ** 3);
    expect(kvCacheBytes(shape, 8192, 4, "q8_0")).toBe(Math.round(4 * 1024 ** 3 * (34 / 64)));
    expect(kvCacheBytes(shape, 8192, 4, "q5_1")).toBeUndefined();
  });
});

describe("the settings table (settings.json)", () => {
  it("gives every setting a known kind, a default and an explanation", () => {
    const kinds = new Set(["duration", "uint", "bool", "string", "level"]);
    for (const s of SETTINGS) {
      expect(kinds.has(s.kind), `${s.name}: kind ${s.kind}`).toBe(true);
      expect(s.name).toMatch(/^OLLAMA_[A-Z_]+$/);
      expect(s.explanation.length, s.name).toBeGreaterThan(10);
    }
  });
});
