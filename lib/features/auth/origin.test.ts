import { describe, expect, it } from "vitest";
import { clientIp, isSameOrigin, PEER_HEADER, isSecure, publicOrigin, trustedForwardedHeaders } from "./origin";

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
  it("without a trusted proxy, takes the TCP peer and ignores X-Forwarded-For (issue 12, finding 4)", () => {
    for (let i = 0; i < 25; i++) {
      expect(clientIp(h({ [PEER_HEADER]: "198.51.100.9", "x-forwarded-for": `10.9.${i}.1` }), direct)).toBe("198.51.100.9");
    }
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.7" }), direct)).toBe("unknown");
    expect(clientIp(h({ [PEER_HEADER]: "::ffff:127.0.0.1" }), direct)).toBe("127.0.0.1");
  });

  it("behind the trusted proxy, takes the right-most hop (the one the proxy saw), never the client's own entries", () => {
    expect(clientIp(h({ [PEER_HEADER]: "10.42.0.7", "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), behindTraefik)).toBe("203.0.113.7");
    expect(clientIp(h({ [PEER_HEADER]: "10.42.0.7" }), behindTraefik)).toBe("10.42.0.7");
    expect(clientIp(h({ [PEER_HEADER]: "10.42.0.7", "x-forwarded-for": "1.1.1.1, not-an-ip" }), behindTraefik)).toBe("10.42.0.7");
    expect(clientIp(h({}), behindTraefik)).toBe("unknown");
  });
});

describe("trustedForwardedHeaders", () => {
  it("replaces made-up forwarded headers with the trusted origin", () => {
    const out = trustedForwardedHeaders(h({ host: "127.0.0.1:3100", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }), direct);
    expect(out.get("x-forwarded-host")).toBe("127.0.0.1:3100");
    expect(out.get("x-forwarded-proto")).toBe("http");
  });
});
