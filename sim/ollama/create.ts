// POST /api/create with `from` (server/create.go): a new manifest reusing the base model's layers, with new params and
// system layers. Files, adapters and blobs are not accepted here: the console never sends them (CVE-2026-7482).
import type { IncomingMessage, ServerResponse } from "node:http";
import { LAYER_MEDIA, fakeDigest, manifestBlobs, serializeManifest, sha256Hex, type Layer, type Manifest } from "../registry/manifest.ts";
import { displayShortest, parseModelName } from "../registry/names.ts";
import { HttpError, bindJson, goJson, goQuote, sendJson } from "./http.ts";
import { pullModel } from "./pull.ts";
import type { OllamaState } from "./routes.ts";

/** A new small layer holding `text` (its digest is the content's). */
function textLayer(mediaType: string, text: string): Layer {
  return { mediaType, digest: fakeDigest(`${mediaType}\n${text}`), size: Buffer.byteLength(text) };
}

/** CreateHandler for the `from` form: reuses the base's layers, replaces params/system, writes the manifest. */
export async function create(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const body = await bindJson(req, "CreateRequest");
  const raw = typeof body.model === "string" ? body.model : typeof body.name === "string" ? body.name : "";
  const name = parseModelName(raw);
  if (!name) throw new HttpError(400, "invalid model name");
  if (body.files !== undefined || body.adapters !== undefined) throw new HttpError(501, "the simulator creates models only `from` an installed one (no files or adapters)");
  const from = typeof body.from === "string" ? body.from : "";
  if (!from) throw new HttpError(400, "neither 'from' or 'files' was specified");
  const fromName = parseModelName(from);
  if (!fromName) throw new HttpError(400, `invalid from name ${goQuote(from)}`);
  // A `from` model that is not installed is pulled first, its progress streamed ahead of the create's own lines; v0.17.4
  // pulls it without `insecure` whatever the request says (so an http registry fails with the HTTPS error).
  const pulled: object[] = [];
  let base = st.volume.getManifest(displayShortest(fromName));
  if (!base) {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    try {
      await pullModel(st, displayShortest(fromName), (p) => pulled.push(p), abort.signal, { insecure: false });
    } catch (error) {
      const message = (error as Error).message;
      if (body.stream === false) return sendJson(res, 500, { error: message }, "application/json");
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      for (const line of [...pulled, { error: message }]) res.write(`${goJson(line)}\n`);
      return void res.end();
    }
    base = st.volume.getManifest(displayShortest(fromName));
  }
  const model = base && (st.catalogue.byDigest(base.digest) ?? st.catalogue.get(base.name));
  if (!base || !model) throw new HttpError(404, `model ${goQuote(from)} not found`);
  const parameters = typeof body.parameters === "object" && body.parameters !== null ? (body.parameters as Record<string, unknown>) : undefined;
  const system = typeof body.system === "string" ? body.system : undefined;

  // The base's parameters stay unless the request names them (the params layer is rewritten whole, merged).
  const family = model.spec.family;
  const merged = parameters ? { ...(family.params?.values ?? {}), ...parameters } : undefined;
  const layers = base.manifest.layers.filter((l) => !(parameters && l.mediaType === LAYER_MEDIA.params) && !(system !== undefined && l.mediaType === LAYER_MEDIA.system));
  const added: Layer[] = [];
  if (system !== undefined) added.push(textLayer(LAYER_MEDIA.system, system));
  if (merged) added.push(textLayer(LAYER_MEDIA.params, JSON.stringify(merged)));
  const config = { ...base.manifest.config, digest: fakeDigest(`config\n${base.manifest.config.digest}\n${JSON.stringify(added)}`) };
  const manifest: Manifest = { ...base.manifest, config, layers: [...layers, ...added] };
  for (const blob of [...added, config]) if (!st.volume.hasBlob(blob.digest)) st.volume.addBlob(blob.digest, blob.size);
  const target = displayShortest(name);
  const stored = st.volume.writeManifest(st.volume.getManifest(target)?.name ?? target, manifest);
  const manifestJson = serializeManifest(manifest);
  const spec = {
    ...model.spec,
    family: {
      ...family,
      ...(system !== undefined ? { system: { text: system, size: Buffer.byteLength(system) } } : {}),
      ...(merged ? { params: { size: Buffer.byteLength(JSON.stringify(merged)), values: merged } } : {}),
    },
  };
  st.catalogue.register({ ...model, spec, parentModel: base.name, name: stored.name, manifest, manifestJson, digest: sha256Hex(manifestJson), size: manifestBlobs(manifest).reduce((n, l) => n + l.size, 0) });

  const lines = [
    ...pulled,
    ...layers.map((l) => ({ status: `using existing layer ${l.digest}` })),
    ...added.map((l) => ({ status: `creating new layer ${l.digest}` })),
    { status: "writing manifest" },
    { status: "success" },
  ];
  if (body.stream === false) return sendJson(res, 200, { status: "success" });
  res.writeHead(200, { "Content-Type": "application/x-ndjson" });
  for (const line of lines) res.write(`${goJson(line)}\n`);
  res.end();
}
