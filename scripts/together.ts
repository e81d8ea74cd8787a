// `node scripts/together.ts "<command>" "<command>"…`: runs shell commands at the same time, for test passes that use
// different servers (the real cluster's suites and the real Ollama's). The first command's output streams live; each
// other's is held and printed whole, in order, once the first has ended and it has too, so the CI log reads as if they
// had run one after another. Exits with the first non-zero status, after every command has ended (none is left running).
import { spawn } from "node:child_process";

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node scripts/together.ts "<command>" ["<command>"…]');
  process.exit(2);
}

const children = commands.map((command, i) => spawn(command, { shell: true, stdio: i === 0 ? "inherit" : ["ignore", "pipe", "pipe"] }));
const runs = children.map((child, i) => {
  const command = commands[i] ?? "";
  const held: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => held.push(b));
  child.stderr?.on("data", (b: Buffer) => held.push(b));
  const started = Date.now();
  return new Promise<{ code: number; print: () => void }>((resolve) => {
    child.on("close", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const print = () => {
        if (i === 0) return;
        process.stdout.write(`\n── ${command} (ran alongside the first, ${seconds} s) ──\n`);
        process.stdout.write(Buffer.concat(held));
      };
      resolve({ code: code ?? (signal ? 1 : 0), print });
    });
  });
});
// Passed on, so a stopped run stops every pass (and each pass its servers); the exit follows when they have ended.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => children.forEach((c) => c.kill(signal)));

const ended = await Promise.all(runs);
for (const run of ended) run.print();
process.exit(ended.find((r) => r.code !== 0)?.code ?? 0);
