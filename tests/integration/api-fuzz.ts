// Seeded generator of bad API requests for the fuzz test: every one must be refused with a 4xx before any upstream call.
// The same seed gives the same requests, so a failure reproduces with FUZZ_SEED=<seed>.

export interface BadRequest {
  kind: string;
  method: string;
  path: string;
  role: "operator" | "admin";
  headers: Record<string, string>;
  body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
}

/** mulberry32: a small, fast PRNG with a 32-bit state. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRINTABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-:/@ !\"#$%&'()*+,;<=>?[\\]^`{|}~";

/** Names no allowed registry holds or Ollama's grammar refuses. */
function badName(r: () => number, pick: <T>(xs: readonly T[]) => T): string {
  const random = (n: number) => Array.from({ length: n }, () => PRINTABLE[Math.floor(r() * PRINTABLE.length)]).join("");
  const generators: (() => string)[] = [
    () => "",
    () => " ",
    () => `llama3.2 ${random(3)}`,
    () => `${pick(["169.254.169.254", "evil.example", "localhost:11434", "10.0.0.1", "metadata.google.internal", "hf.co"])}/${pick(["x", "library", "ns"])}/${pick(["y", "m", "llama3.2"])}${r() < 0.5 ? ":latest" : ""}`,
    () => `http://registry.ollama.ai/library/${pick(["llama3.2", "x"])}`,
    () => `file:///etc/passwd`,
    () => `llama3.2@sha256:${"a".repeat(64)}`,
    () => "x".repeat(81 + Math.floor(r() * 5_000)),
    () => `../../${random(6)}`,
    () => `${random(1)}${"\u0000\u0007\u001b\u202e\ud800"[Math.floor(r() * 5)]}${random(4)}`,
    () => `-${random(5)}`,
    () => `.${random(5)}`,
    () => `a/b/c/d/${random(3)}`,
    () => `${random(2)}:${"t".repeat(81)}`,
    () => `🦙${random(3)}`,
  ];
  return pick(generators)();
}

/** Values of the wrong type for any field. */
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1e400, true, false, [], ["llama3.2"], {}, { model: "llama3.2" }, 1.5];

/** Request bodies for the mutation routes with their fields and a bad value somewhere. */
function badBody(r: () => number, pick: <T>(xs: readonly T[]) => T, fields: Record<string, () => unknown>): { kind: string; body: string } {
  const names = Object.keys(fields);
  const valid = Object.fromEntries(names.map((n) => [n, fields[n]!()]));
  const kind = pick(["wrong type", "unknown field", "malformed JSON", "not an object", "bad name"] as const);
  if (kind === "wrong type" && names.length) {
    const field = pick(names);
    const wrong = WRONG_TYPES.filter((w) => typeof w !== typeof valid[field]);
    return { kind, body: JSON.stringify({ ...valid, [field]: pick(wrong) }) };
  }
  if (kind === "unknown field" || (kind === "wrong type" && !names.length)) {
    return { kind: "unknown field", body: JSON.stringify({ ...valid, [pick(["modle", "al", "All", "force", "__proto__x", "constructor", "extra", "storageClass"])]: pick(WRONG_TYPES) }) };
  }
  if (kind === "malformed JSON") {
    const text = JSON.stringify(valid);
    return { kind, body: pick([text.slice(0, Math.max(1, Math.floor(r() * text.length))), `${text},`, `{'model': 'x'}`, "{", "]", "\u0000", `{"model": "x"`, "NaN"]) };
  }
  if (kind === "not an object") return { kind, body: pick(["[]", "null", "1", '"llama3.2"', "true", "[{}]"]) };
  return { kind, body: JSON.stringify({ ...valid, ...(names.includes("model") ? { model: badName(r, pick) } : { name: badName(r, pick) }) }) };
}

/** Percent-encoded byte sequences that are not UTF-8. */
const NOT_UTF8 = ["%FF", "%C0%AF", "%E2%82", "%ED%A0%80", "%F8%88%80%80%80", "%FE%FF"];
/** Path segments no snapshot name or pull id can be: not UTF-8, traversal, control characters, upper case, too long. */
const BAD_SEGMENTS = [...NOT_UTF8, "..%2F..%2Fetc", "%00", "%0A", "x%20y", "a".repeat(300), "UPPER", "-x", "%2e%2e"];

/** `count` bad requests from `seed`. */
export function badRequests(seed: number, count: number): BadRequest[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const json = { "content-type": "application/json" };
  const model = () => "llama3.2:1b";
  const makers: (() => Omit<BadRequest, "headers"> & { headers?: Record<string, string> })[] = [
    () => ({ ...badBody(r, pick, { model, override: () => false }), method: "POST", path: "/api/pulls", role: "operator" }),
    () => ({ ...badBody(r, pick, { model }), method: "POST", path: "/api/models/unload", role: "operator" }),
    () => ({ ...badBody(r, pick, { model, snapshotFirst: () => false }), method: "DELETE", path: "/api/models", role: "operator" }),
    () => ({ ...badBody(r, pick, { name: () => "snap-1", className: () => "csi" }), method: "POST", path: "/api/snapshots", role: "operator" }),
    () => ({ ...badBody(r, pick, { name: () => "restored", size: () => pick(["1e400", "99999999999999Ei", "-1", "10 Gi", "0"]) }), method: "POST", path: "/api/snapshots/snap-1/restore", role: "admin" }),
    () => ({ kind: "bad pull id", method: "DELETE", path: `/api/pulls/${pick(BAD_SEGMENTS)}`, role: "operator", body: undefined }),
    () => ({ kind: "bad snapshot name", method: "DELETE", path: `/api/snapshots/${pick(BAD_SEGMENTS)}`, role: "admin", body: undefined }),
    () => ({ kind: "bad snapshot name", method: "POST", path: `/api/snapshots/${pick(BAD_SEGMENTS)}/restore`, role: "admin", body: "{}" }),
    () => ({ kind: "body on a bodiless mutation", method: "DELETE", path: `/api/pulls/00000000-0000-4000-8000-000000000000`, role: "operator", body: JSON.stringify({ force: pick(WRONG_TYPES) }) }),
    () => {
      const route = pick(["details", "delete-impact", "preflight"] as const);
      const path = route === "preflight" ? "/api/pulls/preflight" : `/api/models/${route}`;
      return { kind: "bad name in query", method: "GET", path: `${path}?model=${encodeURIComponent(badName(r, pick).toWellFormed())}`, role: "operator", body: undefined };
    },
    () => ({ kind: "invalid UTF-8 in query", method: "GET", path: `/api/models/details?model=${pick(NOT_UTF8)}`, role: "operator", body: undefined }),
    () => ({ kind: "invalid UTF-8 in body", method: "POST", path: "/api/pulls", role: "operator", body: new Uint8Array([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0x22, 0x7d]) }),
    () => {
      // Huge bodies: rare (they are slow to send), declared or chunked, just over the cap or far over it.
      const size = pick([64 * 1024 + 1, 100 * 1024, 1024 * 1024, 3 * 1024 * 1024]);
      const filler = new Uint8Array(size).fill(0x20);
      if (r() < 0.5) return { kind: "huge body", method: "POST", path: pick(["/api/pulls", "/api/models/unload", "/api/snapshots"]), role: "operator", body: filler };
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent >= size) return c.close();
          sent += 16 * 1024;
          c.enqueue(filler.subarray(0, 16 * 1024));
        },
      });
      return { kind: "huge chunked body", method: "POST", path: "/api/pulls", role: "operator", body };
    },
  ];
  return Array.from({ length: count }, () => {
    const made = pick(makers)();
    return { ...made, headers: { ...(typeof made.body === "string" ? json : {}), ...made.headers } };
  });
}
