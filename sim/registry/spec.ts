// A ModelSpec from what a model's blobs hold, for models made while the simulators run (an uploaded GGUF turned into a
// model by /api/create, a manifest pushed to the registry): the GGUF header gives the numbers and details, the text
// layers the template, system prompt, licenses and parameters.
import type { Family, TextLayer } from "./families.ts";
import { humanNumber } from "./gguf.ts";
import { fileTypeName, readGguf } from "./gguf-read.ts";
import type { Capability, ModelSpec } from "./library.ts";
import { LAYER_MEDIA, type Layer } from "./manifest.ts";

/** The spec of a GGUF file (no tags, no text layers); undefined when the bytes are not GGUF. */
export function ggufSpec(bytes: Buffer): ModelSpec | undefined {
  const header = readGguf(bytes);
  if (!header) return undefined;
  const { kv } = header;
  const arch = typeof kv["general.architecture"] === "string" ? kv["general.architecture"] : "";
  const count = (key: string) => {
    const v = kv[`${arch}.${key}`];
    return typeof v === "number" ? v : 0;
  };
  // Model.Capabilities: an arch.pooling_type key makes an embedding model, anything else completes text.
  const capabilities: Capability[] = [kv[`${arch}.pooling_type`] === undefined ? "completion" : "embedding"];
  if (kv[`${arch}.vision.block_count`] !== undefined) capabilities.push("vision");
  return {
    tags: [],
    family: { key: arch, architecture: arch, family: arch, families: [arch], licenses: [] },
    modelBytes: bytes.length,
    configBytes: 0,
    parameterSize: humanNumber(header.parameterCount),
    parameterCount: header.parameterCount,
    quantization: fileTypeName(kv["general.file_type"]),
    contextLength: count("context_length"),
    embeddingLength: count("embedding_length"),
    blockCount: count("block_count"),
    headCount: count("attention.head_count"),
    capabilities,
    tensors: header.tensors.map(({ name, type, shape }) => ({ name, type, shape })),
    kv,
  };
}

/** The spec of weights that are not GGUF: nothing known (no family, no capabilities). */
export function unknownSpec(): ModelSpec {
  return {
    tags: [],
    family: { key: "", architecture: "", family: "", families: null, licenses: [] },
    modelBytes: 0,
    configBytes: 0,
    parameterSize: "",
    parameterCount: 0,
    quantization: "",
    contextLength: 0,
    embeddingLength: 0,
    blockCount: 0,
    headCount: 0,
    capabilities: [],
  };
}

/**
 * The template, system prompt, licenses and parameters of a manifest's text layers, as GetModel reads them (the last
 * template, system and params layer win; licenses add up): each layer's bytes when known, else the same kind of text of
 * `fallback`, the catalogue's abbreviations that stand for the blobs of models with fake digests.
 */
export function familyTexts(
  layers: Layer[],
  content: (digest: string) => Buffer | undefined,
  fallback?: Family,
): Pick<Family, "template" | "system" | "licenses" | "params" | "messages"> {
  const of = (media: string) => layers.filter((l) => l.mediaType === media);
  const text = (l: Layer | undefined, known: TextLayer | undefined): TextLayer | undefined => {
    const bytes = l && content(l.digest);
    if (bytes) return { size: l.size, text: bytes.toString("utf8") };
    return l && known && { ...known, size: l.size };
  };
  // A registry never reads layers: bytes that are not the JSON expected are stored and served all the same.
  const json = (bytes: Buffer | undefined): unknown => {
    try {
      return bytes && JSON.parse(bytes.toString("utf8"));
    } catch {
      return undefined;
    }
  };
  const params = of(LAYER_MEDIA.params).at(-1);
  const paramValues = json(params && content(params.digest));
  const messages = of(LAYER_MEDIA.messages).at(-1);
  const messageList = json(messages && content(messages.digest));
  return {
    template: text(of(LAYER_MEDIA.template).at(-1), fallback?.template),
    system: text(of(LAYER_MEDIA.system).at(-1), fallback?.system),
    licenses: of(LAYER_MEDIA.license).flatMap((l, i) => text(l, fallback?.licenses[i]) ?? []),
    params:
      params && typeof paramValues === "object" && paramValues !== null && !Array.isArray(paramValues)
        ? { size: params.size, values: paramValues as Record<string, unknown> }
        : params && fallback?.params,
    messages: Array.isArray(messageList) ? (messageList as Family["messages"]) : messages && fallback?.messages,
  };
}
