import { describe, expect, it } from "vitest";
import { AppError, upstreamErrorCounts } from "./errors";

const count = (system: string, code: string) => upstreamErrorCounts().find((c) => c.system === system && c.code === code)?.count ?? 0;

describe("upstreamErrorCounts", () => {
  it("counts failures of upstream systems once per raw failure, however often it is re-wrapped", () => {
    const before = count("prometheus", "unreachable");
    const raw = new Error("connect ECONNREFUSED");
    new AppError("unreachable", "Prometheus unreachable", "prometheus", { cause: raw });
    new AppError("unreachable", "Prometheus unreachable (more specific)", "prometheus", { cause: raw });
    new AppError("unreachable", "Prometheus unreachable again", "prometheus");
    expect(count("prometheus", "unreachable")).toBe(before + 2);
  });

  it("leaves out the console's own errors and answers such as not found", () => {
    const before = upstreamErrorCounts();
    new AppError("internal", "bug");
    new AppError("not_found", "no such model", "ollama");
    new AppError("conflict", "resourceVersion changed", "kubernetes");
    new AppError("invalid", "bad name", "ollama");
    expect(upstreamErrorCounts()).toEqual(before);
  });
});
