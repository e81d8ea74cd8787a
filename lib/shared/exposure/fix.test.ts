import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { exposureFix } from "./fix";

describe("exposureFix", () => {
  it("adds the exposure component, forwardAuth after it, and patches only the host and certificate", () => {
    const fix = exposureFix("ollama.home.example.org", "forwardAuth", "home-tls");
    const k = parse(fix.kustomization) as { components: string[]; patches: { target: object; patch: string }[] };
    expect(k.components).toEqual(["../../../../components/ollama-exposure", "../../../../components/ollama-exposure-forward-auth"]);
    const ops = parse(k.patches[0]!.patch) as { op: string; path: string; value: string }[];
    expect(ops.map((o) => o.path)).toEqual(["/spec/routes/0/match", "/spec/routes/1/match", "/spec/tls/secretName"]);
    expect(ops[0]!.value).toContain("Host(`ollama.home.example.org`) && Method(`POST`)");
    expect(ops[0]!.value).not.toMatch(/pull|delete|create|copy|push|blobs|PathPrefix/);
    expect(ops[2]!.value).toBe("home-tls");
  });

  it("basicAuth needs the Secret; a bad host falls back to the placeholder", () => {
    const fix = exposureFix("evil`) || PathPrefix(`/", "basicAuth", undefined);
    expect(fix.kustomization).not.toContain("ollama-exposure-forward-auth");
    expect(fix.kustomization).toContain("Host(`ollama.example.com`)");
    expect(fix.steps.join("\n")).toContain("ollama-basic-auth");
  });
});
