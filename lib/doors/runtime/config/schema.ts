// The one schema for every setting the console reads from its environment.
import { z } from "zod";
import { authEnvShape, checkAuthEnv } from "./auth.ts";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "expected an http(s) URL such as http://ollama.ollama.svc:11434")
  .transform((v) => v.replace(/\/+$/, ""));

/** Empty strings count as unset, so `FOO=` in a .env file falls back to the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const percent = (fallback: number) =>
  optional(z.coerce.number().int("expected a whole number").min(1, "expected 1–99").max(99, "expected 1–99")).transform(
    (v) => v ?? fallback,
  );

const bool = optional(z.enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })).transform(
  (v) => v === "true" || v === "1" || v === "yes",
);

const SIZE_UNITS: Record<string, number> = {
  "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** Disk headroom kept free when pulling: bytes (`8GiB`, `5000000000`) or a share of capacity (`10%`). */
const headroom = optional(
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(v);
      if (percent) {
        const value = Number(percent[1]);
        if (value <= 90) return { percent: value };
      }
      const size = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v);
      const unit = size ? SIZE_UNITS[(size[2] ?? "").toLowerCase()] : undefined;
      if (size && unit !== undefined) return { bytes: Math.round(Number(size[1]) * unit) };
      ctx.addIssue({ code: "custom", message: "expected bytes such as 8GiB, 10GB or 5000000000, or a percentage of capacity up to 90% such as 10%" });
      return z.NEVER;
    }),
);

const REGISTRY_HOST = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}$/;

/** `a,b` → ["a","b"], dropping empty entries. */
const commaList = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);

/** Raw environment → typed settings. Defaults that depend on other settings are filled in by `loadConfig`. */
export const envSchema = z.object({
  KUBE_CONTEXT: optional(z.string().trim().min(1)),
  OLLAMA_NAMESPACE: optional(z.string().trim().regex(DNS1123_LABEL, "expected a Kubernetes namespace name (DNS-1123 label)")).transform(
    (v) => v ?? "ollama",
  ),
  OLLAMA_DEPLOYMENT: optional(
    z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a Kubernetes object name (DNS-1123 subdomain)"),
  ).transform((v) => v ?? "ollama"),
  OLLAMA_URL: optional(httpUrl),
  CACHE_PVC: optional(z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a PersistentVolumeClaim name (DNS-1123 subdomain)")),
  CACHE_AGENT_URL: optional(httpUrl),
  PROMETHEUS_URL: optional(httpUrl),
  KUBELET_SUMMARY: bool,
  EXTERNAL_URL: optional(httpUrl),
  DISK_WARN_PERCENT: percent(80),
  DISK_CRITICAL_PERCENT: percent(90),
  DISK_SAMPLE_SECONDS: optional(
    z.coerce.number().int("expected a whole number of seconds").min(5, "expected 5–3600 seconds").max(3600, "expected 5–3600 seconds"),
  ).transform((v) => v ?? 30),
  PULL_REGISTRIES: optional(
    z
      .string()
      .transform(commaList)
      .refine((hosts) => hosts.every((h) => REGISTRY_HOST.test(h)), "expected a comma-separated list of registry hosts such as registry.ollama.ai,hf.co"),
  ).transform((v) => v ?? ["registry.ollama.ai"]),
  /** Registries Ollama may reach over plain HTTP (`insecure: true` on /api/pull); a subset of PULL_REGISTRIES (checked in loadConfig). */
  PULL_INSECURE_REGISTRIES: optional(
    z
      .string()
      .transform(commaList)
      .refine((hosts) => hosts.every((h) => REGISTRY_HOST.test(h)), "expected a comma-separated list of registry hosts such as 127.0.0.1:5000"),
  ).transform((v) => v ?? []),
  PULL_HEADROOM: headroom,
  PULL_CONCURRENCY: optional(z.coerce.number().int("expected a whole number").min(1, "expected 1–16").max(16, "expected 1–16")).transform(
    (v) => v ?? 2,
  ),
  REGISTRY_MIRRORS: optional(
    z
      .string()
      .transform(commaList)
      .transform((entries, ctx) => {
        const mirrors: Record<string, string> = {};
        for (const entry of entries) {
          const [host = "", url = ""] = entry.split(/=(.*)/s, 2).map((s) => s.trim());
          if (!REGISTRY_HOST.test(host) || !httpUrl.safeParse(url).success) {
            ctx.addIssue({ code: "custom", message: `expected host=url pairs such as registry.ollama.ai=http://127.0.0.1:5000 (bad entry "${entry}")` });
            return z.NEVER;
          }
          mirrors[host.toLowerCase()] = url.replace(/\/+$/, "");
        }
        return mirrors;
      }),
  ).transform((v) => v ?? {}),
  PULL_JOURNAL_CONFIGMAP: optional(z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a ConfigMap name (DNS-1123 subdomain)")).transform(
    (v) => v ?? "ollama-ops-pulls",
  ),
  /** Issue 19: only the holder of the Lease runs background work; `off` = this process always does (one replica, no Lease grant). */
  LEADER_ELECTION: optional(z.enum(["lease", "off"], { message: "expected lease or off" })).transform((v) => v ?? "lease"),
  /** The pod's name (downward API), the first part of this replica's identity in the Lease; the hostname otherwise. */
  POD_NAME: optional(z.string().trim().max(253, "expected a pod name")),
  LEADER_LEASE: optional(z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a Lease name (DNS-1123 subdomain)")).transform((v) => v ?? "ollama-ops-leader"),
  /** Server-side pepper of API key hashes (issue #16); unset = API keys off, except in DEMO_MODE. */
  API_KEY_PEPPER: optional(z.string().trim().min(32, "expected at least 32 characters (e.g. `openssl rand -hex 32`)")),
  KEYS_CONFIGMAP: optional(z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a ConfigMap name (DNS-1123 subdomain)")).transform(
    (v) => v ?? "ollama-ops-keys",
  ),
  /** ConfigMap (key models.yaml) holding the declared model set (issue #14). */
  MODELS_CONFIGMAP: optional(z.string().trim().regex(DNS1123_SUBDOMAIN, "expected a ConfigMap name (DNS-1123 subdomain)")).transform(
    (v) => v ?? "ollama-models",
  ),
  /** How often installed models are checked against their registry: `24h`, `90m`, `3600s` or `0` (off). */
  UPDATE_CHECK_INTERVAL: optional(
    z
      .string()
      .trim()
      .transform((v, ctx) => {
        const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(v);
        const seconds = m ? Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[(m[2] ?? "s").toLowerCase()]! : NaN;
        if (seconds === 0 || (seconds >= 300 && seconds <= 30 * 86400)) return seconds;
        ctx.addIssue({ code: "custom", message: "expected 0 (off) or a duration from 5m to 30d such as 24h, 90m or 3600s" });
        return z.NEVER;
      }),
  ).transform((v) => v ?? 86400),
  /** `auto`: reconcile the declared set when its ConfigMap changes or a declared model goes missing; `off` (default): by hand. */
  RECONCILE: optional(z.enum(["off", "auto"], { message: "expected off or auto" })).transform((v) => v ?? "off"),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"], { message: "expected debug, info, warn or error" })).transform(
    (v) => v ?? "info",
  ),
  /** Bearer token Prometheus sends to /metrics; unset = /metrics answers 404. */
  METRICS_TOKEN: optional(z.string().trim().min(16, "expected at least 16 characters (e.g. `openssl rand -hex 32`)")),
  ...authEnvShape,
}).superRefine(checkAuthEnv);

export type Env = z.infer<typeof envSchema>;
