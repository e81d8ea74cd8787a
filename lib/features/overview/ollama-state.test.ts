import { describe, expect, it } from "vitest";
import { failureKind, lastKnownLoaded, rememberLoaded } from "./ollama-state";

describe("failureKind", () => {
  it("names connection refused, DNS, timeout and TLS", () => {
    expect(failureKind("Ollama API unreachable: connection refused")).toBe("connection refused");
    expect(failureKind("Ollama API unreachable: host not found (DNS)")).toBe("DNS");
    expect(failureKind("Ollama API unreachable: timed out")).toBe("timeout");
    expect(failureKind("Ollama API unreachable: TLS certificate expired")).toBe("TLS");
    expect(failureKind("Ollama API error (HTTP 500): boom")).toBe("HTTP error");
    expect(failureKind("something else")).toBeUndefined();
  });
});

describe("last known loaded list", () => {
  it("keeps the last successful read per URL", () => {
    expect(lastKnownLoaded("http://a")).toBeUndefined();
    rememberLoaded("http://a", [], "2026-11-26T12:00:00.000Z");
    expect(lastKnownLoaded("http://a")).toEqual({ models: [], at: "2026-11-26T12:00:00.000Z" });
    expect(lastKnownLoaded("http://b")).toBeUndefined();
  });
});
