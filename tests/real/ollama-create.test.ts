// Uploads and models made from them, on both targets: POST /api/blobs/:digest, /api/create with `files` (a GGUF written
// by sim/registry/gguf.ts) and `adapters`, and what tags and show then say. Where they differ, the simulator is wrong.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { tinyAdapterGguf, tinyLlamaGguf, type GgufValue } from "../../sim/registry/gguf.ts";
import { TARGET, mountTmpfs, send, startTarget, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";
import { templateLibrary, type NamedTemplate } from "../../sim/ollama/template-library.ts";
import { templateError } from "../../sim/ollama/template-check.ts";
import { TEMPLATE_CASES, generatedTemplates } from "../support/template-cases.ts";

const digestOf = (bytes: Buffer | string) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const gguf = tinyLlamaGguf({ seed: 7 }).bytes;
const weights = digestOf(gguf);
const adapter = tinyAdapterGguf();
const never = `sha256:${"1".repeat(64)}`;

/** llama3-instruct from Ollama's own library, read from the Go module cache as the simulator reads it (no copy here). */
function llama3OrSkip(ctx: TestContext): NamedTemplate {
  const found = templateLibrary().find((l) => l.name === "llama3-instruct");
  if (!found) ctx.skip("Ollama's template library is not in the Go module cache; `npm run real:ollama` puts it there");
  return found;
}

/** The digest of the params layer a detected template's stop words make (Go's json.Encoder escapes `<` and `>`). */
const stopsDigest = (t: NamedTemplate) => digestOf(`${JSON.stringify({ stop: t.stop }).replaceAll("<", "\\u003c").replaceAll(">", "\\u003e")}\n`);

describe(`uploads and create from files (${TARGET})`, () => {
  let t: OllamaTarget;
  beforeAll(async () => {
    t = await startTarget();
  });
  afterAll(() => t?.close());
  const post = (path: string, body: unknown) => send(t.url, path, body);
  const head = async (digest: string) => (await fetch(`${t.url}/api/blobs/${digest}`, { method: "HEAD" })).status;

  it("takes an upload whose body matches its digest (201), refuses another (400) yet keeps it under its own digest", async () => {
    expect(await head(weights)).toBe(404);
    const wrong = await post(`/api/blobs/${weights}`, "hello");
    expect([wrong.status, JSON.parse(wrong.text)]).toEqual([400, { error: `digest mismatch, expected "${weights}", got "${digestOf("hello")}"` }]);
    expect(await head(digestOf("hello"))).toBe(200);
    expect(await head(weights)).toBe(404);
    expect(await post(`/api/blobs/${weights}`, gguf)).toMatchObject({ status: 201, text: "" });
    expect(await head(weights)).toBe(200);
    // Present already: 200 without reading the body.
    expect(await post(`/api/blobs/${weights}`, "anything")).toMatchObject({ status: 200, text: "" });
    expect(await post("/api/blobs/sha256:abc", "x")).toMatchObject({ status: 400, text: '{"error":"invalid digest format"}' });
  });

  it("creates a model from the uploaded GGUF with the real lines, and describes it from the GGUF's header", async () => {
    const res = await post("/api/create", { model: "t7", files: { "t7.gguf": weights } });
    expect([res.status, res.type]).toEqual([200, "application/x-ndjson"]);
    expect(res.lines).toEqual([{ status: "parsing GGUF" }, { status: `using existing layer ${weights}` }, { status: "writing manifest" }, { status: "success" }]);
    const entry = (await t.ollama.list()).models.find((m) => m.name === "t7:latest");
    // The config blob (ConfigV2 as Go encodes it) is 266 bytes on both; general.file_type 0 reads as "unknown".
    expect(entry?.size).toBe(gguf.length + 266);
    expect(entry?.details).toEqual({ parent_model: "", format: "gguf", family: "llama", families: ["llama"], parameter_size: "470K", quantization_level: "unknown" });

    const show = await t.ollama.show({ model: "t7" });
    const blob = `/blobs/sha256-${weights.slice(7)}`;
    expect(show.details.parent_model).toMatch(new RegExp(`^/\\S+${blob}$`));
    expect(show.template).toBe("{{ .Prompt }}");
    expect([show.license, show.system, show.parameters]).toEqual([undefined, undefined, undefined]);
    expect(show.modelfile).toMatch(new RegExp(`\nFROM /\\S+${blob}\nTEMPLATE \\{\\{ \\.Prompt \\}\\}\n$`));
    const info = show.model_info as unknown as Record<string, unknown>;
    expect(info).toMatchObject({
      "general.architecture": "llama",
      "general.file_type": 0,
      "general.parameter_count": 470144,
      "llama.context_length": 2048,
      "llama.attention.layer_norm_rms_epsilon": 1e-5,
      "tokenizer.ggml.model": "llama",
      "tokenizer.ggml.tokens": null,
    });
    expect(info["general.name"]).toBeUndefined();
    expect(Object.keys(info)).toEqual(Object.keys(info).sort());
    expect((show as unknown as { tensors: unknown[] }).tensors).toHaveLength(21);
    expect(show.capabilities).toEqual(["completion"]);
  });

  it("answers stream:false with one application/json object", async () => {
    const res = await post("/api/create", { model: "t7-quiet", files: { "t7.gguf": weights }, stream: false });
    expect([res.status, res.type, res.text]).toEqual([200, "application/json", '{"status":"success"}']);
  });

  it("refuses a path outside the models dir, an unknown type and a digest never uploaded, with the real texts", async () => {
    const outside = await post("/api/create", { model: "t8", files: { "../x.gguf": weights } });
    expect([outside.status, outside.type, outside.text]).toEqual([400, "application/json; charset=utf-8", '{"error":"file path must be relative"}']);
    expect(await post("/api/create", { model: "t8", files: { "x.bin": never } })).toMatchObject({ status: 400, type: "application/json", text: '{"error":"unknown type"}' });
    expect(await post("/api/create", { model: "t8" })).toMatchObject({ status: 400, text: `{"error":"neither 'from' or 'files' was specified"}` });

    const missing = new RegExp(`^open /\\S+/blobs/sha256-${"1".repeat(64)}: no such file or directory$`);
    const streamed = await post("/api/create", { model: "t8", files: { "x.gguf": never } });
    expect([streamed.status, streamed.lines[0]]).toEqual([200, { status: "parsing GGUF" }]);
    expect(streamed.lines[1]?.error).toMatch(missing);
    expect(streamed.lines).toHaveLength(2);
    const quiet = await post("/api/create", { model: "t8", files: { "x.gguf": never }, stream: false });
    expect([quiet.status, quiet.type]).toEqual([500, "application/json"]);
    expect((JSON.parse(quiet.text) as { error: string }).error).toMatch(missing);
    expect((await t.ollama.list()).models.map((m) => m.name)).not.toContain("t8:latest");
  });

  it("reads a null digest in `files` or `adapters` as the empty one, the blobs folder itself", async () => {
    const folder = /^read \/\S+\/blobs: is a directory$/;
    const streamed = await post("/api/create", { model: "t8", files: { "x.gguf": null } });
    expect([streamed.status, streamed.lines[0], streamed.lines.length]).toEqual([200, { status: "parsing GGUF" }, 2]);
    expect(streamed.lines[1]?.error).toMatch(folder);
    const quiet = await post("/api/create", { model: "t8", files: { "x.gguf": null }, stream: false });
    expect([quiet.status, (JSON.parse(quiet.text) as { error: string }).error]).toEqual([500, expect.stringMatching(folder)]);
    // Without the extension the type is read from the blob's bytes: a folder has none.
    expect(await post("/api/create", { model: "t8", files: { "x.bin": null } })).toMatchObject({ status: 400, text: '{"error":"unknown type"}' });
    const adapter = await post("/api/create", { model: "t8", from: "t7", adapters: { "a.gguf": null }, stream: false });
    expect([adapter.status, (JSON.parse(adapter.text) as { error: string }).error]).toEqual([400, expect.stringMatching(folder)]);
    expect((await t.ollama.list()).models.map((m) => m.name)).not.toContain("t8:latest");
  });

  it("adds one GGUF adapter to a model `from` an installed one; two are refused", async () => {
    const upload = digestOf(adapter);
    expect((await post(`/api/blobs/${upload}`, adapter)).status).toBe(201);
    const res = await post("/api/create", { model: "t7-lora", from: "t7", adapters: { "lora.gguf": upload } });
    expect(res.lines).toEqual([
      { status: "parsing GGUF" },
      { status: `using existing layer ${weights}` },
      { status: `using existing layer ${upload}` },
      { status: "writing manifest" },
      { status: "success" },
    ]);
    const show = await t.ollama.show({ model: "t7-lora" });
    expect(show.details).toMatchObject({ parent_model: "t7:latest", families: ["llama", "llama"], quantization_level: "unknown" });
    expect(show.modelfile).toMatch(new RegExp(`\nADAPTER /\\S+/blobs/sha256-${upload.slice(7)}\n`));
    const entry = (await t.ollama.list()).models.find((m) => m.name === "t7-lora:latest");
    expect(entry?.details.parent_model).toBe("");

    const two = await post("/api/create", { model: "t7-lora2", from: "t7", adapters: { "a.gguf": upload, "b.gguf": upload } });
    expect([two.status, two.type, two.text]).toEqual([400, "application/json", '{"error":"only one adapter is currently supported"}']);
    // An adapter's errors are all 400, even one streamed after `parsing GGUF`.
    const quiet = await post("/api/create", { model: "t7-lora3", from: "t7", adapters: { "a.gguf": never }, stream: false });
    expect(quiet.status).toBe(400);
  });

  it("takes no template from a GGUF whose chat_template is unlike every one Ollama knows (no autodetected line)", async () => {
    const chat_template: GgufValue = { type: "string", value: "{% for m in messages %}{{ m.content }}{% endfor %}" };
    const file = tinyLlamaGguf({ seed: 8, metadata: { "tokenizer.chat_template": chat_template } }).bytes;
    expect((await post(`/api/blobs/${digestOf(file)}`, file)).status).toBe(201);
    const res = await post("/api/create", { model: "t8-jinja", files: { "t8.gguf": digestOf(file) } });
    expect(res.lines).toEqual([{ status: "parsing GGUF" }, { status: `using existing layer ${digestOf(file)}` }, { status: "writing manifest" }, { status: "success" }]);
    const show = await t.ollama.show({ model: "t8-jinja" });
    expect(show.template).toBe("{{ .Prompt }}");
    expect(Object.keys(show.model_info as unknown as Record<string, unknown>)).not.toContain("tokenizer.chat_template");
  });

  it("takes the library template nearest a GGUF's chat_template (a few edits off), with its stop words", async (ctx) => {
    const llama3 = llama3OrSkip(ctx);
    expect(llama3.stop?.length).toBeGreaterThan(0);
    const near = `${llama3.jinja.replace("assistant", "assistent")}\n`;
    const file = tinyLlamaGguf({ seed: 9, metadata: { "tokenizer.chat_template": { type: "string", value: near } } }).bytes;
    expect((await post(`/api/blobs/${digestOf(file)}`, file)).status).toBe(201);
    const res = await post("/api/create", { model: "t9-llama3", files: { "t9.gguf": digestOf(file) } });
    const params = stopsDigest(llama3);
    expect(res.lines).toEqual([
      { status: "parsing GGUF" },
      { status: `using existing layer ${digestOf(file)}` },
      { status: "using autodetected template llama3-instruct" },
      // setParameters removes the detected params layer, whose blob no manifest uses yet, and makes it again.
      { status: `creating new layer ${params}` },
      { status: "writing manifest" },
      { status: "success" },
    ]);
    const show = await t.ollama.show({ model: "t9-llama3" });
    expect(show.template).toBe(llama3.gotmpl);
    expect(show.parameters?.split("\n").map((l) => l.split(/\s+/))).toEqual(llama3.stop?.map((s) => ["stop", JSON.stringify(s)]));
    const stops = llama3.stop?.map((s) => `PARAMETER stop ${s}\n`).join("") ?? "";
    expect(show.modelfile.slice(show.modelfile.indexOf("\nTEMPLATE "))).toBe(`\nTEMPLATE "${llama3.gotmpl}"\n${stops}`);
    // A template in the request replaces the detected one (its line goes too); the stop words stay.
    const own = await post("/api/create", { model: "t9-own", files: { "t9.gguf": digestOf(file) }, template: "{{ .Prompt }}!" });
    expect(own.lines.map((l) => l.status)).toEqual(["parsing GGUF", `using existing layer ${digestOf(file)}`, `creating new layer ${digestOf("{{ .Prompt }}!")}`, `using existing layer ${params}`, "writing manifest", "success"]);
    expect((await t.ollama.show({ model: "t9-own" })).template).toBe("{{ .Prompt }}!");
  });

  it("counts a chat_template's edits in code points and takes the nearest only under 100", async (ctx) => {
    const llama3 = llama3OrSkip(ctx);
    // 🦙 is one code point (two UTF-16 units) found in no library template, so n substitutions are exactly n edits; the
    // other templates are 223 or more from llama3-instruct's, so these stay over 100 from them.
    const edited = (n: number) => Array.from(llama3.jinja, (c, i) => (i % 3 === 0 && i / 3 < n ? "🦙" : c)).join("");
    for (const [n, detected] of [[99, true], [100, false]] as const) {
      const file = tinyLlamaGguf({ seed: 10 + n, metadata: { "tokenizer.chat_template": { type: "string", value: edited(n) } } }).bytes;
      expect((await post(`/api/blobs/${digestOf(file)}`, file)).status).toBe(201);
      const res = await post("/api/create", { model: `t10-${n}`, files: { "t10.gguf": digestOf(file) } });
      expect(res.lines.some((l) => l.status === "using autodetected template llama3-instruct")).toBe(detected);
      expect((await t.ollama.show({ model: `t10-${n}` })).template).toBe(detected ? llama3.gotmpl : "{{ .Prompt }}");
    }
  });

  it("takes a template from an adapter's chat_template too, after the base's layers", async (ctx) => {
    const llama3 = llama3OrSkip(ctx);
    expect([200, 201]).toContain((await post(`/api/blobs/${weights}`, gguf)).status);
    expect((await post("/api/create", { model: "t11", files: { "t11.gguf": weights } })).status).toBe(200);
    const lora = tinyAdapterGguf({ metadata: { "tokenizer.chat_template": { type: "string", value: llama3.jinja } } });
    expect((await post(`/api/blobs/${digestOf(lora)}`, lora)).status).toBe(201);
    const params = stopsDigest(llama3);
    // The stop words' layer is "using existing" when an earlier case's model holds it already.
    const made = (await head(params)) === 200 ? "using existing" : "creating new";
    const res = await post("/api/create", { model: "t11-lora", from: "t11", adapters: { "lora.gguf": digestOf(lora) } });
    expect(res.lines.map((l) => l.status)).toEqual([
      "parsing GGUF",
      `using existing layer ${weights}`,
      `using existing layer ${digestOf(lora)}`,
      "using autodetected template llama3-instruct",
      `${made} layer ${params}`,
      "writing manifest",
      "success",
    ]);
    const show = await t.ollama.show({ model: "t11-lora" });
    expect(show.template).toBe(llama3.gotmpl);
    expect(show.modelfile).toMatch(/\nADAPTER \S+\nTEMPLATE "[^]+\nPARAMETER stop <\|start_header_id\|>\n/);
  });

  it("starts converting a safetensors upload and fails without its config.json, as the converter does", async () => {
    const bytes = Buffer.from("not really tensors");
    expect((await post(`/api/blobs/${digestOf(bytes)}`, bytes)).status).toBe(201);
    const res = await post("/api/create", { model: "t9", files: { "model.safetensors": digestOf(bytes) } });
    expect([res.status, res.lines]).toEqual([200, [{ status: "converting model" }, { error: "open config.json: no such file or directory" }]]);
    const quiet = await post("/api/create", { model: "t9", files: { "model.safetensors": digestOf(bytes) }, stream: false });
    expect([quiet.status, quiet.text]).toEqual([500, '{"error":"open config.json: no such file or directory"}']);
  });

  it("checks a template as Go's parser does: 400 with its error, and no model", async () => {
    const bad = async (template: string) => {
      const res = await post("/api/create", { model: "t7-bad", from: "t7", template });
      expect([res.status, res.type]).toEqual([400, "application/json"]);
      return (JSON.parse(res.text) as { error: string }).error;
    };
    expect(await bad("{{ .Prompt")).toBe("template error: template: :1: unclosed action");
    expect(await bad("{{ .Prompt }}{{ end }}")).toBe("template error: template: :1: unexpected {{end}}");
    expect(await bad("{{ foo .Prompt }}")).toBe('template error: template: :1: function "foo" not defined');
    expect(await bad("line1\n{{ if .System }}x")).toBe("template error: template: :2: unexpected EOF");
    for (const [template, error] of TEMPLATE_CASES) {
      const res = await post("/api/create", { model: "t7-case", from: "t7", template, stream: false });
      const said = res.status === 200 ? undefined : (JSON.parse(res.text) as { error: string }).error;
      expect({ template, status: res.status, said }).toEqual({ template, status: error ? 400 : 200, said: error && `template error: ${error}` });
    }
    const good = "{{- range $i, $m := .Messages }}{{ if eq $m.Role \"user\" }}{{ json $m.Content }}{{ else }}{{ .Content }}{{ end }}{{ end }}";
    expect(await post("/api/create", { model: "t7-good", from: "t7", template: good, stream: false })).toMatchObject({ status: 200 });
    expect((await t.ollama.list()).models.map((m) => m.name)).not.toContain("t7-bad:latest");
  });

  // On the simulator this compares its check with itself; on the real tier it is the proof that the check predicts Ollama.
  it.runIf(TARGET === "real")("answers 500 generated templates, broken in every way, as the simulator's check predicts", async () => {
    const mismatches: unknown[] = [];
    for (const template of generatedTemplates(500)) {
      const res = await post("/api/create", { model: "t7-gen", from: "t7", template, stream: false });
      const said = res.status === 200 ? undefined : (JSON.parse(res.text) as { error: string }).error;
      const predicted = templateError(template);
      if (said !== (predicted && `template error: ${predicted}`)) mismatches.push({ template, said, predicted });
    }
    expect(mismatches).toEqual([]);
  });

  it("refuses to quantize the tiny GGUF (file type 0 reads as unknown) and an unknown type, with a 500", async () => {
    const q4 = await post("/api/create", { model: "t7-q", from: "t7", quantize: "q4_K_M" });
    expect([q4.status, q4.type, q4.text]).toEqual([500, "application/json", '{"error":"quantization is only supported for F16 and F32 models"}']);
    const bogus = await post("/api/create", { model: "t7-q", from: "t7", quantize: "bogus", stream: false });
    expect([bogus.status, JSON.parse(bogus.text)]).toEqual([500, { error: "unsupported quantization type BOGUS - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0" }]);
  });

  it("quantizes an F16 GGUF: a line per tensor, `verifying conversion`, a new layer with each weight in the type the rules pick", async () => {
    const f16 = tinyLlamaGguf({ seed: 10, fileType: "F16" });
    expect((await post(`/api/blobs/${digestOf(f16.bytes)}`, f16.bytes)).status).toBe(201);
    expect((await post("/api/create", { model: "t10-f16", files: { "t10.gguf": digestOf(f16.bytes) }, stream: false })).status).toBe(200);
    expect((await t.ollama.show({ model: "t10-f16" })).details.quantization_level).toBe("F16");
    // Already F16: nothing to do.
    const same = await post("/api/create", { model: "t10-same", from: "t10-f16", quantize: "f16" });
    expect(same.lines.map((l) => l.status)).toEqual([`using existing layer ${digestOf(f16.bytes)}`, "writing manifest", "success"]);

    // The rows of the tiny model (128 or 384 values) split into no 256-value K-quant block: Q4_K falls back to Q5_0,
    // Q5_K to Q5_1, Q6_K to Q8_0; norms stay F32; output.weight takes Q8_0 (Q6_K's fallback) even when F32 is asked.
    const blocks = (attnV: [string, string], ffnDown: [string, string], rest: string) =>
      [0, 1].flatMap((i) => [
        [`blk.${i}.attn_k.weight`, rest],
        [`blk.${i}.attn_norm.weight`, "F32"],
        [`blk.${i}.attn_output.weight`, rest],
        [`blk.${i}.attn_q.weight`, rest],
        [`blk.${i}.attn_v.weight`, attnV[i]],
        [`blk.${i}.ffn_down.weight`, ffnDown[i]],
        [`blk.${i}.ffn_gate.weight`, rest],
        [`blk.${i}.ffn_norm.weight`, "F32"],
        [`blk.${i}.ffn_up.weight`, rest],
      ]);
    // Q8_0 blocks round as real's do, and norms are copied: the whole layer is real's bytes, under real's digest.
    const expected: Record<string, { types: (string | undefined)[][]; size: number; digest?: string }> = {
      Q8_0: { types: [...blocks(["Q8_0", "Q8_0"], ["Q8_0", "Q8_0"], "Q8_0"), ["output.weight", "Q8_0"], ["output_norm.weight", "F32"], ["token_embd.weight", "Q8_0"]], size: 510359, digest: "sha256:90c61a5ce30fc3f1ec1f5382a861ba1f072f2d0f185532e2f2755b64db9e4a3b" },
      Q4_K_M: { types: [...blocks(["Q5_0", "Q8_0"], ["Q5_0", "Q8_0"], "Q5_0"), ["output.weight", "Q8_0"], ["output_norm.weight", "F32"], ["token_embd.weight", "Q5_0"]], size: 370105 },
      Q4_K_S: { types: [...blocks(["Q5_1", "Q5_1"], ["Q5_0", "Q5_0"], "Q5_0"), ["output.weight", "Q8_0"], ["output_norm.weight", "F32"], ["token_embd.weight", "Q5_0"]], size: 349625 },
      F32: { types: [...blocks(["F32", "F32"], ["F32", "F32"], "F32"), ["output.weight", "Q8_0"], ["output_norm.weight", "F32"], ["token_embd.weight", "F32"]], size: 1777482 },
    };
    const shapes = new Map(f16.tensors.map((x) => [x.name, x.shape]));
    for (const [type, want] of Object.entries(expected)) {
      const name = `t10-${type.toLowerCase()}`;
      const res = await post("/api/create", { model: name, from: "t10-f16", quantize: type.toLowerCase() });
      const progress = res.lines.filter((l) => l.status === `quantizing F16 model to ${type}`);
      // One line per tensor (written in parallel on real: the order of the sizes varies, the sum does not).
      expect(progress).toHaveLength(f16.tensors.length);
      expect(new Set(progress.map((l) => [l.digest, l.total].join()))).toEqual(new Set([["0000000000000000000", f16.bytes.length].join()]));
      // Each line's completed is the share of tensor bytes done so far, of the layer's size: all done, all of it.
      const completed = progress.map((l) => Number(l.completed)).sort((a, b) => a - b);
      expect([completed[0], completed.at(-1)]).toEqual([expect.any(Number), f16.bytes.length]);
      expect(new Set(completed).size).toBe(f16.tensors.length);
      // A digest the case knows (Q8_0: real's, which the simulator's bytes match) must be that one; others vary.
      const statuses = res.lines.slice(progress.length).map((l) => String(l.status).replace(/sha256:[0-9a-f]{64}/, (d) => (d === want.digest ? d : "<digest>")));
      expect(statuses).toEqual(["verifying conversion", `creating new layer ${want.digest ?? "<digest>"}`, "writing manifest", "success"]);
      const show = await t.ollama.show({ model: name });
      // An F32 result has general.file_type 0, which reads as unknown (so it could not be quantized again).
      expect([show.details.quantization_level, (show.model_info as unknown as Record<string, unknown>)["general.file_type"]]).toEqual([type === "F32" ? "unknown" : type, { Q8_0: 7, Q4_K_M: 15, Q4_K_S: 14, F32: 0 }[type]]);
      const tensors = (show as unknown as { tensors: { name: string; type: string; shape: number[] }[] }).tensors;
      expect(tensors).toEqual(want.types.map(([n, ty]) => ({ name: n, type: ty, shape: shapes.get(n ?? "") })));
      // The formats fix the new layer's size (and the config's): the same on both, whatever the quantized values.
      expect((await t.ollama.list()).models.find((m) => m.name === `${name}:latest`)?.size).toBe(want.size);
    }
  });

  it("stores `messages` as a layer that show lists and writes as MESSAGE lines; a create without any keeps the base's", async () => {
    const sent = [{ role: "User", content: "hi <there>" }, { role: "assistant", content: "hello & bye" }];
    const stored = '[{"role":"user","content":"hi \\u003cthere\\u003e"},{"role":"assistant","content":"hello \\u0026 bye"}]\n';
    const res = await post("/api/create", { model: "t7-chat", from: "t7", messages: sent });
    expect(res.lines).toEqual([
      { status: `using existing layer ${weights}` },
      { status: `creating new layer ${digestOf(stored)}` },
      { status: "writing manifest" },
      { status: "success" },
    ]);
    const expected = [{ role: "user", content: "hi <there>" }, { role: "assistant", content: "hello & bye" }];
    const show = await t.ollama.show({ model: "t7-chat" });
    expect(show.messages).toEqual(expected);
    expect(show.modelfile).toMatch(/\nTEMPLATE \{\{ \.Prompt \}\}\nMESSAGE user hi <there>\nMESSAGE assistant hello & bye\n$/);

    await post("/api/create", { model: "t7-kept", from: "t7-chat" });
    expect((await t.ollama.show({ model: "t7-kept" })).messages).toEqual(expected);
    await post("/api/create", { model: "t7-again", from: "t7-chat", messages: [{ role: "user", content: "again" }] });
    expect((await t.ollama.show({ model: "t7-again" })).messages).toEqual([{ role: "user", content: "again" }]);
    expect((await t.ollama.show({ model: "t7" })).messages).toBeUndefined();
  });

  it("answers binding's type errors with 400 before any line; a null message is an empty one; a wrong license fails after parsing", async () => {
    const refused = async (extra: Record<string, unknown>) => {
      const res = await post("/api/create", { model: "t7-typed", files: { "t7.gguf": weights }, ...extra });
      return [res.status, res.text];
    };
    const unmarshal = (kind: string, field: string, type: string) => [400, JSON.stringify({ error: `json: cannot unmarshal ${kind} into Go struct field CreateRequest.${field} of type ${type}` })];
    expect(await refused({ messages: "hi" })).toEqual(unmarshal("string", "messages", "[]api.Message"));
    expect(await refused({ messages: [5] })).toEqual(unmarshal("number", "messages", "api.Alias"));
    expect(await refused({ messages: [{ role: "user", content: true }] })).toEqual(unmarshal("bool", "messages.content", "string"));
    expect(await refused({ parameters: ["x"] })).toEqual(unmarshal("array", "parameters", "map[string]interface {}"));
    expect(await refused({ stream: "no" })).toEqual(unmarshal("string", "stream", "bool"));
    expect(await refused({ template: 1 })).toEqual(unmarshal("number", "template", "string"));
    expect(await t.ollama.list().then((l) => l.models.map((m) => m.name))).not.toContain("t7-typed:latest");

    const license = await post("/api/create", { model: "t7-typed", files: { "t7.gguf": weights }, license: 5 });
    expect(license.lines).toEqual([{ status: "parsing GGUF" }, { error: "json: cannot unmarshal number into Go value of type []string" }]);

    const empty = await post("/api/create", { model: "t7-typed", files: { "t7.gguf": weights }, messages: [null], stream: false });
    expect([empty.status, empty.text]).toEqual([200, '{"status":"success"}']);
    expect((await t.ollama.show({ model: "t7-typed" })).messages).toEqual([{ role: "", content: "" }]);
  });
});

describe(`an upload to a full models filesystem (${TARGET})`, () => {
  it("fails with the ENOSPC text of the temp file the upload was going to", async (ctx) => {
    if (TARGET === "real") {
      const probe = mountTmpfs(1 << 20);
      if ("reason" in probe) return ctx.skip(`no size-limited mount here (${probe.reason}); see docs/real-ollama.md`);
      probe.unmount();
    }
    const t = await startTarget({ capacityBytes: 1 << 20 });
    try {
      const res = await send(t.url, `/api/blobs/${weights}`, gguf);
      expect([res.status, res.type]).toEqual([500, "application/json; charset=utf-8"]);
      expect((JSON.parse(res.text) as { error: string }).error).toMatch(/^write \/\S+\/blobs\/sha256-\d+: no space left on device$/);
      expect((await fetch(`${t.url}/api/blobs/${weights}`, { method: "HEAD" })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe(`quantizing to the K-quant formats (${TARGET})`, () => {
  // Rows of 256 and 512 values split into K-quant superblocks: Q4_K, Q5_K and Q6_K are written, not their fallbacks.
  const f16 = tinyLlamaGguf({ seed: 12, embedding: 256, feedForward: 512, fileType: "F16" });
  const source = digestOf(f16.bytes);
  let t: OllamaTarget;
  beforeAll(async () => {
    t = await startTarget();
    expect((await send(t.url, `/api/blobs/${source}`, f16.bytes)).status).toBe(201);
    expect((await send(t.url, "/api/create", { model: "k-f16", files: { "k.gguf": source }, stream: false })).status).toBe(200);
  });
  afterAll(() => t?.close());
  const post = (path: string, body: unknown) => send(t.url, path, body);
  const shapes = new Map(f16.tensors.map((x) => [x.name, x.shape]));
  /** Tensors in the order quantize writes them (by block, then name), each in `rest` unless `types` names it. */
  const layout = (rest: string, types: Record<string, string>) =>
    [...f16.tensors.map((x) => x.name)]
      .sort((a, b) => (/^blk\./.test(a) === /^blk\./.test(b) ? (a < b ? -1 : 1) : /^blk\./.test(a) ? -1 : 1))
      .map((name) => ({ name, type: types[name] ?? (name.endsWith("norm.weight") ? "F32" : rest), shape: shapes.get(name) }));

  it("writes each weight in the type the rules pick (Q6_K more-bits layers and output, Q5_K attn_v, BF16), at real's exact sizes", async () => {
    // Sizes follow from the formats (Q4_K 144, Q5_K 176, Q6_K 210 bytes per 256 values): equal on both targets. They
    // are the model's (the new layer's and the config's, which names the file type).
    const expected: Record<string, { types: Record<string, string>; rest: string; size: number; digest?: string }> = {
      Q4_K_M: { rest: "Q4_K", types: { "blk.1.attn_v.weight": "Q6_K", "blk.1.ffn_down.weight": "Q6_K", "output.weight": "Q6_K" }, size: 825354 },
      Q4_K_S: { rest: "Q4_K", types: { "blk.0.attn_v.weight": "Q5_K", "blk.1.attn_v.weight": "Q5_K", "output.weight": "Q6_K" }, size: 791306 },
      Q8_0: { rest: "Q8_0", types: {}, size: 1429544, digest: "sha256:91dacfdc536f3b5482236e5388804a5d54239bfa8ab09eadffebc5bc1683b963" },
      // Even an F32 file takes output.weight in Q6_K (F32 is not Q8_0, and its rows split into 256-value blocks).
      F32: { rest: "F32", types: { "output.weight": "Q6_K" }, size: 5100395 },
      // BF16 is not in the list an unknown type's error prints, yet ParseFileType takes it.
      BF16: { rest: "BF16", types: { "output.weight": "Q6_K" }, size: 2588520 },
    };
    for (const [type, want] of Object.entries(expected)) {
      const name = `k-${type.toLowerCase()}`;
      const res = await post("/api/create", { model: name, from: "k-f16", quantize: type === "Q4_K_M" ? "q4_K" : type.toLowerCase() });
      expect(res.status).toBe(200);
      const status = type === "Q4_K_M" ? "quantizing F16 model to Q4_K" : `quantizing F16 model to ${type}`;
      const progress = res.lines.filter((l) => l.status === status);
      expect(progress).toHaveLength(f16.tensors.length);
      expect(Math.max(...progress.map((l) => Number(l.completed)))).toBe(f16.bytes.length);
      // A digest the case knows (Q8_0: real's, which the simulator's bytes match) must be that one; others vary.
      const statuses = res.lines.slice(progress.length).map((l) => String(l.status).replace(/sha256:[0-9a-f]{64}/, (d) => (d === want.digest ? d : "<digest>")));
      expect(statuses).toEqual(["verifying conversion", `creating new layer ${want.digest ?? "<digest>"}`, "writing manifest", "success"]);
      const show = (await t.ollama.show({ model: name })) as unknown as { details: { quantization_level: string }; model_info: Record<string, unknown>; tensors: unknown[] };
      expect([show.details.quantization_level, show.model_info["general.file_type"], show.model_info["general.parameter_count"]]).toEqual([
        type === "F32" ? "unknown" : type,
        { Q4_K_M: 15, Q4_K_S: 14, Q8_0: 7, F32: 0, BF16: 32 }[type],
        f16.parameterCount,
      ]);
      expect(show.tensors).toEqual(layout(want.rest, want.types));
      const model = (await t.ollama.list()).models.find((m) => m.name === `${name}:latest`);
      expect(model?.size).toBe(want.size);
    }
  });

  it("quantizes `files` in the same request to the same layer, refuses a quantized model, and the result runs", async () => {
    const quantized = (await t.ollama.show({ model: "k-q4_k_m" })) as unknown as { modelfile: string };
    const digest = /FROM \S+sha256-([0-9a-f]{64})/.exec(quantized.modelfile)?.[1];
    // The encoding is deterministic on both (each its own): quantizing the same file again finds the same blob.
    const res = await post("/api/create", { model: "k-files", files: { "k.gguf": source }, quantize: "Q4_K_M" });
    expect(res.lines.filter((l) => !String(l.status).startsWith("quantizing")).map((l) => l.status)).toEqual([
      "parsing GGUF",
      "verifying conversion",
      `using existing layer sha256:${digest}`,
      "writing manifest",
      "success",
    ]);
    const again = await post("/api/create", { model: "k-again", from: "k-q4_k_m", quantize: "q8_0" });
    expect([again.status, again.text]).toEqual([500, '{"error":"quantization is only supported for F16 and F32 models"}']);
    // Real loads the K-quant tensors on its CPU backend and predicts; the simulator answers any model.
    const out = await t.ollama.generate({ model: "k-q4_k_m", prompt: "hello", stream: false, options: { num_predict: 2, temperature: 0 } });
    expect([out.done, out.eval_count]).toEqual([true, 2]);
  });

  it("gives Qwen3.5's tensors the fixed types its rule names (attn_v in Q6_K in Q4_K_S too), the rest as for llama", async () => {
    const qwen = tinyLlamaGguf({ seed: 12, embedding: 256, feedForward: 512, fileType: "F16", metadata: { "general.architecture": { type: "string", value: "qwen35" } } });
    expect((await post(`/api/blobs/${digestOf(qwen.bytes)}`, qwen.bytes)).status).toBe(201);
    const res = await post("/api/create", { model: "k-qwen", files: { "q.gguf": digestOf(qwen.bytes) }, quantize: "q4_K_S", stream: false });
    expect([res.status, res.text]).toEqual([200, '{"status":"success"}']);
    const show = (await t.ollama.show({ model: "k-qwen" })) as unknown as { details: { family: string }; tensors: unknown[] };
    expect(show.details.family).toBe("qwen35");
    expect(show.tensors).toEqual(layout("Q4_K", { "blk.0.attn_v.weight": "Q6_K", "blk.1.attn_v.weight": "Q6_K", "output.weight": "Q6_K" }));
  });
});
