// The one schema for every setting the console reads from its environment.
import { z } from "zod";

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
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"], { message: "expected debug, info, warn or error" })).transform(
    (v) => v ?? "info",
  ),
});

export type Env = z.infer<typeof envSchema>;
