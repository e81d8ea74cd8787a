// `npm run cluster -- [--scenario NAME|FILE] [--kubeconfig PATH] [--port N]`: a real Kubernetes control plane on
// loopback (tools/realstack/cluster.ts) loaded with a scenario. When ready it prints, one per line:
//   kubeconfig: <path>
//   control: <url>      (faults for tests: POST /apiserver/stop|start, /controllers/settle, /etcd/compact, /snapshotter, /pods/oom)
//   ready
// Ctrl+C or SIGTERM stops every process it started; a failure prints one line saying what is wrong and leaves nothing behind.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { RealStackError } from "../tools/realstack/binaries.ts";
import { startCluster, type RealCluster } from "../tools/realstack/cluster.ts";

let values: { scenario: string; kubeconfig: string; port?: string; quiet: boolean };
try {
  values = parseArgs({
    options: {
      scenario: { type: "string", default: "homelab" },
      kubeconfig: { type: "string", default: ".tmp/real-kubeconfig" },
      port: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  }).values;
} catch (err) {
  console.error(`cluster: ${(err as Error).message}`);
  process.exit(2);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`cluster: --port: expected a port number 0-65535, got "${values.port}"`);
  process.exit(2);
}

let cluster: RealCluster | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await cluster?.close();
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  cluster = await startCluster({
    scenario: values.scenario,
    kubeconfig: resolve(values.kubeconfig),
    port,
    log: values.quiet ? undefined : (line) => console.error(line),
  });
} catch (err) {
  console.error(`cluster: ${err instanceof RealStackError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (stopping) await new Promise(() => {}); // a signal arrived while starting: stop() exits

const c = cluster;
const body = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected a JSON object");
  return parsed as Record<string, unknown>;
};
const str = (v: unknown, fallback: string) => (typeof v === "string" && v ? v : fallback);

const control = createServer((req: IncomingMessage, res: ServerResponse) => {
  const reply = (status: number, payload: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  void (async () => {
    try {
      const input = await body(req);
      if (req.method !== "POST") return reply(405, { error: "POST only" });
      switch (req.url) {
        case "/apiserver/stop":
          await c.stopApiserver();
          return reply(200, { apiserver: "stopped" });
        case "/apiserver/start":
          await c.startApiserver();
          return reply(200, { apiserver: "ready" });
        case "/controllers/settle":
          await c.settleControllers();
          return reply(200, { controllers: "acting" });
        case "/etcd/compact":
          return reply(200, { revision: await c.compactEtcd() });
        case "/snapshotter": {
          const mode = input.controller;
          if (mode !== undefined && mode !== "normal" && mode !== "stalled" && mode !== "error") return reply(400, { error: "controller: expected normal, stalled or error" });
          if (input.readyAfterMs !== undefined && !(typeof input.readyAfterMs === "number" && input.readyAfterMs >= 0)) return reply(400, { error: "readyAfterMs: expected a number ≥ 0" });
          c.snapshotter.set({ controller: mode, readyAfterMs: input.readyAfterMs, errorMessage: typeof input.errorMessage === "string" ? input.errorMessage : undefined });
          return reply(200, { ok: true });
        }
        case "/pods/oom": {
          const pod = await c.oomKill(str(input.namespace, "ollama"), str(input.labelSelector, "app.kubernetes.io/name=ollama"), str(input.container, "ollama"));
          return reply(200, { pod });
        }
        default:
          return reply(404, { error: `unknown control path ${req.url}` });
      }
    } catch (err) {
      reply(400, { error: (err as Error).message });
    }
  })();
});
await new Promise<void>((ok) => control.listen(0, "127.0.0.1", ok));

if (!values.quiet) console.error(`real: control plane started in ${c.startSeconds} s (binaries already built)`);
console.log(`kubeconfig: ${c.kubeconfig}`);
console.log(`control: http://127.0.0.1:${(control.address() as AddressInfo).port}`);
console.log("ready");
