import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load.ts";

describe("loadConfig", () => {
  it("fills every default from an empty environment", () => {
    const c = loadConfig({});
    expect(c.target).toEqual({
      context: undefined,
      namespace: "ollama",
      deployment: "ollama",
      ollamaUrl: "http://ollama.ollama.svc:11434",
      cachePvc: undefined,
      agentUrl: "http://ollama.ollama.svc:9101",
    });
    expect(c.disk).toEqual({ warnPercent: 80, criticalPercent: 90 });
  });

  it("derives the Ollama URL from the namespace and trims trailing slashes", () => {
    expect(loadConfig({ OLLAMA_NAMESPACE: "ai" }).target.ollamaUrl).toBe("http://ollama.ai.svc:11434");
    expect(loadConfig({ OLLAMA_URL: "http://127.0.0.1:11434/" }).target.ollamaUrl).toBe("http://127.0.0.1:11434");
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ OLLAMA_NAMESPACE: "", CACHE_PVC: " " }).target).toMatchObject({ namespace: "ollama", cachePvc: undefined });
  });

  it.each([
    ["OLLAMA_URL", "notaurl", /OLLAMA_URL: expected an http\(s\) URL/],
    ["OLLAMA_URL", "ftp://x", /OLLAMA_URL/],
    ["OLLAMA_NAMESPACE", "Bad_NS", /OLLAMA_NAMESPACE: expected a Kubernetes namespace name/],
    ["OLLAMA_DEPLOYMENT", "-x", /OLLAMA_DEPLOYMENT/],
    ["CACHE_PVC", "UPPER", /CACHE_PVC/],
    ["DISK_WARN_PERCENT", "abc", /DISK_WARN_PERCENT/],
    ["DISK_CRITICAL_PERCENT", "150", /DISK_CRITICAL_PERCENT: expected 1–99/],
    ["KUBELET_SUMMARY", "maybe", /KUBELET_SUMMARY: expected true or false/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
  ])("rejects %s=%s with one line naming it", (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("rejects a warn threshold at or above the critical one", () => {
    expect(() => loadConfig({ DISK_WARN_PERCENT: "95" })).toThrow(/DISK_WARN_PERCENT: must be below DISK_CRITICAL_PERCENT/);
  });
});
