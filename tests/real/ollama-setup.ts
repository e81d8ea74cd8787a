// Global setup of the real Ollama tier: build the pinned release once (or reuse the cached binary), then time one
// warm start of `ollama serve` to its first /api/version answer, so CI prints both figures.
import { RealOllamaError, buildOllama, startOllama } from "../../tools/realstack/ollama.ts";

export default async function setup(): Promise<void> {
  let binary: string;
  try {
    const build = buildOllama({ log: (line) => console.log(line) });
    binary = build.binary;
    console.log(build.built ? `real Ollama built in ${build.seconds.toFixed(0)} s: ${binary}` : `real Ollama: ${binary} (cached)`);
  } catch (error) {
    if (error instanceof RealOllamaError) throw new Error(`real Ollama unavailable: ${error.message}`);
    throw error;
  }
  const server = await startOllama({ binary });
  await server.stop();
  console.log(`real Ollama warm start: ${(server.startMs / 1000).toFixed(2)} s to answer /api/version`);
}
