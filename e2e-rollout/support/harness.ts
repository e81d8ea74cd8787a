// The rolling-restart harness (issue 19): one simulator world, N production consoles (`next start` of the build the e2e
// suite uses) sharing one session secret, behind one gateway that load-balances like a Kubernetes Service: a replica
// joins once its readiness probe (/api/health?probe=ready) answers 200 and leaves when it stops answering it or when
// the rollout marks it terminating (the endpoint controller drops a terminating pod at the same time as SIGTERM is due;
// the Deployment's preStop sleep gives the proxies that moment before the process starts to drain).
//
// Two switches exist only to prove the spec can fail (see e2e-rollout/rollout.spec.ts):
//   ROLLOUT_FAULT=keep-stopping  the gateway keeps routing to a replica that is stopping (no endpoint removal, no probe)
//   ROLLOUT_FAULT=no-drain       a replica is killed (SIGKILL) instead of drained, without leaving the gateway first
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { consoleEnv, NEXT_BIN, spawnSim, type SimEndpoints } from "../../sim/launch.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The build the e2e suite serves (CI: .next-standalone with E2E_SKIP_BUILD, built once by the image test). */
export const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-e2e";
/** One secret for every replica, as the Deployment mounts one Secret into every pod: sessions survive a replica change. */
const AUTH_SECRET = "rollout-harness-secret-0123456789abcdef";
/** How often the gateway probes each replica's readiness (a Service's probe period is seconds; this keeps tests short). */
const PROBE_MS = 250;
/** The Deployment's preStop sleep, shortened: our gateway drops a terminating replica synchronously. */
const PRE_STOP_MS = 500;

export type Fault = "keep-stopping" | "no-drain" | undefined;
export const FAULT = (process.env.ROLLOUT_FAULT || undefined) as Fault;

export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Builds the console into DIST_DIR unless a build is already there (the e2e launcher does the same). */
export function ensureBuild(sim: SimEndpoints): void {
  if (existsSync(join(ROOT, DIST_DIR, "BUILD_ID"))) return;
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, env: consoleEnv(sim, { NEXT_DIST_DIR: DIST_DIR }), stdio: "inherit" });
  if (build.status !== 0) throw new Error(`next build failed (${build.status})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health?probe=ready`, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Waits, on observable state, until `probe` holds. */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A load balancer over the replicas, routing only to ready, non-terminating ones (round robin). */
export class Gateway {
  readonly server: Server;
  url = "";
  private readonly backends = new Map<string, { replica: Replica; ready: boolean; terminating: boolean }>();
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Every answer that went out, by replica (a 502 from the gateway itself counts under "gateway"). */
  readonly served: { replica: string; path: string; status: number }[] = [];

  constructor() {
    this.server = createHttpServer((req, res) => this.forward(req, res));
  }

  async listen(): Promise<void> {
    const port = await freePort();
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${port}`;
    const probeAll = async () => {
      await Promise.all(
        [...this.backends.values()].map(async (b) => {
          // Without endpoint removal a stopping replica stays in rotation whatever it answers.
          if (FAULT === "keep-stopping" && b.terminating) return;
          b.ready = await ready(b.replica.url);
        }),
      );
      this.timer = setTimeout(() => void probeAll(), PROBE_MS);
    };
    void probeAll();
  }

  add(replica: Replica): void {
    this.backends.set(replica.name, { replica, ready: false, terminating: false });
  }

  /** The endpoint controller's step for a pod being deleted: out of rotation before its process is told to stop. */
  terminate(name: string): void {
    const b = this.backends.get(name);
    // Under the keep-stopping fault it stays in rotation all the same (see `inRotation`).
    if (b) b.terminating = true;
  }

  remove(name: string): void {
    this.backends.delete(name);
  }

  inRotation(): string[] {
    return [...this.backends.values()].filter((b) => b.ready && (FAULT === "keep-stopping" || !b.terminating)).map((b) => b.replica.name);
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const names = this.inRotation();
    const record = (replica: string, status: number) => this.served.push({ replica, path: req.url ?? "", status });
    if (names.length === 0) {
      record("gateway", 503);
      res.writeHead(503, { "Content-Type": "text/plain" }).end("no ready replica");
      return;
    }
    const name = names[this.next++ % names.length]!;
    const target = new URL(this.backends.get(name)!.replica.url);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        record(name, up.statusCode ?? 502);
        res.writeHead(up.statusCode ?? 502, { ...up.headers, "x-rollout-replica": name });
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      record(name, 502);
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" }).end(`bad gateway: ${name} did not answer`);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** The world a rollout runs in: the simulators, the replicas and the gateway in front of them. */
export class Rollout {
  readonly gateway = new Gateway();
  readonly replicas = new Map<string, Replica>();
  private count = 0;
  readonly sim: SimEndpoints;
  private readonly simChild: ChildProcess;
  private readonly dir: string;
  private constructor(sim: SimEndpoints, simChild: ChildProcess, dir: string) {
    this.sim = sim;
    this.simChild = simChild;
    this.dir = dir;
  }

  static async start(replicas: number): Promise<Rollout> {
    const dir = mkdtempSync(join(tmpdir(), "e2e-rollout-"));
    const { endpoints, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", join(dir, "kubeconfig")]);
    const world = new Rollout(endpoints, child, dir);
    ensureBuild(endpoints);
    await world.gateway.listen();
    await Promise.all(Array.from({ length: replicas }, () => world.startReplica()));
    return world;
  }

  /** Starts one more replica (`next start`) and resolves once the gateway routes to it. */
  async startReplica(): Promise<Replica> {
    const name = `replica-${++this.count}`;
    const port = await freePort();
    const env = consoleEnv(this.sim, {
      NEXT_DIST_DIR: DIST_DIR,
      DEMO_MODE: "true",
      AUTH_SECRET,
      // The browser only ever sees the gateway; next-auth builds its URLs from it.
      NEXTAUTH_URL: this.gateway.url,
      POD_NAME: name,
      LOG_LEVEL: "warn",
    });
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const replica: Replica = { name, url: `http://127.0.0.1:${port}`, child, output: () => output };
    this.replicas.set(name, replica);
    this.gateway.add(replica);
    await until(() => {
      if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${output}`);
      return this.gateway.inRotation().includes(name);
    }, `${name} to be ready`);
    return replica;
  }

  /** Deletes a replica as Kubernetes deletes a pod: out of the Service, preStop sleep, SIGTERM, wait for the exit. */
  async stopReplica(name: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const replica = this.replicas.get(name);
    if (!replica) throw new Error(`no replica ${name}`);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => replica.child.once("exit", (code, signal) => r({ code, signal })));
    if (FAULT === "no-drain") {
      replica.child.kill("SIGKILL");
    } else {
      this.gateway.terminate(name);
      await new Promise((r) => setTimeout(r, PRE_STOP_MS));
      replica.child.kill("SIGTERM");
    }
    const result = await exited;
    // Under the keep-stopping fault the gateway never drops it, as a Service with no endpoint removal would not.
    if (FAULT !== "keep-stopping") this.gateway.remove(name);
    this.replicas.delete(name);
    return result;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await Promise.all(
      [...this.replicas.values()].map(async (r) => {
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        const exited = new Promise((res) => r.child.once("exit", res));
        r.child.kill("SIGKILL");
        await exited;
      }),
    );
    const exited = new Promise((r) => this.simChild.once("exit", r));
    this.simChild.kill("SIGTERM");
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
