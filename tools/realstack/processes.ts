// Child processes of the real cluster: each logs to a file, and every one is stopped (TERM, then KILL) on the way out.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

/** Starts `bin args…`, stdout and stderr appended to <logDir>/<name>.log. */
export function startProcess(name: string, bin: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = process.env): Proc {
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, "a");
  const child = spawn(bin, args, { stdio: ["ignore", fd, fd], env });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", () => resolve(-1));
  });
  return { name, child, log, exited };
}

/** Stops a process: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopProcess(p: Proc, graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** The last meaningful line a process logged (to explain why it stopped). */
export function lastLogLine(p: Proc): string {
  try {
    const lines = readFileSync(p.log, "utf8").trim().split("\n").filter(Boolean);
    const error = lines.findLast((l) => /^E\d{4}|error|Error|fatal|panic/.test(l));
    return (error ?? lines.at(-1) ?? "").slice(0, 300);
  } catch {
    return "";
  }
}

/** A free loopback port (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` on loopback is free right now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Polls `check` every 100 ms until it returns true; throws `what` after timeoutMs or when `alive` says the process died. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, alive?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (alive && (alive.child.exitCode !== null || alive.child.signalCode !== null)) {
      throw new Error(`${alive.name} exited: ${lastLogLine(alive) || "no output"} (log ${alive.log})`);
    }
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${alive ? ` (log ${alive.log})` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
