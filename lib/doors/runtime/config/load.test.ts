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
    expect(c.disk).toEqual({ warnPercent: 80, criticalPercent: 90, sampleSeconds: 30 });
  });

  it("derives the Ollama URL from the namespace and trims trailing slashes", () => {
    expect(loadConfig({ OLLAMA_NAMESPACE: "ai" }).target.ollamaUrl).toBe("http://ollama.ai.svc:11434");
    expect(loadConfig({ OLLAMA_URL: "http://127.0.0.1:11434/" }).target.ollamaUrl).toBe("http://127.0.0.1:11434");
  });

  it("reads the issue-14 settings: declared set ConfigMap, update-check period, reconcile mode", () => {
    expect(loadConfig({}).models).toEqual({ configMap: "ollama-models", updateCheckSeconds: 86_400, reconcile: "off" });
    expect(loadConfig({ UPDATE_CHECK_INTERVAL: "90m", RECONCILE: "auto", MODELS_CONFIGMAP: "gitops-models" }).models).toEqual({
      configMap: "gitops-models",
      updateCheckSeconds: 5_400,
      reconcile: "auto",
    });
    expect(loadConfig({ UPDATE_CHECK_INTERVAL: "0" }).models.updateCheckSeconds).toBe(0);
    expect(loadConfig({ UPDATE_CHECK_INTERVAL: "3600" }).models.updateCheckSeconds).toBe(3_600);
    expect(() => loadConfig({ UPDATE_CHECK_INTERVAL: "1m" })).toThrow(/UPDATE_CHECK_INTERVAL: expected 0 \(off\) or a duration from 5m to 30d/);
    expect(() => loadConfig({ UPDATE_CHECK_INTERVAL: "daily" })).toThrow(/UPDATE_CHECK_INTERVAL/);
    expect(() => loadConfig({ RECONCILE: "yes" })).toThrow(/RECONCILE: expected off or auto/);
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
    ["DISK_SAMPLE_SECONDS", "1", /DISK_SAMPLE_SECONDS: expected 5–3600 seconds/],
    ["KUBELET_SUMMARY", "maybe", /KUBELET_SUMMARY: expected true or false/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
    ["AUTH_SECRET", "short", /AUTH_SECRET: expected at least 32 characters/],
    ["LOCAL_USERS", "alice:admin:plaintext", /LOCAL_USERS: entry 1 \("alice"\): expected name:role:hash/],
    ["OIDC_ISSUER", "not a url", /OIDC_ISSUER: expected an http\(s\) URL/],
    ["TRUST_PROXY", "maybe", /TRUST_PROXY: expected true or false/],
    ["DEMO_MODE", "maybe", /DEMO_MODE: expected true or false/],
    ["PULL_REGISTRIES", "registry.ollama.ai,bad host", /PULL_REGISTRIES: expected a comma-separated list of registry hosts/],
    ["PULL_HEADROOM", "lots", /PULL_HEADROOM: expected bytes such as 8GiB/],
    ["PULL_HEADROOM", "95%", /PULL_HEADROOM/],
    ["PULL_HEADROOM", "8 parsecs", /PULL_HEADROOM/],
    ["PULL_CONCURRENCY", "0", /PULL_CONCURRENCY: expected 1–16/],
    ["REGISTRY_MIRRORS", "registry.ollama.ai", /REGISTRY_MIRRORS: expected host=url pairs/],
    ["REGISTRY_MIRRORS", "registry.ollama.ai=ftp://x", /REGISTRY_MIRRORS/],
    ["PULL_JOURNAL_CONFIGMAP", "Pulls!", /PULL_JOURNAL_CONFIGMAP/],
    ["METRICS_TOKEN", "short", /METRICS_TOKEN: expected at least 16 characters/],
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

  it("reads the pull settings: registries, headroom in bytes or percent, concurrency, mirrors, journal", () => {
    expect(loadConfig({}).pulls).toEqual({ registries: ["registry.ollama.ai"], insecureRegistries: [], headroom: undefined, concurrency: 2, journalConfigMap: "ollama-ops-pulls" });
    expect(loadConfig({}).registryMirrors).toEqual({});
    const c = loadConfig({
      PULL_REGISTRIES: " registry.ollama.ai, hf.co ,",
      PULL_HEADROOM: "8GiB",
      PULL_CONCURRENCY: "3",
      REGISTRY_MIRRORS: "Registry.Ollama.AI=http://127.0.0.1:5000/, hf.co=https://mirror.example/hf",
      PULL_JOURNAL_CONFIGMAP: "pulls",
    });
    expect(c.pulls).toEqual({ registries: ["registry.ollama.ai", "hf.co"], insecureRegistries: [], headroom: { bytes: 8 * 2 ** 30 }, concurrency: 3, journalConfigMap: "pulls" });
    expect(c.registryMirrors).toEqual({ "registry.ollama.ai": "http://127.0.0.1:5000", "hf.co": "https://mirror.example/hf" });
    expect(loadConfig({ PULL_HEADROOM: "10%" }).pulls.headroom).toEqual({ percent: 10 });
    expect(loadConfig({ PULL_HEADROOM: "5000000000" }).pulls.headroom).toEqual({ bytes: 5e9 });
    expect(loadConfig({ PULL_HEADROOM: "2.5 GB" }).pulls.headroom).toEqual({ bytes: 2.5e9 });
  });

  it("reads PULL_INSECURE_REGISTRIES, which must name only hosts PULL_REGISTRIES allows", () => {
    const c = loadConfig({ PULL_REGISTRIES: "registry.ollama.ai,127.0.0.1:5000", PULL_INSECURE_REGISTRIES: " 127.0.0.1:5000 ," });
    expect(c.pulls.insecureRegistries).toEqual(["127.0.0.1:5000"]);
    expect(loadConfig({ PULL_REGISTRIES: "Mirror.Lan:5000", PULL_INSECURE_REGISTRIES: "mirror.lan:5000" }).pulls.insecureRegistries).toEqual(["mirror.lan:5000"]);
    expect(() => loadConfig({ PULL_INSECURE_REGISTRIES: "127.0.0.1:5000" })).toThrow(
      /^Invalid configuration: PULL_INSECURE_REGISTRIES: 127\.0\.0\.1:5000 is not in PULL_REGISTRIES \(registry\.ollama\.ai\); list it there too$/,
    );
    expect(() => loadConfig({ PULL_INSECURE_REGISTRIES: "bad host" })).toThrow(/PULL_INSECURE_REGISTRIES: expected a comma-separated list of registry hosts/);
  });

  it("turns /metrics on only with a token", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: " 0123456789abcdef0123 " }).metricsToken).toBe("0123456789abcdef0123");
  });

  it("rejects a warn threshold at or above the critical one", () => {
    expect(() => loadConfig({ DISK_WARN_PERCENT: "95" })).toThrow(/DISK_WARN_PERCENT: must be below DISK_CRITICAL_PERCENT/);
  });
});
