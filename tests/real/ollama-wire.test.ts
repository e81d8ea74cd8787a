// Raw wire details on both targets: gin's 404/405, bad bodies and names, blob HEADs, show of a missing model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET, startTarget, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
beforeAll(async () => {
  t = await startTarget();
  await t.ollama.pull({ model: t.tiny, insecure: true, stream: false });
});
afterAll(() => t?.close());

const send = async (path: string, body?: unknown, method = "POST") => {
  const res = await fetch(`${t.url}${path}`, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), text };
};

describe(`Ollama wire (${TARGET})`, () => {
  it("answers unknown paths and wrong methods with gin's plain texts", async () => {
    expect(await send("/api/nope", undefined, "GET")).toEqual({ status: 404, type: "text/plain", text: "404 page not found" });
    expect(await send("/api/pull", undefined, "GET")).toEqual({ status: 405, type: "text/plain", text: "405 method not allowed" });
    expect((await fetch(`${t.url}/`, { method: "HEAD" })).status).toBe(200);
  });

  it("rejects missing bodies and invalid names before doing anything", async () => {
    expect(await send("/api/delete", "", "DELETE")).toMatchObject({ status: 400, text: '{"error":"missing request body"}' });
    expect(await send("/api/delete", { model: "a/b/c/d/e" }, "DELETE")).toMatchObject({ status: 400, text: '{"error":"name \\"a/b/c/d/e\\" is invalid"}' });
    expect(await send("/api/pull", { model: "foo bar" })).toMatchObject({ status: 400, text: '{"error":"invalid model name"}' });
    expect(await send("/api/show", { model: "nope" })).toMatchObject({ status: 404, text: `{"error":"model 'nope' not found"}` });
  });

  it("answers HEAD /api/blobs/:digest 200 for a stored blob, 404 for another, 400 for a malformed digest", async () => {
    const head = async (digest: string) => (await fetch(`${t.url}/api/blobs/${digest}`, { method: "HEAD" })).status;
    expect(await head(t.tinyModel.manifest.layers[0]?.digest ?? "")).toBe(200);
    expect(await head(`sha256:${"0".repeat(64)}`)).toBe(404);
    expect(await head("sha256:xyz")).toBe(400);
  });
});
