// POST /api/create (server/create.go CreateHandler): a model `from` an installed one (pulled first when it is not, its
// progress streamed as it comes), or from uploaded GGUF `files`, plus at most one GGUF adapter; createModel
// (create-model.ts) then writes the layers, quantized first when asked (quantize.ts). Not simulated: converting
// safetensors (501).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ModelSpec } from "../registry/library.ts";
import { LAYER_MEDIA, blobDigest } from "../registry/manifest.ts";
import { displayShortest, parseModelName } from "../registry/names.ts";
import { isGguf } from "../registry/gguf-read.ts";
import { ggufSpec } from "../registry/spec.ts";
import { MODELS_DIR, blobPath } from "../volume.ts";
import { contentOf, parseBlobDigest } from "./blobs.ts";
import { createModel, goEncode, type BaseLayer } from "./create-model.ts";
import { HttpError, bindJson, jsonKind, modelField, stringField, type JsonObject } from "./http.ts";
import { pullModel } from "./pull.ts";
import type { OllamaState } from "./routes.ts";
import { respond, type Emit } from "./stream.ts";
import { detectTemplate } from "./template-library.ts";

const GGUF_MEDIA: string[] = [LAYER_MEDIA.model, LAYER_MEDIA.projector, LAYER_MEDIA.adapter];

/** fs.ValidPath: relative, slash-separated, no `.`, `..` or empty elements. */
function validPath(path: string): boolean {
  return path === "." || (path !== "" && path.split("/").every((e) => e !== "" && e !== "." && e !== ".."));
}

const STRING = "string";
const MAP = "map[string]interface {}";
/** CreateRequest's fields that binding checks here (files/adapters see fileMap), as Go names their types. */
const CREATE_FIELDS: Record<string, string> = {
  model: STRING, name: STRING, stream: "bool", quantize: STRING, quantization: STRING, from: STRING, remote_host: STRING,
  template: STRING, system: STRING, parameters: MAP, messages: "[]api.Message", renderer: STRING, parser: STRING,
  requires: STRING, info: MAP,
};
/** api.Message's fields; it unmarshals through an Alias type, whose name Go's error then carries for a whole message. */
const MESSAGE_FIELDS: Record<string, string> = {
  role: STRING, content: STRING, thinking: STRING, images: "[]api.ImageData", tool_calls: "[]api.ToolCall", tool_name: STRING, tool_call_id: STRING,
};

/** Whether a JSON value (not null) unmarshals into a Go value of this type, as far as these fields go. */
function fits(v: unknown, type: string): boolean {
  if (type === STRING || type === "api.ImageData") return typeof v === "string";
  if (type === "bool") return typeof v === "boolean";
  if (type.startsWith("[]")) return Array.isArray(v);
  return jsonKind(v) === "object";
}

/**
 * Binding's type errors (encoding/json's UnmarshalTypeError), in the body's order: a wrong-typed field answers 400
 * before any line, as ShouldBindJSON does. Null leaves a field (or a message) empty.
 */
function checkCreateTypes(body: JsonObject): void {
  const fail = (v: unknown, field: string, type: string) => {
    throw new HttpError(400, `json: cannot unmarshal ${jsonKind(v)} into Go struct field CreateRequest.${field} of type ${type}`);
  };
  for (const [key, v] of Object.entries(body)) {
    const type = CREATE_FIELDS[key];
    if (!type || v === null) continue;
    if (!fits(v, type)) fail(v, key, type);
    if (key !== "messages") continue;
    for (const m of v as unknown[]) {
      if (m === null) continue;
      if (jsonKind(m) !== "object") fail(m, key, "api.Alias");
      for (const [field, value] of Object.entries(m as JsonObject)) {
        const fieldType = MESSAGE_FIELDS[field];
        if (!fieldType || value === null) continue;
        if (!fits(value, fieldType)) fail(value, `${key}.${field}`, fieldType);
        if (field === "images") for (const image of value as unknown[]) if (image !== null && !fits(image, "api.ImageData")) fail(image, `${key}.${field}`, "api.ImageData");
      }
    }
  }
}

/** A `map[string]string` field (files, adapters), with Go's unmarshal error for anything else; a null value reads as "". */
function fileMap(body: JsonObject, key: "files" | "adapters"): Record<string, string> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new HttpError(400, `json: cannot unmarshal ${jsonKind(v)} into Go struct field CreateRequest.${key} of type map[string]string`);
  const files: Record<string, string> = {};
  for (const [name, item] of Object.entries(v as JsonObject)) {
    if (item !== null && typeof item !== "string") throw new HttpError(400, `json: cannot unmarshal ${jsonKind(item)} into Go struct field CreateRequest.${key} of type string`);
    files[name] = typeof item === "string" ? item : "";
  }
  return files;
}

/** The spec of a GGUF blob: read from its bytes, or for a catalogue model's fake weights that model's. */
function ggufOf(st: OllamaState, digest: string): ModelSpec | undefined {
  const bytes = contentOf(st, digest);
  return bytes ? ggufSpec(bytes) : st.catalogue.withWeights(digest)?.spec;
}

/** detectModelTypeFromFiles: by the first name's extension, else by the bytes of the first GGUF blob among the rest. */
function fileType(st: OllamaState, files: Record<string, string>): "gguf" | "safetensors" | "" {
  for (const [name, digest] of Object.entries(files)) {
    if (name.endsWith(".safetensors")) return "safetensors";
    if (name.endsWith(".gguf")) return "gguf";
    const d = parseBlobDigest(digest);
    if (!d || !st.volume.hasBlob(d)) return "";
    const bytes = contentOf(st, d);
    if ((bytes && isGguf(bytes)) || (!bytes && ggufOf(st, d))) return "gguf";
  }
  return "";
}

/**
 * ggufLayers: `parsing GGUF`, then the uploaded blob as a model, adapter or projector layer (by its `general.type`),
 * with the template its chat template names.
 */
function ggufLayer(st: OllamaState, digest: string, emit: Emit): BaseLayer[] {
  emit({ status: "parsing GGUF" });
  // BlobsPath takes the empty digest as the blobs folder itself, which opens but cannot be read.
  if (digest === "") throw new Error(`read ${MODELS_DIR}/blobs: is a directory`);
  const d = parseBlobDigest(digest);
  if (!d) throw new Error("invalid digest format");
  const size = st.volume.blobSize(d);
  if (size === undefined) throw new Error(`open ${MODELS_DIR}/${blobPath(d)}: no such file or directory`);
  const gguf = ggufOf(st, d);
  if (!gguf) throw new HttpError(400, "supplied file was not in GGUF format");
  const kind = gguf.kv?.["general.type"];
  const vision = gguf.kv?.[`${gguf.family.architecture}.vision.block_count`];
  const projector = kind === "projector" || (gguf.blockCount === 0 && typeof vision === "number" && vision > 0);
  const mediaType = kind === "adapter" ? LAYER_MEDIA.adapter : projector ? LAYER_MEDIA.projector : LAYER_MEDIA.model;
  const layer: BaseLayer = { layer: { mediaType, digest: d, size, from: `${MODELS_DIR}/${blobPath(d)}` }, status: `using existing layer ${d}`, gguf };
  return [layer, ...detectedTemplate(st, gguf.kv?.["tokenizer.chat_template"])];
}

/**
 * detectChatTemplate: a GGUF whose chat template is near a library one gets that template's layer (its line says so)
 * and, when the library has stop words for it, a params layer; NewLayer writes both blobs at once.
 */
function detectedTemplate(st: OllamaState, chatTemplate: unknown): BaseLayer[] {
  const found = typeof chatTemplate === "string" && chatTemplate !== "" ? detectTemplate(chatTemplate) : undefined;
  if (!found) return [];
  const blob = (mediaType: string, text: string, status: string): BaseLayer => {
    const bytes = Buffer.from(text);
    const digest = blobDigest(bytes);
    st.volume.addBlob(digest, bytes.length, bytes);
    return { layer: { mediaType, digest, size: bytes.length }, status };
  };
  const template = blob(LAYER_MEDIA.template, found.gotmpl, `using autodetected template ${found.name}`);
  return found.stop ? [template, blob(LAYER_MEDIA.params, goEncode({ stop: found.stop }), "")] : [template];
}

/**
 * convertFromSafetensors, as far as the simulator goes: a model's `converting model` line and the converter's first
 * error, a missing config.json; converting itself (and any adapter) is 501.
 */
function convertSafetensors(files: Record<string, string>, adapter: boolean, emit: Emit): never {
  if (!adapter) {
    emit({ status: "converting model" });
    if (!("config.json" in files)) throw new Error("open config.json: no such file or directory");
  }
  throw new HttpError(501, "the simulator does not convert safetensors, only GGUF files");
}

/** convertModelFromFiles for GGUF files (safetensors see above); an adapter's errors are all 400. */
function ggufFiles(st: OllamaState, files: Record<string, string>, adapter: boolean, emit: Emit): BaseLayer[] {
  try {
    const type = fileType(st, files);
    if (type === "safetensors") return convertSafetensors(files, adapter, emit);
    if (type === "") throw new HttpError(400, "unknown type");
    if (adapter && Object.keys(files).length > 1) throw new HttpError(400, "only one adapter is currently supported");
    return Object.values(files).flatMap((digest) => ggufLayer(st, digest, emit));
  } catch (error) {
    if (!adapter || (error instanceof HttpError && error.status !== 500)) throw error;
    throw new HttpError(400, (error as Error).message);
  }
}

/** parseFromModel: the installed model's layers, pulled first (without `insecure`, whatever the request says) if missing. */
async function fromModel(st: OllamaState, from: string, emit: Emit, signal: AbortSignal): Promise<{ layers: BaseLayer[]; spec?: ModelSpec }> {
  const fromName = parseModelName(from);
  if (!fromName) throw new HttpError(400, "invalid model name");
  const display = displayShortest(fromName);
  if (!st.volume.getManifest(display)) await pullModel(st, display, emit, signal, { insecure: false });
  const stored = st.volume.getManifest(display);
  if (!stored) throw new Error(`model ${JSON.stringify(from)} not found`);
  const spec = (st.catalogue.byDigest(stored.digest) ?? st.catalogue.get(stored.name))?.spec;
  const layers = stored.manifest.layers.map((layer) => ({
    layer: { ...layer, from: display },
    status: `using existing layer ${layer.digest}`,
    gguf: GGUF_MEDIA.includes(layer.mediaType) ? (ggufOf(st, layer.digest) ?? (layer.mediaType === LAYER_MEDIA.model ? spec : undefined)) : undefined,
  }));
  return { layers, spec };
}

/** api.Message's fields in struct order; the optional ones are left out when empty, the role is lower-cased. */
function messages(body: JsonObject): object[] {
  if (!Array.isArray(body.messages)) return [];
  return (body.messages as (Record<string, unknown> | null)[]).map((message) => {
    const m = message ?? {};
    const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
    const optional = ["thinking", "images", "tool_calls", "tool_name", "tool_call_id"].filter((k) => !empty(m[k]));
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    return { role: text(m.role).toLowerCase(), content: text(m.content), ...Object.fromEntries(optional.map((k) => [k, m[k]])) };
  });
}

/** A license that is not a string (`any` when bound): re-read as a []string, Go's error (after the lines so far) if it is not one. */
function licenseList(license: unknown): string[] {
  if (!Array.isArray(license)) throw new Error(`json: cannot unmarshal ${jsonKind(license)} into Go value of type []string`);
  return license.map((l: unknown) => {
    if (l !== null && typeof l !== "string") throw new Error(`json: cannot unmarshal ${jsonKind(l)} into Go value of type string`);
    return l ?? "";
  });
}

/** The request's own layers: template, system, license (a string or a list), parameters, messages, quantize type. */
function options(body: JsonObject) {
  const text = (key: string) => (typeof body[key] === "string" && body[key] !== "" ? body[key] : undefined);
  const license = body.license;
  const licenses = typeof license === "string" ? (license ? [license] : []) : license === undefined || license === null ? [] : licenseList(license);
  const parameters = typeof body.parameters === "object" && body.parameters !== null ? (body.parameters as Record<string, unknown>) : undefined;
  const quantize = text("quantize") ?? text("quantization");
  return { template: text("template"), system: text("system"), licenses, parameters, messages: messages(body), quantize: quantize?.toUpperCase() };
}

export async function create(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "CreateRequest");
  checkCreateTypes(body);
  const files = fileMap(body, "files");
  const adapters = fileMap(body, "adapters");
  const from = stringField(body, "from", "CreateRequest");
  if (Object.keys(files ?? {}).some((path) => !validPath(path))) throw new HttpError(400, "file path must be relative");
  const name = parseModelName(modelField(body, "CreateRequest"));
  if (!name) throw new HttpError(400, "invalid model name");
  const target = st.volume.getManifest(displayShortest(name))?.name ?? displayShortest(name);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  await respond(res, body.stream !== false, async (emit) => {
    const base = from ? await fromModel(st, from, emit, abort.signal) : files ? { layers: ggufFiles(st, files, false, emit) } : undefined;
    if (!base) throw new HttpError(400, "neither 'from' or 'files' was specified");
    if (adapters) base.layers.push(...ggufFiles(st, adapters, true, emit));
    createModel(st, target, base.layers, base.spec, options(body), emit);
    emit({ status: "success" });
  });
}
