// The Ollama route table and handlers (server/routes.go GenerateRoutes), over the simulated volume and scheduler.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Catalogue } from "../registry/catalogue.ts";
import { manifestBlobs } from "../registry/manifest.ts";
import { displayShortest, parseModelName } from "../registry/names.ts";
import type { SimVolume } from "../volume.ts";
import type { DownloadManager } from "./downloads.ts";
import { createBlob, headBlob } from "./blobs.ts";
import { create } from "./create.ts";
import { complete, embedding, TOKEN_MS } from "./generate.ts";
import { parseKeepAlive } from "./duration.ts";
import { HttpError, bindJson, goJson, goQuote, goTime, modelField, sendError, sendJson, sendText, stringField, type JsonObject } from "./http.ts";
import { pullModel } from "./pull.ts";
import { pushModel } from "./push.ts";
import type { Scheduler } from "./scheduler.ts";
import { respond } from "./stream.ts";
import { listEntry, psEntry, showBody } from "./views.ts";

export interface OllamaState {
  volume: SimVolume;
  catalogue: Catalogue;
  downloads: DownloadManager;
  verifyBytesPerSecond: number;
  scheduler: Scheduler;
  version: string;
  /** How long a load takes before generate/chat answers `load`. */
  loadDelayMs: number;
  /** How long an unloading model still shows in /api/ps. */
  unloadDelayMs: number;
  /** When set, a load fails with this error (HTTP 500), as Ollama reports an out-of-memory or a runner that will not start. */
  loadError: string | null;
}

type Handler = (req: IncomingMessage, res: ServerResponse, st: OllamaState) => Promise<void> | void;

/** Resolves a raw name to the installed manifest's name (case-insensitive, like getExistingName). */
function installedName(st: OllamaState, raw: string): string | undefined {
  const parsed = parseModelName(raw);
  return parsed && st.volume.getManifest(displayShortest(parsed))?.name;
}

/** The catalogue model behind a stored manifest: by manifest digest, so a copy under another name is found too. */
function catalogued(st: OllamaState, name: string, digest: string) {
  return st.catalogue.byDigest(digest) ?? st.catalogue.get(name);
}

/** An installed model by its raw name (manifest and catalogue entry), or a 404 with the handler's own wording. */
function installedModel(st: OllamaState, raw: string, notFound: string) {
  const name = installedName(st, raw);
  const stored = name === undefined ? undefined : st.volume.getManifest(name);
  const model = stored && catalogued(st, stored.name, stored.digest);
  if (!name || !stored || !model) throw new HttpError(404, notFound);
  return { name, stored, model };
}

function tags(_req: IncomingMessage, res: ServerResponse, st: OllamaState): void {
  const models = st.volume
    .manifests()
    .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime())
    .map((m) => listEntry(m, catalogued(st, m.name, m.digest)));
  sendJson(res, 200, { models });
}

function ps(_req: IncomingMessage, res: ServerResponse, st: OllamaState): void {
  sendJson(res, 200, { models: st.scheduler.list().map((m) => psEntry(m, catalogued(st, m.name, m.digest))) });
}

async function show(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "ShowRequest");
  const raw = modelField(body, "ShowRequest");
  if (!raw) throw new HttpError(400, "model is required");
  const parsed = parseModelName(raw);
  if (!parsed) throw new HttpError(400, "invalid model name");
  const stored = st.volume.getManifest(displayShortest(parsed));
  const model = stored && catalogued(st, stored.name, stored.digest);
  // The raw name as sent (ShowHandler formats req.Model), not the normalised one with its tag.
  if (!stored || !model) throw new HttpError(404, `model '${raw}' not found`);
  sendJson(res, 200, showBody(stored, model, body.verbose === true));
}

async function remove(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "DeleteRequest");
  const raw = modelField(body, "DeleteRequest");
  if (!raw) throw new HttpError(400, "model is required");
  if (!parseModelName(raw)) throw new HttpError(400, `name "${raw}" is invalid`);
  const name = installedName(st, raw);
  const stored = name === undefined ? undefined : st.volume.deleteManifest(name);
  if (!stored) throw new HttpError(404, `model '${raw}' not found`);
  st.volume.removeUnreferenced(manifestBlobs(stored.manifest).map((l) => l.digest));
  res.writeHead(200, { "Content-Length": 0 }).end();
}

function makeGenerate(kind: "generate" | "chat"): Handler {
  const goType = kind === "generate" ? "GenerateRequest" : "ChatRequest";
  return async (req, res, st) => {
    const body = await bindJson(req, goType);
    const raw = stringField(body, "model", goType);
    const keepAliveMs = parseKeepAlive(body.keep_alive);
    const { name, stored, model } = installedModel(st, raw, `model '${raw}' not found`);
    const empty = kind === "generate" ? !stringField(body, "prompt", goType) : !Array.isArray(body.messages) || body.messages.length === 0;
    const reply = (reason: string) =>
      sendJson(res, 200, {
        model: raw,
        created_at: goTime(new Date(), true),
        ...(kind === "generate" ? { response: "" } : { message: { role: "assistant", content: "" } }),
        done: true,
        done_reason: reason,
      });
    if (empty && keepAliveMs === 0) {
      st.scheduler.expire(name, st.unloadDelayMs);
      return reply("unload");
    }
    if (!model.spec.capabilities.includes("completion")) throw new HttpError(400, `"${raw}" does not support ${kind}`);
    // num_ctx: the request's options, else the model's params layer (real Ollama loads tiny with its num_ctx 512).
    const options = body.options as { num_ctx?: unknown; num_predict?: unknown } | undefined;
    const numCtx = options?.num_ctx ?? model.spec.family.params?.values.num_ctx;
    const contextLength = typeof numCtx === "number" ? numCtx : undefined;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, st.loadDelayMs));
    if (st.loadError && !st.scheduler.get(name)) throw new HttpError(500, st.loadError);
    st.scheduler.load({ name, digest: stored.digest, spec: model.spec, keepAliveMs, contextLength });
    if (empty) return reply("load");
    await generateText(res, { kind, raw, body, started, loadMs: performance.now() - started });
  };
}

/** A made-up reply on the real wire: NDJSON a token a line then the counts, or one JSON object with stream:false. */
async function generateText(res: ServerResponse, r: { kind: "generate" | "chat"; raw: string; body: JsonObject; started: number; loadMs: number }): Promise<void> {
  const messages = Array.isArray(r.body.messages) ? (r.body.messages as { content?: unknown }[]) : [];
  const prompt = r.kind === "generate" ? String(r.body.prompt) : messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
  const c = complete(prompt, (r.body.options as { num_predict?: unknown } | undefined)?.num_predict);
  const piece = (text: string) => (r.kind === "generate" ? { response: text } : { message: { role: "assistant", content: text } });
  const ns = (ms: number) => Math.round(ms * 1e6);
  const promptMs = 0.2 * c.promptTokens;
  const final = (text: string) => ({
    model: r.raw,
    created_at: goTime(new Date(), true),
    ...piece(text),
    done: true,
    done_reason: c.doneReason,
    // /api/generate hands back the conversation's token ids, except in raw mode; /api/chat never does.
    ...(r.kind === "generate" && r.body.raw !== true ? { context: c.context } : {}),
    total_duration: ns(performance.now() - r.started),
    load_duration: ns(r.loadMs),
    prompt_eval_count: c.promptTokens,
    prompt_eval_duration: ns(promptMs),
    eval_count: c.tokens.length,
    eval_duration: ns(c.tokens.length * TOKEN_MS),
  });
  if (r.body.stream === false) {
    await new Promise((resolve) => setTimeout(resolve, c.tokens.length * TOKEN_MS));
    sendJson(res, 200, final(c.tokens.join("")));
    return;
  }
  res.writeHead(200, { "Content-Type": "application/x-ndjson" });
  for (const token of c.tokens) {
    await new Promise((resolve) => setTimeout(resolve, TOKEN_MS));
    if (res.destroyed) return; // the client went away: stop generating, as Ollama cancels the request's context
    res.write(`${goJson({ model: r.raw, created_at: goTime(new Date(), true), ...piece(token), done: false })}\n`);
  }
  res.end(`${goJson(final(""))}\n`);
}

/**
 * POST /api/embed: like real Ollama's EmbedHandler, an empty `input` schedules the runner (loads the model with the
 * request's keep_alive) and answers empty embeddings; real input gets one unit vector per input, of the model's
 * embedding_length or the `dimensions` asked for, made up from the text (sim/ollama/generate.ts).
 */
async function embed(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "EmbedRequest");
  const raw = stringField(body, "model", "EmbedRequest");
  const { name, stored, model } = installedModel(st, raw, `model "${raw}" not found, try pulling it first`);
  const input = body.input;
  const inputs = typeof input === "string" ? (input ? [input] : []) : Array.isArray(input) ? input.map(String) : [];
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, st.loadDelayMs));
  st.scheduler.load({ name, digest: stored.digest, spec: model.spec, keepAliveMs: parseKeepAlive(body.keep_alive) });
  if (inputs.length === 0) return sendJson(res, 200, { model: raw, embeddings: [] });
  const loadMs = performance.now() - started;
  const dims = typeof body.dimensions === "number" && body.dimensions > 0 ? Math.min(body.dimensions, model.spec.embeddingLength) : model.spec.embeddingLength;
  const promptTokens = inputs.reduce((n, text) => n + complete(text, 0).promptTokens, 0);
  sendJson(res, 200, {
    model: raw,
    embeddings: inputs.map((text) => embedding(text, dims)),
    total_duration: Math.round((performance.now() - started) * 1e6),
    load_duration: Math.round(loadMs * 1e6),
    prompt_eval_count: promptTokens,
  });
}

/** POST /api/embeddings, the legacy form: `{"model","prompt"}` → `{"embedding":[…]}` (empty for an empty prompt, which only loads). */
async function legacyEmbeddings(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "EmbeddingRequest");
  const raw = stringField(body, "model", "EmbeddingRequest");
  const { name, stored, model } = installedModel(st, raw, `model "${raw}" not found, try pulling it first`);
  await new Promise((resolve) => setTimeout(resolve, st.loadDelayMs));
  st.scheduler.load({ name, digest: stored.digest, spec: model.spec, keepAliveMs: parseKeepAlive(body.keep_alive) });
  const prompt = typeof body.prompt === "string" ? body.prompt : "";
  sendJson(res, 200, { embedding: prompt ? embedding(prompt, model.spec.embeddingLength) : [] });
}

async function pull(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "PullRequest");
  const parsed = parseModelName(modelField(body, "PullRequest"));
  if (!parsed) throw new HttpError(400, "invalid model name");
  const name = st.volume.getManifest(displayShortest(parsed))?.name ?? displayShortest(parsed);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  await respond(res, body.stream !== false, (emit) => pullModel(st, name, emit, abort.signal, { insecure: body.insecure === true }));
}

/** PushHandler: the installed model to the registry its name names (push.ts). */
async function push(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "PushRequest");
  const raw = modelField(body, "PushRequest");
  if (!raw) throw new HttpError(400, "model is required");
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  await respond(res, body.stream !== false, (emit) => pushModel(st, raw, emit, abort.signal, { insecure: body.insecure === true }));
}

/** CopyHandler: the manifest file copied byte for byte (same digest); 200 with an empty body. */
async function copy(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "CopyRequest");
  const source = stringField(body, "source", "CopyRequest");
  const destination = stringField(body, "destination", "CopyRequest");
  const src = parseModelName(source);
  if (!src) throw new HttpError(400, `source ${goQuote(source)} is invalid`);
  const dst = parseModelName(destination);
  if (!dst) throw new HttpError(400, `destination ${goQuote(destination)} is invalid`);
  const stored = st.volume.getManifest(displayShortest(src));
  if (!stored) throw new HttpError(404, `model ${goQuote(source)} not found`);
  const target = installedName(st, destination) ?? displayShortest(dst);
  if (target.toLowerCase() !== stored.name.toLowerCase()) st.volume.writeManifest(target, stored.manifest, new Date(), stored.json);
  res.writeHead(200, { "Content-Length": 0 }).end();
}

const root: Handler = (_req, res) => sendText(res, 200, "Ollama is running");
const version: Handler = (_req, res, st) => sendJson(res, 200, { version: st.version });

/** Path → method → handler, as registered in GenerateRoutes. */
export const ROUTES: { path: RegExp; methods: Record<string, Handler> }[] = [
  { path: /^\/$/, methods: { GET: root, HEAD: root } },
  { path: /^\/api\/version$/, methods: { GET: version, HEAD: version } },
  { path: /^\/api\/tags$/, methods: { GET: tags, HEAD: tags } },
  { path: /^\/api\/ps$/, methods: { GET: ps } },
  { path: /^\/api\/show$/, methods: { POST: show } },
  { path: /^\/api\/pull$/, methods: { POST: pull } },
  { path: /^\/api\/delete$/, methods: { DELETE: remove } },
  { path: /^\/api\/generate$/, methods: { POST: makeGenerate("generate") } },
  { path: /^\/api\/chat$/, methods: { POST: makeGenerate("chat") } },
  { path: /^\/api\/blobs\/[^/]+$/, methods: { HEAD: headBlob, POST: createBlob } },
  { path: /^\/api\/copy$/, methods: { POST: copy } },
  { path: /^\/api\/create$/, methods: { POST: create } },
  { path: /^\/api\/embed$/, methods: { POST: embed } },
  { path: /^\/api\/embeddings$/, methods: { POST: legacyEmbeddings } },
  { path: /^\/api\/push$/, methods: { POST: push } },
];

/** Dispatches one request: 404/405 as gin writes them, HttpError → JSON error. */
export async function route(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const entry = ROUTES.find((r) => r.path.test(path));
  if (!entry) return sendText(res, 404, "404 page not found", "text/plain");
  const handler = entry.methods[req.method ?? "GET"];
  if (!handler) return sendText(res, 405, "405 method not allowed", "text/plain");
  try {
    await handler(req, res, st);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendError(res, error.status, error.message);
  }
}
