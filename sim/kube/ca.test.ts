import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCa } from "./ca.ts";

describe("selfSignedCa", () => {
  it("is a self-signed CA certificate that parses whatever its random serial bytes", () => {
    // A first byte of 0 (then one under 0x80) once made a non-minimal INTEGER, which OpenSSL refuses as illegal padding.
    for (const random of [Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]), Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(8, 0xff)]) {
      const cert = new X509Certificate(selfSignedCa("kubernetes", new Date("2026-01-02T03:04:05Z"), random));
      expect([cert.subject, cert.issuer, cert.ca, cert.validFrom]).toEqual(["CN=kubernetes", "CN=kubernetes", true, "Jan  2 03:04:05 2026 GMT"]);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{15}$/);
    }
  });
});
