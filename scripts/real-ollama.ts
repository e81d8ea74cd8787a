// `npm run real:ollama -- [--serve] [--version vX.Y.Z]`: build the real Ollama (or reuse the cached binary) and print
// its path and the time taken; with --serve, also start the registry simulator and `ollama serve` on loopback and
// print both URLs plus the warm start time, until Ctrl+C.
import { parseArgs } from "node:util";
import { createRegistrySim } from "../sim/registry/server.ts";
import { OLLAMA_VERSION, RealOllamaError, buildOllama, startOllama } from "../tools/realstack/ollama.ts";

function fail(message: string): never {
  console.error(`real:ollama: ${message}`);
  process.exit(1);
}

let values: { serve: boolean; version: string };
try {
  ({ values } = parseArgs({
    options: {
      serve: { type: "boolean", default: false },
      version: { type: "string", default: OLLAMA_VERSION },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message} (usage: npm run real:ollama -- [--serve] [--version vX.Y.Z])`);
}
if (!/^v\d+\.\d+\.\d+$/.test(values.version)) fail(`--version must look like v0.17.4, not ${JSON.stringify(values.version)}`);

let built: ReturnType<typeof buildOllama>;
try {
  built = buildOllama({ version: values.version, log: (line) => console.log(line) });
} catch (error) {
  if (!(error instanceof RealOllamaError)) throw error;
  fail(error.message);
}
console.log(`ollama: ${built.binary}`);
console.log(built.built ? `built in ${built.seconds.toFixed(0)} s` : `reused cached build (${built.seconds.toFixed(2)} s)`);

if (values.serve) {
  const registry = createRegistrySim();
  await registry.listen();
  const ollama = await startOllama({ binary: built.binary });
  const stop = async () => {
    await ollama.stop();
    await registry.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  console.log(`registry: ${registry.url}  (pull ${new URL(registry.url).host}/library/tiny:latest with insecure: true)`);
  console.log(`ollama serve: ${ollama.url}  (models in ${ollama.modelsDir}, log ${ollama.logPath})`);
  console.log(`warm start: ${(ollama.startMs / 1000).toFixed(2)} s to answer /api/version`);
  console.log("ready");
}
