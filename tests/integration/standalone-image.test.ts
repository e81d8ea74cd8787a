// The container image without Docker: lint the Dockerfile, replay its runtime stage (COPY lines, ENV, CMD) on a real
// standalone build into a read-only folder, start it as a non-root user with only a /tmp-like folder writable, and
// check the console and the cache-agent entrypoint answer. Slow (a full `next build`), so it has its own file.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validate, ValidationSeverity, type ValidatorSettings } from "dockerfile-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hashPassword } from "../../lib/features/auth/passwords";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The test's own build folder, so it never disturbs `.next` of a developer's server. */
const DIST_DIR = ".next-standalone";
const BUILD_TIMEOUT_MS = 15 * 60_000;

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile → the instructions of its last stage (continuations joined, comments dropped). */
function runtimeStage(text: string): Instruction[] {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const instructions = lines.map((l) => {
    const [keyword = "", ...rest] = l.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf("FROM");
  return instructions.slice(lastFrom + 1);
}

/** `A=1 B="2 3"` (ENV / ARG) → entries; a double-quoted value may hold spaces (NODE_OPTIONS with two flags). */
const assignments = (args: string) =>
  [...args.matchAll(/([^\s=]+)(?:=("[^"]*"|\S*))?/g)].map(([, name = "", value]) => [name, value?.replace(/^"(.*)"$/s, "$1")] as [string, string?]);

function spawnLogged(command: string, args: string[], opts: Parameters<typeof spawn>[2]): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A child that exited while a test waited for it: ends the wait at once, with its output. */
class Exited extends Error {}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((err: unknown) => {
      if (err instanceof Exited) throw err;
      return undefined; // not answering yet
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** chmod -R a-w (or back to u+w for cleanup). */
async function setWritable(path: string, writable: boolean): Promise<void> {
  const s = await stat(path);
  await chmod(path, writable ? s.mode | 0o200 : s.mode & ~0o222);
  if (s.isDirectory()) for (const entry of await readdir(path)) await setWritable(join(path, entry), writable);
}

const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
const stage = runtimeStage(dockerfile);
/** The image runs as uid 1000; as root here we do too, so the read-only bits really bind. */
const asUser = process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {};
const children: ChildProcess[] = [];
let app: string;
let writable: string;
let imageEnv: Record<string, string>;
/** A copy of this Node that uid 1000 can run: the one on PATH may sit under a home directory only root can enter. */
let nodeDir: string;

beforeAll(async () => {
  // CI builds this tree into DIST_DIR once before the tests (IMAGE_TEST_REUSE_BUILD=1) and every suite reuses it.
  if (!(process.env.IMAGE_TEST_REUSE_BUILD && existsSync(join(ROOT, DIST_DIR, "BUILD_ID")))) {
    // This Node and the checkout's `next`, not an `npx` looked up on PATH: the test must not depend on where either lives.
    const build = spawnLogged(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } });
    const code = await new Promise<number | null>((resolve) => build.child.on("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (${code}):\n${build.output().slice(-3000)}`);
  }

  nodeDir = await mkdtemp(join(tmpdir(), "image-node-"));
  await chmod(nodeDir, 0o755);
  await copyFile(process.execPath, join(nodeDir, "node"));
  await chmod(join(nodeDir, "node"), 0o755);
  app = await mkdtemp(join(tmpdir(), "image-app-"));
  await chmod(app, 0o755);
  writable = await mkdtemp(join(tmpdir(), "image-tmp-"));
  if (asUser.uid !== undefined) await chown(writable, asUser.uid, asUser.gid);
  const vars: Record<string, string> = { NEXT_DIST_DIR: DIST_DIR };
  const expand = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, name: string) => vars[name] ?? "");
  imageEnv = {};
  let workdir = "/";
  for (const { keyword, args } of stage) {
    if (keyword === "ARG") for (const [name, value] of assignments(args)) vars[name] ??= value ?? "";
    if (keyword === "ENV") for (const [name, value] of assignments(args)) imageEnv[name] = expand(value ?? "");
    if (keyword === "WORKDIR") workdir = expand(args);
    if (keyword !== "COPY") continue;
    const parts = expand(args).split(/\s+/).filter((p) => !p.startsWith("--"));
    expect(args, "runtime COPY lines take the build stage's output").toMatch(/^--from=build /);
    const dest = join(app, join(workdir, parts.pop() ?? "").replace(/^\/app/, ""));
    for (const source of parts) {
      const from = join(ROOT, source.replace(/^\/src\//, ""));
      const into = (await stat(from)).isDirectory() ? dest : join(dest, source.split("/").pop() ?? "");
      await mkdir(dest, { recursive: true });
      // Verbatim: Next links hashed aliases of server externals (node_modules/<pkg>-<hash>) relatively; resolved links
      // would point back into the checkout, which uid 1000 may not be able to enter.
      await cp(from, into, { recursive: true, verbatimSymlinks: true });
    }
  }
  expect(workdir).toBe("/app");
  await setWritable(app, false);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once("exit", r))));
  if (app) {
    await setWritable(app, true);
    await rm(app, { recursive: true, force: true });
  }
  if (writable) await rm(writable, { recursive: true, force: true });
  if (nodeDir) await rm(nodeDir, { recursive: true, force: true });
});

/** Starts a command of the image in the read-only copy with the image's ENV, HOME and TMPDIR in the writable folder. */
function startInImage(argv: string[], env: Record<string, string>) {
  const [command = "", ...args] = argv;
  const run = spawnLogged(command, args, {
    cwd: app,
    ...asUser,
    // NODE_ENV is spelled out for the type checker; the Dockerfile's ENV sets the same value right after.
    env: { NODE_ENV: "production", PATH: `${nodeDir}:${process.env.PATH ?? ""}`, ...imageEnv, HOME: writable, TMPDIR: writable, ...env },
  });
  children.push(run.child);
  return run;
}

describe("the Dockerfile", () => {
  it("lints clean with every dockerfile-utils check raised to an error", () => {
    const all = Object.fromEntries(
      ["deprecatedMaintainer", "directiveCasing", "emptyContinuationLine", "instructionCasing", "instructionCmdMultiple", "instructionEntrypointMultiple", "instructionHealthcheckMultiple", "instructionJSONInSingleQuotes", "instructionWorkdirRelative"].map((k) => [k, ValidationSeverity.ERROR]),
    ) as ValidatorSettings;
    expect(validate(dockerfile, all).map((d) => `line ${d.range.start.line + 1}: ${typeof d.message === "string" ? d.message : d.message.value}`)).toEqual([]);
    expect(validate("FROM node:24\nCMD node server.js\nCMD ['x']\n", all).length).toBeGreaterThan(0);
  });

  it("builds every stage from a base image pinned by digest", () => {
    const lines = dockerfile.replace(/\\\n/g, " ").split("\n").map((l) => l.trim());
    const defaults = new Map<string, string>();
    for (const l of lines.filter((x) => /^ARG\s/i.test(x))) for (const [name, value] of assignments(l.replace(/^ARG\s+/i, ""))) if (value !== undefined) defaults.set(name, value);
    const stages = new Set<string>();
    const bases = lines
      .filter((l) => /^FROM\s/i.test(l))
      .map((l) => {
        const [, image = "", name] = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(l) ?? [];
        if (name) stages.add(name);
        return image.replace(/\$\{(\w+)\}/g, (_, arg: string) => defaults.get(arg) ?? "");
      });
    const external = bases.filter((image) => !stages.has(image));
    expect(external.length).toBeGreaterThan(0);
    for (const image of external) expect(image).toMatch(/^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/);
  });

  it("runs as a non-root user and ships the agent without its tests", () => {
    expect(stage.filter((i) => i.keyword === "USER").map((i) => i.args)).toEqual(["1000:1000"]);
    const copies = stage.filter((i) => i.keyword === "COPY").map((i) => i.args).join(" ");
    expect(copies).toContain("/src/agent/main.ts");
    expect(copies).not.toMatch(/\.test\.ts|fixture\.ts/);
  });
});

/** Every file under `dir` except installed packages. */
async function ownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !join(e.parentPath, e.name).includes("/node_modules/")).map((e) => join(e.parentPath, e.name));
}

describe("the image's contents, read-only", () => {
  it("hold none of the simulators", async () => {
    const files = await ownFiles(app);
    expect(files.some((f) => f.endsWith(".js")), "the server bundle is there to search").toBe(true);
    expect(files.filter((f) => /\/sim\//.test(f.slice(app.length)))).toEqual([]);
    // Names only the simulators define: none may have been bundled into the console.
    const markers = ["createKubeSim", "createOllamaSim", "SimulatorState", "/__sim/"];
    for (const file of files.filter((f) => /\.(js|mjs|cjs|json)$/.test(f))) {
      const text = await readFile(file, "utf8");
      for (const marker of markers) expect(text.includes(marker), `${file.slice(app.length)} contains ${marker}`).toBe(false);
    }
  });

  it("serve the console with `node server.js` exactly as CMD says, writing nowhere but /tmp", async () => {
    const cmd = stage.find((i) => i.keyword === "CMD");
    const argv = JSON.parse(cmd?.args ?? "[]") as string[];
    expect(argv).toEqual(["node", "server.js"]);
    expect(imageEnv).toMatchObject({ NODE_ENV: "production", PORT: "3000", HOSTNAME: "0.0.0.0" });
    const port = await freePort();
    const server = startInImage(argv, {
      // Loopback only in tests; the image binds 0.0.0.0.
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      AUTH_SECRET: "image-test-secret-0123456789abcdef0123456789",
      LOCAL_USERS: `admin:admin:${await hashPassword("image-test-password")}`,
      METRICS_TOKEN: "image-test-metrics-token",
      // Upstreams on loopback ports nobody listens on: down, answered at once.
      OLLAMA_URL: "http://127.0.0.1:9",
      CACHE_AGENT_URL: "http://127.0.0.1:9",
    });
    const base = `http://127.0.0.1:${port}`;
    const health = await until(async () => {
      if (server.child.exitCode !== null) throw new Exited(`server exited ${server.child.exitCode}:\n${server.output()}`);
      const res = await fetch(`${base}/api/health`);
      return res.status === 200 ? ((await res.json()) as unknown) : undefined;
    }, "/api/health");
    expect(health).toEqual({ status: "ok", checks: { process: "ok", config: "ok" } });
    expect((await fetch(`${base}/api/health?probe=live`)).status).toBe(200);

    // Pages render (a redirect to sign-in) and the static files the second COPY line placed are served.
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await login.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);

    // Static files skip proxy.ts, yet carry the same hardening headers (next.config.ts) and a CSP that allows nothing.
    for (const path of [script, "/favicon.ico"]) {
      const res = await fetch(`${base}${path}`, { headers: { "X-Forwarded-Proto": "https" } });
      const headers = Object.fromEntries(res.headers);
      expect(headers, path).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "strict-transport-security": "max-age=31536000",
      });
      expect(headers["content-security-policy"], path).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
    }
    expect((await fetch(`${base}${script}`)).headers.get("strict-transport-security"), "no HSTS over plain HTTP").toBeNull();
    // Pages keep proxy.ts's nonce CSP, not the static one.
    expect(login.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);

    // /metrics passes the session gate to its own token check, and prom-client works in the bundled server.
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer image-test-metrics-token" } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ollama_ops_source_up{system="ollama"} 0');
    expect(server.output()).not.toMatch(/EACCES|EROFS|permission denied/i);
  });

  it("start the cache agent with the sidecar's command from components/cache-agent", async () => {
    const sidecar = parse(await readFile(join(ROOT, "deploy/components/cache-agent/sidecar.yaml"), "utf8")) as {
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    };
    const command = sidecar.spec.template.spec.containers[0]?.command ?? [];
    const models = join(writable, "models");
    await mkdir(join(models, "blobs"), { recursive: true });
    await mkdir(join(models, "manifests"), { recursive: true });
    const agent = startInImage(command, { OLLAMA_MODELS: models, AGENT_PORT: "0", AGENT_HOST: "127.0.0.1" });
    const port = await until(() => {
      if (agent.child.exitCode !== null) throw new Exited(`agent exited ${agent.child.exitCode}:\n${agent.output()}`);
      return Promise.resolve(Number(/"port":(\d+)/.exec(agent.output())?.[1]) || undefined);
    }, "the agent's listening line", 15_000);
    expect((await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).trim()).toBe("ok");
    const report = (await (await fetch(`http://127.0.0.1:${port}/v1/report`)).json()) as { apiVersion: string; path: string };
    expect(report).toMatchObject({ apiVersion: "ollama-ops.dev/cache-agent/v1", path: models });
  });
});
