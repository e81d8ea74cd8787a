import { describe, expect, it } from "vitest";
import { clientIp, isSameOrigin, isSecure, publicOrigin, trustedForwardedHeaders } from "./origin";

const direct = { url: undefined, trustProxy: false };
const behindTraefik = { url: undefined, trustProxy: true };
const pinned = { url: "https://ops.example.com/", trustProxy: false };
const h = (init: Record<string, string>) => new Headers(init);

describe("publicOrigin / isSecure", () => {
  const forwarded = h({ host: "10.0.0.5:3000", "x-forwarded-host": "ops.example.com", "x-forwarded-proto": "https" });

  it("ignores X-Forwarded-* unless the proxy is trusted", () => {
    expect(publicOrigin(forwarded, direct)).toBe("http://10.0.0.5:3000");
    expect(isSecure(forwarded, direct)).toBe(false);
  });

  it("honours X-Forwarded-Host/Proto behind a trusted proxy (first hop of a list)", () => {
    expect(publicOrigin(forwarded, behindTraefik)).toBe("https://ops.example.com");
    expect(isSecure(h({ host: "x", "x-forwarded-proto": "https, http" }), behindTraefik)).toBe(true);
  });

  it("prefers the configured public URL", () => {
    expect(publicOrigin(forwarded, pinned)).toBe("https://ops.example.com");
    expect(isSecure(h({ host: "x" }), pinned)).toBe(true);
  });
});

describe("isSameOrigin", () => {
  it.each([
    [{ "sec-fetch-site": "same-origin" }, true],
    [{ "sec-fetch-site": "none" }, true],
    [{ "sec-fetch-site": "same-site", origin: "http://ops.example.com" }, false],
    [{ "sec-fetch-site": "cross-site", origin: "http://ops.example.com" }, false],
    [{ origin: "http://ops.example.com" }, true],
    [{ origin: "https://ops.example.com" }, true],
    [{ origin: "https://evil.example" }, false],
    [{ origin: "null" }, false],
    [{}, true],
  ])("%o → %s", (headers, expected) => {
    expect(isSameOrigin(h({ host: "ops.example.com", ...headers }), direct)).toBe(expected);
  });

  it("compares Origin with the forwarded host behind a trusted proxy", () => {
    const req = h({ host: "10.0.0.5:3000", "x-forwarded-host": "ops.example.com", origin: "https://ops.example.com" });
    expect(isSameOrigin(req, behindTraefik)).toBe(true);
    expect(isSameOrigin(req, direct)).toBe(false);
  });
});

describe("clientIp", () => {
  it("takes the last hop, which the proxy appended", () => {
    expect(clientIp(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp(h({}))).toBe("unknown");
  });
});

describe("trustedForwardedHeaders", () => {
  it("replaces made-up forwarded headers with the trusted origin", () => {
    const out = trustedForwardedHeaders(h({ host: "127.0.0.1:3100", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }), direct);
    expect(out.get("x-forwarded-host")).toBe("127.0.0.1:3100");
    expect(out.get("x-forwarded-proto")).toBe("http");
  });
});
