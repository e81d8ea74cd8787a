// `npm run sim`: starts the simulated cluster, Ollama, registry and cache agent, writes a kubeconfig, prints the endpoints.
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeKubeconfig } from "./kube/index.ts";
import { createControlServer } from "./control.ts";
import { createWorld } from "./world.ts";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "homelab" },
    "kube-port": { type: "string" },
    "ollama-port": { type: "string" },
    "registry-port": { type: "string" },
    "agent-port": { type: "string" },
    "control-port": { type: "string" },
    "gateway-port": { type: "string" },
    "console-url": { type: "string" },
    kubeconfig: { type: "string", default: ".tmp/sim-kubeconfig" },
    speed: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

function port(name: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name}: expected a port number 0-65535, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const speed = values.speed === undefined ? undefined : Number(values.speed);
if (speed !== undefined && !(speed > 0)) {
  console.error(`--speed: expected bytes per second (a positive number), got "${values.speed}"`);
  process.exit(2);
}

let world;
try {
  world = await createWorld(values.scenario, {
    host: values.host,
    kubePort: port("kube-port", values["kube-port"]),
    ollamaPort: port("ollama-port", values["ollama-port"]),
    registryPort: port("registry-port", values["registry-port"]),
    agentPort: port("agent-port", values["agent-port"]),
    bytesPerSecond: speed,
    gatewayPort: port("gateway-port", values["gateway-port"]),
    consoleUrl: values["console-url"],
  });
} catch (err) {
  console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const control = createControlServer(world);
await new Promise<void>((ok) => control.listen(port("control-port", values["control-port"]), values.host, ok));
const controlUrl = `http://${values.host}:${(control.address() as AddressInfo).port}`;

const kubeconfig = resolve(values.kubeconfig);
mkdirSync(dirname(kubeconfig), { recursive: true });
await writeKubeconfig(kubeconfig, world.kube.url);

console.log(`kubeconfig: ${kubeconfig}`);
console.log(`ollama: ${world.ollama.url}`);
console.log(`registry: ${world.registry.url}`);
console.log(`agent: ${world.agentUrl}`);
console.log(`control: ${controlUrl}`);
console.log(`gateway: ${world.gateway.url}`);
console.log("ready");

const shutdown = () => {
  control.closeAllConnections();
  control.close();
  void world.close().then(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
