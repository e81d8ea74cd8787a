import { describe, expect, it } from "vitest";
import type { ProbeEvidence, RouteGuard } from "../../shared/exposure/types";
import { assess } from "./assess";

const closed = (path: string, method = "GET"): ProbeEvidence => ({ request: `${method} ${path}`, path, status: 404, verdict: "closed" });
const allClosed = [closed("/api/tags"), closed("/api/delete", "DELETE"), closed("/api/pull", "POST")];
const route = (name: string, hosts: string[], types?: RouteGuard["middlewares"][number]["types"]): RouteGuard => ({
  kind: "IngressRoute",
  name,
  hosts,
  middlewares: types ? [{ ref: `ollama/${name}-auth`, types }] : [],
});

describe("the exposure verdict when nothing answers at EXTERNAL_URL", () => {
  it("is green when every route to Ollama has an authentication middleware", () => {
    const v = assess(allClosed, [route("ollama", ["ollama.example.com"], ["forwardAuth"])]);
    expect(v).toMatchObject({ level: "green", headline: "No Ollama path answers at EXTERNAL_URL without credentials" });
  });

  it("is amber, naming the route and its host, when a route without authentication serves a host the probe did not reach", () => {
    const v = assess(allClosed, [route("ollama", ["ollama.example.com"]), route("guarded", ["llm.example.com"], ["basicAuth"])]);
    expect(v.level).toBe("amber");
    expect(v.headline).toBe(
      "Nothing answers at EXTERNAL_URL, but IngressRoute ollama (ollama.example.com) sends traffic to Ollama without authentication: set EXTERNAL_URL to that host to check it",
    );
    expect(v.findings).toContain("IngressRoute ollama (ollama.example.com): no middlewares — no authentication middleware");
  });

  it("counts an allow-list or a rate limit as no authentication", () => {
    expect(assess(allClosed, [route("ollama", [], ["ipAllowList", "rateLimit"])]).headline).toContain("IngressRoute ollama (any host) sends traffic");
  });

  it("stays green with no route at all", () => {
    expect(assess(allClosed, []).level).toBe("green");
  });
});
