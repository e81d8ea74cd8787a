import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { highlight } from "./highlights";
import { parseGoMap, parseHumanBytes, parseLine, parseSlogPairs } from "./parse";
import { offloadReason, SignalTracker } from "./signals";

const SAMPLE = readFileSync(new URL("./testdata/ollama-0.17.4.log", import.meta.url), "utf8").trimEnd().split("\n");
const line = (needle: string) => {
  const found = SAMPLE.find((l) => l.includes(needle));
  if (!found) throw new Error(`sample has no line with ${needle}`);
  return parseLine(found);
};

describe("parseLine", () => {
  it("reads slog's text format behind the kubelet timestamp", () => {
    const l = line('msg="inference compute"');
    expect(l.time).toBe("2026-03-01T10:00:01.500000000Z");
    expect(l.level).toBe("info");
    expect(l.source).toBe("types.go:42");
    expect(l.attrs).toMatchObject({ library: "CUDA", description: "NVIDIA GeForce RTX 3090", filter_id: "", total: "24.0 GiB" });
    expect(l.text.startsWith("time=2026-03-01T10:00:01.500Z")).toBe(true);
  });

  it("reads quoted keys and escaped quotes", () => {
    expect(parseSlogPairs('msg="loading model" "model layers"=33 requested=-1')).toEqual([
      ["msg", "loading model"],
      ["model layers", "33"],
      ["requested", "-1"],
    ]);
    expect(parseSlogPairs('msg="say \\"hi\\"" n=1')).toEqual([["msg", 'say "hi"'], ["n", "1"]]);
    expect(parseSlogPairs('msg="unterminated')).toBeUndefined();
  });

  it("maps levels, including slog's offsets like DEBUG-4", () => {
    expect(line("llama runner terminated").level).toBe("error");
    expect(line("model request too large").level).toBe("warn");
    expect(line("trace-level detail").level).toBe("debug");
  });

  it("keeps llama.cpp, Gin and unknown lines whole, with a level only when an error marker says so", () => {
    expect(line("cudaMalloc failed").level).toBe("error");
    const gin = line("[GIN]");
    expect(gin.level).toBe("other");
    expect(gin.msg).toContain('"/api/tags"');
    const unknown = line("brand new shape");
    expect(unknown).toMatchObject({ level: "other", msg: "something a future Ollama prints in a brand new shape", attrs: {} });
  });

  it("reads a line without the kubelet timestamp", () => {
    const l = parseLine('time=2026-03-01T10:00:00.101Z level=INFO source=x.go:1 msg=plain');
    expect(l).toMatchObject({ time: "2026-03-01T10:00:00.101Z", msg: "plain", level: "info" });
  });
});

describe("parseHumanBytes and parseGoMap", () => {
  it("reads format.HumanBytes2 and refuses anything else", () => {
    expect(parseHumanBytes("24.0 GiB")).toBe(24 * 1024 ** 3);
    expect(parseHumanBytes("320.0 MiB")).toBe(320 * 1024 ** 2);
    expect(parseHumanBytes("512 B")).toBe(512);
    expect(parseHumanBytes("0 B")).toBe(0);
    expect(parseHumanBytes("24 GB")).toBeUndefined();
    expect(parseHumanBytes("lots")).toBeUndefined();
    expect(parseHumanBytes(undefined)).toBeUndefined();
  });

  it("reads the server config map, bracketed values and empty values included", () => {
    const env = parseGoMap(line('msg="server config"').attrs.env ?? "");
    expect(env?.OLLAMA_KEEP_ALIVE).toBe("30m0s");
    expect(env?.OLLAMA_HOST).toBe("http://0.0.0.0:11434");
    expect(env?.OLLAMA_ORIGINS).toMatch(/^\[http:\/\/localhost .* vscode-file:\/\/\*\]$/);
    expect(env?.OLLAMA_KV_CACHE_TYPE).toBe("");
    expect(env?.no_proxy).toBe("");
    expect(Object.keys(env ?? {})).not.toContain("https");
    expect(parseGoMap("map[]")).toEqual({});
    expect(parseGoMap("{OLLAMA_HOST: x}")).toBeUndefined();
  });
});

describe("highlight", () => {
  it("explains the lines that matter", () => {
    expect(highlight(line("no space left on device"))?.kind).toBe("disk-full");
    expect(highlight(line("cudaMalloc failed"))?.kind).toBe("oom");
    expect(highlight(line("model request too large"))?.kind).toBe("oom");
    expect(highlight(line("llama runner started in 3.01"))?.explanation).toContain("3.01 s");
    expect(highlight(line('msg="offloaded 20/33'))).toMatchObject({ kind: "offload", severity: "warn" });
    expect(highlight(line('msg="offloaded 20/33'))?.explanation).toContain("13 run on the CPU");
    expect(highlight(line("offloaded 29/29"))).toMatchObject({ kind: "offload", severity: "info" });
    expect(highlight(line("total unused blobs removed: 2"))?.explanation).toContain("2 unused blob");
    expect(highlight(line("llama runner terminated"))?.kind).toBe("error");
  });

  it("leaves ordinary and unknown lines alone", () => {
    expect(highlight(line("[GIN]"))).toBeUndefined();
    expect(highlight(line("brand new shape"))).toBeUndefined();
    expect(highlight(line("Listening on"))).toBeUndefined();
  });
});

describe("SignalTracker", () => {
  const tracked = () => {
    const t = new SignalTracker();
    for (const l of SAMPLE) t.observe(parseLine(l));
    return t.signals;
  };

  it("builds the GPU inventory from the inference compute lines", () => {
    const s = tracked();
    expect(s.gpus).toHaveLength(2);
    expect(s.gpus[0]).toMatchObject({ name: "CUDA0", description: "NVIDIA GeForce RTX 3090", library: "CUDA", compute: "8.6", driver: "12.4", type: "discrete" });
    expect(s.gpus[0]?.totalBytes).toBe(24 * 1024 ** 3);
    expect(s.gpus[1]?.availableBytes).toBe(Math.round(10.6 * 1024 ** 3));
    expect(s.version).toBe("0.17.4");
    expect(s.defaultContext).toBe(32768);
    expect(s.config?.env.OLLAMA_NUM_PARALLEL).toBe("1");
  });

  it("splits weights and KV cache per device for each load (new engine and llama.cpp)", () => {
    const [partial, full] = tracked().loads;
    expect(partial?.blobDigest).toBe("6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa");
    expect(partial).toMatchObject({ layersOnGpu: 20, layersTotal: 33, loadSeconds: 3.01, totalBytes: Math.round(5.4 * 1024 ** 3) });
    expect(partial?.devices).toEqual([
      { device: "CUDA0", weightsBytes: Math.round(2.6 * 1024 ** 3), kvCacheBytes: 320 * 1024 ** 2, graphBytes: 560 * 1024 ** 2 },
      { device: "CPU", weightsBytes: Math.round(1.8 * 1024 ** 3), kvCacheBytes: 192 * 1024 ** 2, graphBytes: undefined },
    ]);
    expect(full).toMatchObject({ layersOnGpu: 29, layersTotal: 29, loadSeconds: 2 });
    expect(full?.devices.find((d) => d.device === "CUDA0")).toMatchObject({ weightsBytes: Math.round(1918.35 * 1024 ** 2), kvCacheBytes: 448 * 1024 ** 2 });
    expect(full?.devices.find((d) => d.device === "CPU")?.weightsBytes).toBe(Math.round(308.23 * 1024 ** 2));
    expect(full?.failed).toBe("llama runner terminated: exit status 2");
  });

  it("says why a model is partly on the CPU, and unknown when the log does not say", () => {
    const [partial] = tracked().loads;
    expect(offloadReason(partial)).toBe(
      "offloaded 20/33 layers to GPU; the rest run on the CPU; model request too large for system (requested 9.2 GiB, available 7.5 GiB)",
    );
    expect(offloadReason(undefined)).toBe("unknown");
    const t = new SignalTracker();
    t.observe(parseLine('time=x level=INFO source=s.go:1 msg="starting runner" cmd="/usr/bin/ollama runner --model /m/blobs/sha256-x --port 1"'));
    t.observe(parseLine("load_tensors: offloaded some layers to GPU"));
    t.observe(parseLine('time=x level=INFO source=d.go:1 msg="model weights" device=CUDA0 size="lots"'));
    expect(offloadReason(t.signals.loads[0])).toBe("unknown");
    expect(t.signals.loads[0]?.devices[0]?.weightsBytes).toBeUndefined();
  });

  it("starts over when a new process logs its server config", () => {
    const t = new SignalTracker();
    for (const l of SAMPLE) t.observe(parseLine(l));
    t.observe(parseLine(SAMPLE[0] ?? ""));
    expect(t.signals.loads).toEqual([]);
    expect(t.signals.gpus).toEqual([]);
    expect(t.signals.config).toBeDefined();
  });
});

describe("SignalTracker on a log the real ollama v0.17.4 wrote (CPU only, a llama.cpp load of a 1.79 MiB model)", () => {
  const REAL = readFileSync(new URL("./testdata/ollama-0.17.4-cpu-real.log", import.meta.url), "utf8").trimEnd().split("\n");
  const t = new SignalTracker();
  for (const l of REAL) t.observe(parseLine(l));
  const s = t.signals;

  it("ignores the GPU-discovery runner: one load, the model's", () => {
    expect(s.loads).toHaveLength(1);
    expect(s.loads[0]?.blobDigest).toBe("7ecefb38f61adb11c9bdfbd109da1ae9501763b1098925234b162603c42a73f8");
  });

  it("takes what llama.cpp allocated over the scheduler's estimate, without adding them up", () => {
    // "model weights" device=CPU size="1.6 MiB" (estimate), then "CPU model buffer size = 1.79 MiB" (allocated).
    expect(s.loads[0]?.devices).toEqual([{ device: "CPU", weightsBytes: Math.round(1.79 * 1024 ** 2), kvCacheBytes: 256 * 1024, graphBytes: Math.round(4.01 * 1024 ** 2) }]);
    expect(s.loads[0]).toMatchObject({ loadSeconds: 0.38, totalBytes: Math.round(1.9 * 1024 ** 2), failed: undefined });
  });

  it("leaves the layer split unknown when the log does not print it, instead of guessing", () => {
    expect(s.loads[0]).toMatchObject({ layersOnGpu: undefined, layersTotal: undefined });
    expect(offloadReason(s.loads[0])).toBe("unknown");
    expect(s.gpus).toEqual([expect.objectContaining({ id: "cpu", library: "cpu", totalBytes: Math.round(23.5 * 1024 ** 3) })]);
  });
});
