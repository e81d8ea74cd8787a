// The control API (/__sim/...) on its own port: scenarios, faults, incidents, speed and request counters for tests and benchmarks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ActionName, Faults, World } from "./world.ts";

const ACTIONS: readonly ActionName[] = ["expire-watches", "compact-etcd", "oom-crash", "unschedulable"];

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("body must be a JSON object");
  return parsed as Record<string, unknown>;
}

function pickFaults(body: Record<string, unknown>): Partial<Faults> {
  const out: Partial<Faults> = {};
  const keys: (keyof Faults)[] = ["ollama", "ollamaSlowMs", "kube", "diskFull", "snapshotApi", "forbid", "snapshotController", "ollamaLoadError"];
  for (const k of keys) if (k in body) (out as Record<string, unknown>)[k] = body[k];
  return out;
}

function state(world: World) {
  return {
    scenario: world.scenario,
    faults: world.faults,
    requests: world.requests(),
    ollamaRequestsByRoute: world.ollama.requestsByRoute,
    volume: { capacityBytes: world.volume.capacityBytes, usedBytes: world.volume.used() },
    logs: { followsOpen: world.kube.logs.followsOpen, followsOpened: world.kube.logs.followsOpened },
    kube: { openWatches: world.kube.openWatches },
  };
}

/** `{"lines":[…]}` and/or `{"filler":{"count":N,"bytes":M}}` → text for the Ollama container's log. */
function logText(body: Record<string, unknown>): string {
  const lines = Array.isArray(body.lines) ? body.lines.map(String) : [];
  const filler = body.filler as { count?: unknown; bytes?: unknown } | undefined;
  if (filler !== undefined) {
    const count = Number(filler.count);
    const bytes = Number(filler.bytes ?? 200);
    if (!Number.isInteger(count) || count < 1 || count > 100_000 || !Number.isInteger(bytes) || bytes < 40 || bytes > 64_000) {
      throw new Error("filler needs count 1..100000 and bytes 40..64000");
    }
    for (let i = 0; i < count; i++) {
      const head = `time=${new Date().toISOString()} level=INFO source=sim.go:1 msg="filler ${i}" pad=`;
      lines.push(head + "x".repeat(Math.max(1, bytes - head.length)));
    }
  }
  if (lines.length === 0) throw new Error("give lines or filler");
  return lines.join("\n");
}

async function handle(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://sim").pathname;
  const method = req.method ?? "GET";
  if (method === "GET" && path === "/__sim/state") return send(res, 200, state(world));
  if (method === "POST" && path === "/__sim/scenario") {
    const body = await readBody(req);
    const which = typeof body.name === "string" ? body.name : typeof body.file === "string" ? body.file : undefined;
    if (!which) return send(res, 400, { error: "give a scenario name or file" });
    await world.load(which);
    return send(res, 200, state(world));
  }
  if (method === "POST" && path === "/__sim/faults") {
    await world.setFaults(pickFaults(await readBody(req)));
    return send(res, 200, state(world));
  }
  if (method === "DELETE" && path === "/__sim/faults") {
    await world.clearFaults();
    return send(res, 200, state(world));
  }
  const action = /^\/__sim\/actions\/([a-z-]+)$/.exec(path)?.[1] as ActionName | undefined;
  if (method === "POST" && action && ACTIONS.includes(action)) {
    world.action(action);
    return send(res, 200, state(world));
  }
  if (method === "POST" && path === "/__sim/speed") {
    const { bytesPerSecond } = await readBody(req);
    if (typeof bytesPerSecond !== "number" || bytesPerSecond <= 0) return send(res, 400, { error: "bytesPerSecond must be a positive number" });
    world.setSpeed(bytesPerSecond);
    return send(res, 200, state(world));
  }
  if (method === "POST" && path === "/__sim/ollama/log") {
    world.ollama.log(logText(await readBody(req)));
    return send(res, 200, state(world));
  }
  if (method === "POST" && path === "/__sim/registry/publish") {
    const body = await readBody(req);
    if (typeof body.model !== "string") return send(res, 400, { error: "give the model tag to publish, e.g. {\"model\":\"llama3.2:3b\"}" });
    if (body.modelBytes !== undefined && (typeof body.modelBytes !== "number" || !Number.isSafeInteger(body.modelBytes) || body.modelBytes <= 0)) {
      return send(res, 400, { error: "modelBytes must be a positive whole number" });
    }
    const published = world.publish(body.model, { modelBytes: body.modelBytes, reserialize: body.reserialize === true });
    return send(res, 200, { model: published.name, digest: published.digest, size: published.size });
  }
  if (method === "POST" && path === "/__sim/ollama/restart") {
    await world.ollama.restart();
    return send(res, 200, state(world));
  }
  if (method === "POST" && path === "/__sim/requests/reset") {
    world.resetRequests();
    return send(res, 200, state(world));
  }
  send(res, 404, { error: `no control endpoint ${method} ${path}` });
}

/** Serves the control API for `world`. */
export function createControlServer(world: World): Server {
  return createServer((req, res) => {
    handle(world, req, res).catch((err: unknown) => send(res, 400, { error: err instanceof Error ? err.message : String(err) }));
  });
}
