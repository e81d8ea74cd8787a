import { describe, expect, it } from "vitest";
import { pullsInsecurely } from "./index.ts";

describe("pullsInsecurely", () => {
  it("sends insecure only for a model whose registry host is listed", () => {
    const hosts = ["127.0.0.1:5000"];
    expect(pullsInsecurely("127.0.0.1:5000/library/tiny:latest", hosts)).toBe(true);
    expect(pullsInsecurely("127.0.0.1:5000/library/tiny", hosts)).toBe(true);
    expect(pullsInsecurely("llama3.2:latest", hosts)).toBe(false);
    expect(pullsInsecurely("127.0.0.1:5001/library/tiny:latest", hosts)).toBe(false);
    expect(pullsInsecurely("127.0.0.1:5000/library/tiny:latest", [])).toBe(false);
  });

  it("matches the host case-insensitively, as the allow-list does", () => {
    expect(pullsInsecurely("Mirror.LAN:5000/library/tiny:latest", ["mirror.lan:5000"])).toBe(true);
  });
});
