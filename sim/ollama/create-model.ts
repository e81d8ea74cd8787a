// createModel (server/create.go): the base layers plus the request's template, system prompt, licenses and parameters as
// new layers with real bytes, a config blob, then the manifest. The model's spec goes into the catalogue, so tags, show,
// load and a later push know it.
import type { ModelSpec } from "../registry/library.ts";
import { CONFIG_MEDIA_TYPE, LAYER_MEDIA, blobDigest, MANIFEST_MEDIA_TYPE, manifestBlobs, manifestSize, serializeManifest, type Layer, type Manifest } from "../registry/manifest.ts";
import { readGguf } from "../registry/gguf-read.ts";
import { sortedKeys } from "../kube/json.ts";
import { familyTexts, ggufSpec, unknownSpec } from "../registry/spec.ts";
import { contentOf } from "./blobs.ts";
import { HttpError, goJson } from "./http.ts";
import type { OllamaState } from "./routes.ts";
import type { Emit } from "./stream.ts";
import { quantizeGguf } from "./quantize.ts";
import { templateError } from "./template-check.ts";

/** A layer the new model starts from, with its `using existing layer` line and, for GGUF layers, what the GGUF is. */
export interface BaseLayer {
  layer: Layer;
  status: string;
  gguf?: ModelSpec;
}

/** The request's own layers (CreateRequest's template, system, license, parameters). */
export interface CreateOptions {
  template?: string;
  system?: string;
  licenses: string[];
  parameters?: Record<string, unknown>;
  /** `quantize` (or the older `quantization`), upper-cased as Ollama reads it. */
  quantize?: string;
  /** api.Message objects as Go re-encodes them (field order, empty optional fields left out). */
  messages: object[];
}

/** ggml.ParseFileType's names; anything else is refused with the list Ollama prints (BF16 parses but is not listed). */
const QUANTIZE_TYPES = ["F32", "F16", "Q4_K_S", "Q4_K_M", "Q8_0"];

/**
 * The quantize step of createModel for one GGUF model layer: an unknown type and a file that is not F16 or F32 (the
 * tiny GGUF's general.file_type 0 reads as unknown) fail as v0.17.4 fails them, with a 500; a file already of the type
 * asked is kept; else quantizeLayer: a `quantizing <from> model to <TYPE>` line per tensor written (completed as
 * float32 arithmetic gives it, of the layer's size), `verifying conversion`, and the new model layer.
 */
function quantizeStep(st: OllamaState, b: BaseLayer, type: string, emit: Emit): BaseLayer {
  const gguf = b.gguf;
  if (!gguf || b.layer.mediaType !== LAYER_MEDIA.model) return b;
  const want = type === "Q4_K" ? "Q4_K_M" : type;
  if (!QUANTIZE_TYPES.includes(want) && want !== "BF16") {
    throw new Error(`unsupported quantization type ${type} - supported types are ${QUANTIZE_TYPES.join(", ")}`);
  }
  if (gguf.quantization !== "F16" && gguf.quantization !== "F32") throw new Error("quantization is only supported for F16 and F32 models");
  if (gguf.quantization === want) return b;
  const bytes = contentOf(st, b.layer.digest);
  if (!bytes) throw new HttpError(501, `the simulator has no bytes of ${b.layer.digest} to quantize`);
  const dataStart = readGguf(bytes)?.dataStart ?? 0;
  const f = Math.fround;
  let done = 0;
  const out = quantizeGguf(bytes, want, (n) => {
    done += n;
    const completed = Math.trunc(f(f(f(done) / f(bytes.length - dataStart)) * f(b.layer.size)));
    emit({ status: `quantizing ${gguf.quantization} model to ${type}`, digest: "0000000000000000000", total: b.layer.size, completed });
  });
  emit({ status: "verifying conversion" });
  const digest = blobDigest(out);
  const existing = st.volume.hasBlob(digest);
  st.volume.addBlob(digest, out.length, out);
  const spec = ggufSpec(out);
  return { layer: { mediaType: LAYER_MEDIA.model, digest, size: out.length }, status: `${existing ? "using existing" : "creating new"} layer ${digest}`, ...(spec ? { gguf: spec } : {}) };
}

/** Go's json.Encoder on decoded JSON: map keys sorted, `<>&` escaped, a newline at the end. */
export function goEncode(value: unknown): string {
  return `${goJson(sortedKeys(value))}\n`;
}

/** ConfigV2 in its Go field order, details from the GGUF layers (cmp.Or: the first one's; families from each). */
function configOf(ggufs: ModelSpec[], diffIds: string[]) {
  const first = ggufs[0];
  const families = ggufs.flatMap((g) => g.family.families ?? [g.family.architecture]);
  return {
    model_format: first ? "gguf" : "",
    model_family: first?.family.architecture ?? "",
    model_families: families.length > 0 ? families : null,
    model_type: first?.parameterSize ?? "",
    file_type: first?.quantization ?? "",
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: diffIds },
  };
}

/**
 * Writes the model `name` from `base` (and `fallback`, the spec of the `from` model, for the texts of blobs the simulator
 * has no bytes of), emitting each layer's line and `writing manifest`; the caller emits `success`.
 */
export function createModel(st: OllamaState, name: string, base: BaseLayer[], fallback: ModelSpec | undefined, opts: CreateOptions, emit: Emit): void {
  const quantize = opts.quantize;
  if (quantize) base = base.map((b) => quantizeStep(st, b, quantize, emit));
  const badTemplate = opts.template && templateError(opts.template);
  if (badTemplate) throw new HttpError(400, `template error: ${badTemplate}`);
  let layers: { layer: Layer; status: string }[] = [...base];
  const created = new Map<string, Buffer>();
  const add = (mediaType: string, text: string) => {
    const bytes = Buffer.from(text);
    const digest = blobDigest(bytes);
    const existing = st.volume.hasBlob(digest) || created.has(digest);
    created.set(digest, bytes);
    layers.push({ layer: { mediaType, digest, size: bytes.length }, status: `${existing ? "using existing" : "creating new"} layer ${digest}` });
  };
  // removeLayer: a replaced layer's blob goes unless a manifest uses it, so a layer made again is "creating new".
  const replace = (mediaType: string, text: string) => {
    const gone = layers.filter((l) => l.layer.mediaType === mediaType).map((l) => l.layer.digest);
    for (const digest of gone) if (!st.volume.isReferenced(digest)) created.delete(digest);
    st.volume.removeUnreferenced(gone);
    layers = layers.filter((l) => l.layer.mediaType !== mediaType);
    add(mediaType, text);
  };
  if (opts.template) replace(LAYER_MEDIA.template, opts.template);
  if (opts.system) replace(LAYER_MEDIA.system, opts.system);
  for (const license of opts.licenses) add(LAYER_MEDIA.license, license);
  // The base's parameters stay unless the request names them, re-encoded into a new params layer whenever there are any.
  const parameters = { ...opts.parameters };
  for (const { layer } of layers.filter((l) => l.layer.mediaType === LAYER_MEDIA.params)) {
    const bytes = contentOf(st, layer.digest);
    const values = bytes ? (JSON.parse(bytes.toString("utf8")) as Record<string, unknown>) : (fallback?.family.params?.values ?? {});
    for (const [k, v] of Object.entries(values)) if (!(k in parameters)) parameters[k] = v;
  }
  if (Object.keys(parameters).length > 0) replace(LAYER_MEDIA.params, goEncode(parameters));
  // No messages keeps the base's; any replace them all (json.Encoder of the list, keys in struct order, not sorted).
  if (opts.messages.length > 0) replace(LAYER_MEDIA.messages, `${goJson(opts.messages)}\n`);

  const ggufs = base.flatMap((b) => b.gguf ?? []);
  const config = configOf(ggufs, layers.map((l) => l.layer.digest));
  const configBytes = Buffer.from(`${goJson(config)}\n`);
  const configLayer = { mediaType: CONFIG_MEDIA_TYPE, digest: blobDigest(configBytes), size: configBytes.length };
  created.set(configLayer.digest, configBytes);
  // NewLayer writes each blob as it makes it, before any line is sent.
  for (const [digest, bytes] of created) st.volume.addBlob(digest, bytes.length, bytes);
  for (const { status } of layers) emit({ status });

  emit({ status: "writing manifest" });
  const manifest: Manifest = { schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: configLayer, layers: layers.map((l) => l.layer) };
  const old = st.volume.getManifest(name);
  // WriteManifest uses a json.Encoder: the file ends with a newline, which a push (json.Marshal) leaves out.
  const stored = st.volume.writeManifest(old?.name ?? name, manifest, new Date(), `${serializeManifest(manifest)}\n`);
  const weights = base.find((b) => b.layer.mediaType === LAYER_MEDIA.model)?.gguf ?? fallback ?? unknownSpec();
  const texts = familyTexts(manifest.layers, (d) => contentOf(st, d), fallback?.family);
  const family = { ...weights.family, family: config.model_family, architecture: config.model_family, families: config.model_families, ...texts };
  const spec: ModelSpec = { ...weights, tags: [stored.name], family, parameterSize: config.model_type, quantization: config.file_type, configBytes: configBytes.length };
  st.catalogue.register({ name: stored.name, manifest, manifestJson: stored.json, digest: stored.digest, size: manifestSize(manifest), spec });
  // The layers only the replaced manifest used are removed (unless OLLAMA_NOPRUNE, which this simulator ignores here).
  if (old) st.volume.removeUnreferenced(manifestBlobs(old.manifest).map((l) => l.digest));
}
