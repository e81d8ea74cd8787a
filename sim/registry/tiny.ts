// `tiny`: the one library model with real bytes behind every digest, so a REAL Ollama can pull it from the registry
// simulator (Ollama hashes each blob and refuses a digest mismatch) and load it on the CPU. Its layers are what real
// library manifests carry: the GGUF weights, a template, a license and a params blob, plus the JSON config blob.
import type { Family } from "./families.ts";
import { humanNumber, tinyLlamaGguf } from "./gguf.ts";
import { readGguf } from "./gguf-read.ts";
import type { ModelSpec } from "./library.ts";
import { CONFIG_MEDIA_TYPE, LAYER_MEDIA, MANIFEST_MEDIA_TYPE, blobDigest, type Layer, type Manifest } from "./manifest.ts";

export interface ContentModel {
  spec: ModelSpec;
  manifest: Manifest;
  /** digest → bytes, for every blob of the manifest (layers and config). */
  blobs: Map<string, Buffer>;
}

const TEMPLATE = "{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}";
const LICENSE = "Seeded random weights written by Ollama Ops' test tooling (sim/registry/gguf.ts). No rights reserved.\n";
const PARAMS = { stop: ["</s>"], num_ctx: 512 };

/** Builds the tiny model's blobs, manifest and spec; `seed` changes the weights (and so the model digest). */
export function tinyModel(tags: string[] = ["tiny:latest"], seed = 1): ContentModel {
  const blobs = new Map<string, Buffer>();
  const layer = (mediaType: string, bytes: Buffer): Layer => {
    const digest = blobDigest(bytes);
    blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length };
  };
  const { bytes: gguf, parameterCount, tensors } = tinyLlamaGguf({ seed });
  const parameterSize = humanNumber(parameterCount);
  const layers = [
    layer(LAYER_MEDIA.model, gguf),
    layer(LAYER_MEDIA.template, Buffer.from(TEMPLATE)),
    layer(LAYER_MEDIA.license, Buffer.from(LICENSE)),
    layer(LAYER_MEDIA.params, Buffer.from(JSON.stringify(PARAMS))),
  ];
  const config = Buffer.from(
    JSON.stringify({
      model_format: "gguf",
      model_family: "llama",
      model_families: ["llama"],
      model_type: parameterSize,
      file_type: "F32",
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
    }),
  );
  const manifest: Manifest = { schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: layer(CONFIG_MEDIA_TYPE, config), layers };
  const family: Family = {
    key: "tiny",
    architecture: "llama",
    family: "llama",
    families: ["llama"],
    template: { size: TEMPLATE.length, text: TEMPLATE },
    licenses: [{ size: LICENSE.length, text: LICENSE }],
    params: { size: JSON.stringify(PARAMS).length, values: PARAMS },
  };
  const spec: ModelSpec = {
    tags,
    family,
    modelBytes: gguf.length,
    configBytes: config.length,
    parameterSize,
    parameterCount,
    quantization: "F32",
    contextLength: 2048,
    embeddingLength: 128,
    blockCount: 2,
    headCount: 4,
    capabilities: ["completion"],
    tensors,
    kv: readGguf(gguf)?.kv,
  };
  return { spec, manifest, blobs };
}
