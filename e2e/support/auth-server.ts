// A second console for the sign-in tests, configured like a real deployment (no demo users): the launcher's build,
// served by `next start` with the given environment, its log lines collected for inspection.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { NEXT_BIN } from "../../sim/launch.ts";

export interface ConsoleServer {
  url: string;
  /** Everything the server printed so far (stdout + stderr). */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound and released, so the caller can hand it to another process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `next start` on `port` with exactly `env` (plus PATH/HOME) and the launcher's build; resolves once it answers or exits. */
export async function startConsole(port: number, env: Record<string, string>): Promise<ConsoleServer> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + 60_000; !gone && Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const up = await fetch(`${url}/api/health?probe=live`).then((r) => r.ok, () => false);
    if (up) break;
  }
  return {
    url,
    output: () => output,
    exited,
    async stop() {
      if (!gone) child.kill("SIGTERM");
      await exited;
    },
  };
}
