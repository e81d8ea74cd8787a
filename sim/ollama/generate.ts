// Text and embeddings the simulator makes up, on the real wire (checked against Ollama v0.17.4 by
// tests/real/ollama-generate.test.ts): a canned reply streamed a word a token, the final line's counts and durations,
// `context` on /api/generate unless raw; unit-length embeddings of the model's embedding_length, derived from the text.
import { createHash } from "node:crypto";

/** What the simulated model says to anything: readable in the demo, and plainly not a real model's answer. */
const REPLY = "This is the Ollama simulator answering. It runs no model, so this reply is the same whatever you ask; a real Ollama server generates text here.";
/** Pace of the made-up tokens. */
export const TOKEN_MS = 15;

export interface Completion {
  tokens: string[];
  doneReason: "stop" | "length";
  promptTokens: number;
  /** Token ids of prompt and reply, as /api/generate's `context` carries them. */
  context: number[];
}

/** Word-sized "tokens" of a text, keeping each word's leading space as tokenizers do. */
function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function tokenId(token: string): number {
  return createHash("sha256").update(token).digest().readUInt16BE(0);
}

/** The reply to `prompt`: `num_predict` tokens at most (done_reason "length"), else the whole reply ("stop"). */
export function complete(prompt: string, numPredict: unknown): Completion {
  const all = tokenize(REPLY);
  const limit = typeof numPredict === "number" && numPredict > 0 ? Math.floor(numPredict) : Infinity;
  const tokens = all.slice(0, limit);
  const promptTokens = Math.max(1, tokenize(prompt).length);
  return {
    tokens,
    doneReason: tokens.length < all.length ? "length" : "stop",
    promptTokens,
    context: [...tokenize(prompt), ...tokens].map(tokenId),
  };
}

/** A deterministic unit vector of `dims` numbers for `text` (Ollama normalises what the runner returns). */
export function embedding(text: string, dims: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dims; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 2 <= digest.length && values.length < dims; i += 2) values.push(digest.readUInt16BE(i) / 32768 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => Math.fround(v / norm));
}
