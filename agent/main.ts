// Cache agent HTTP server: GET /v1/report (statfs + blob inventory of OLLAMA_MODELS) and GET /healthz; `node agent/main.ts`.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AgentReport } from "./report.ts";
import { scanModels } from "./scan.ts";
import { HEALTH_PATH, REPORT_PATH } from "./wire.ts";

export interface AgentConfig {
  modelsPath: string;
  port: number;
  host: string;
  cacheMs: number;
}

export interface AgentOptions {
  modelsPath: string;
  /** How long a finished scan is served before the next request triggers a new one. */
  cacheMs: number;
  /** Produces the report; defaults to scanning the real directory (the simulator passes its virtual volume). */
  scan?: (modelsPath: string) => Promise<AgentReport>;
  log?: (entry: Record<string, unknown>) => void;
}

/** Writes one JSON log line to stdout. */
export function logLine(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
}

function intFromEnv(env: Record<string, string | undefined>, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${name} must be an integer from 0 to ${max}, got "${raw}"`);
  return value;
}

/** Reads OLLAMA_MODELS, AGENT_PORT, AGENT_HOST and AGENT_CACHE_MS; throws naming the bad variable. */
export function configFromEnv(env: Record<string, string | undefined>): AgentConfig {
  return {
    modelsPath: env.OLLAMA_MODELS || "/root/.ollama/models",
    port: intFromEnv(env, "AGENT_PORT", 9101, 65535),
    host: env.AGENT_HOST || "0.0.0.0",
    cacheMs: intFromEnv(env, "AGENT_CACHE_MS", 5000, 24 * 3600 * 1000),
  };
}

/** Wraps `load` so concurrent callers share one run and a result is reused for `ttlMs` after it settles; failures are not kept. */
export function coalesced<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let current: { promise: Promise<T>; settledAt?: number } | undefined;
  return () => {
    if (current && (current.settledAt === undefined || Date.now() - current.settledAt < ttlMs)) return current.promise;
    const entry: { promise: Promise<T>; settledAt?: number } = { promise: load() };
    current = entry;
    entry.promise.then(
      () => {
        entry.settledAt = Date.now();
      },
      () => {
        if (current === entry) current = undefined;
      },
    );
    return entry.promise;
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** Builds the agent's HTTP server (not listening yet). */
export function createAgentServer(opts: AgentOptions): Server {
  const log = opts.log ?? logLine;
  const scan = opts.scan ?? scanModels;
  const report = coalesced(async () => {
    try {
      return await scan(opts.modelsPath);
    } catch (err) {
      // Logged here, once per failed scan, not once per waiting request.
      log({ level: "error", msg: "scan failed", path: opts.modelsPath, error: (err as Error).message });
      throw err;
    }
  }, opts.cacheMs);

  return createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://agent").pathname;
    if (path !== REPORT_PATH && path !== HEALTH_PATH) return send(res, 404, { error: `no route for ${path}` });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, { error: `method ${req.method} not allowed` });
    }
    if (path === HEALTH_PATH) return send(res, 200, "ok\n");
    report().then(
      (body) => send(res, 200, body),
      (err: Error) => send(res, 503, { error: `scan of ${opts.modelsPath} failed: ${err.message}` }),
    );
  });
}

function main(): void {
  let config: AgentConfig;
  try {
    config = configFromEnv(process.env);
  } catch (err) {
    logLine({ level: "error", msg: "bad configuration", error: (err as Error).message });
    process.exit(1);
  }
  const server = createAgentServer({ modelsPath: config.modelsPath, cacheMs: config.cacheMs });
  server.on("error", (err) => {
    logLine({ level: "error", msg: "server error", error: err.message });
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logLine({ level: "info", msg: "cache agent listening", host: config.host, port, path: config.modelsPath, cacheMs: config.cacheMs });
  });
  const stop = (signal: string) => {
    logLine({ level: "info", msg: "stopping", signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // A scan in flight or a slow client must not hold the pod's termination hostage.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (import.meta.main) main();
