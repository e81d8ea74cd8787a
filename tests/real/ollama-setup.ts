// Global setup of the real Ollama tier: build the pinned release once (or reuse the cached binary) before any test.
import { RealOllamaError, buildOllama } from "../../tools/realstack/ollama.ts";

export default function setup(): void {
  try {
    const { binary, built, seconds } = buildOllama({ log: (line) => console.log(line) });
    console.log(built ? `real Ollama built in ${seconds.toFixed(0)} s: ${binary}` : `real Ollama: ${binary} (cached)`);
  } catch (error) {
    if (error instanceof RealOllamaError) throw new Error(`real Ollama unavailable: ${error.message}`);
    throw error;
  }
}
