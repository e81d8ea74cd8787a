import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors";
import { createDelivery } from "./delivery";
import type { AuditRecord } from "./types";

const record = (id: string): AuditRecord => ({ id, time: new Date().toISOString(), user: null, action: "SignIn", subject: "x", outcome: "failure" });

afterEach(() => vi.restoreAllMocks());

describe("audit delivery", () => {
  it("writes records in order, one at a time, without making the caller wait", async () => {
    const written: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const d = createDelivery(async (r) => {
      await gate;
      written.push(r.id);
    });
    d.enqueue(record("a"));
    d.enqueue(record("b"));
    expect(d.pending()).toBe(2);
    release();
    await vi.waitFor(() => expect(written).toEqual(["a", "b"]));
    expect(d.pending()).toBe(0);
  });

  it("retries quietly while the API is down: one warning, then a recovery line", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockReturnValue(true);
    const stdout = vi.spyOn(process.stdout, "write").mockReturnValue(true);
    let down = 3;
    const written: string[] = [];
    const d = createDelivery((r) => {
      if (down-- > 0) return Promise.reject(new AppError("unreachable", "Kubernetes API unreachable: connection refused", "kubernetes"));
      written.push(r.id);
      return Promise.resolve();
    }, [5]);
    d.enqueue(record("a"));
    d.enqueue(record("b"));
    await vi.waitFor(() => expect(written).toEqual(["a", "b"]));
    const warnings = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("not recorded in Kubernetes"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("connection refused");
    expect(stdout.mock.calls.map((c) => String(c[0])).some((l) => l.includes("reaching Kubernetes again"))).toBe(true);
  });

  it("drops a record the API server rejects as invalid instead of blocking the queue", async () => {
    vi.spyOn(process.stderr, "write").mockReturnValue(true);
    const written: string[] = [];
    const d = createDelivery((r) => {
      if (r.id === "bad") return Promise.reject(new AppError("invalid", "Event is invalid", "kubernetes"));
      written.push(r.id);
      return Promise.resolve();
    }, [5]);
    d.enqueue(record("bad"));
    d.enqueue(record("good"));
    await vi.waitFor(() => expect(written).toEqual(["good"]));
  });
});
