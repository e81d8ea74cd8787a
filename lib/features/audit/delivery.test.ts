import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../doors/runtime/errors";
import type { AuditBatch } from "./aggregate";
import { createDelivery } from "./delivery";
import type { AuditRecord } from "../../shared/audit/types";

const alice = { id: "alice", name: "alice", role: "operator" as const };
const record = (id: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  id,
  time: new Date().toISOString(),
  user: alice,
  action: "ModelDeleted",
  subject: id,
  outcome: "success",
  ...extra,
});
const ids = (b: AuditBatch) => b.records.map((r) => r.id).join("+");

afterEach(() => vi.restoreAllMocks());

describe("audit delivery", () => {
  it("writes records in order, one at a time, without making the caller wait", async () => {
    const written: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const d = createDelivery(async (b) => {
      await gate;
      written.push(ids(b));
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
    const d = createDelivery((b) => {
      if (down-- > 0) return Promise.reject(new AppError("unreachable", "Kubernetes API unreachable: connection refused", "kubernetes"));
      written.push(ids(b));
      return Promise.resolve();
    }, [5], 0);
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
    const d = createDelivery((b) => {
      if (ids(b) === "bad") return Promise.reject(new AppError("invalid", "Event is invalid", "kubernetes"));
      written.push(ids(b));
      return Promise.resolve();
    }, [5], 0);
    d.enqueue(record("bad"));
    d.enqueue(record("good"));
    await vi.waitFor(() => expect(written).toEqual(["good"]));
  });

  it("folds a flood of repeats into a few paced writes, counting every record (issue 12, finding 2)", async () => {
    const batches: AuditBatch[] = [];
    const started = Date.now();
    const d = createDelivery((b) => {
      batches.push(b);
      return Promise.resolve();
    }, [5], 50);
    // 300 failed sign-ins under made-up names, as fast as a script can send them, plus one real action.
    for (let i = 0; i < 300; i++) d.enqueue(record(`f${i}`, { user: null, action: "SignIn", subject: `spray-${i}`, outcome: "failure" }));
    d.enqueue(record("deleted"));
    await vi.waitFor(() => expect(d.pending()).toBe(0));
    expect(batches.length).toBeLessThanOrEqual(3);
    const signIns = batches.filter((b) => b.records[0]?.action === "SignIn");
    expect(signIns.reduce((n, b) => n + b.count, 0)).toBe(300);
    expect(signIns.at(-1)?.records.at(-1)?.subject).toBe("spray-299");
    expect(signIns.every((b) => b.records.length <= 20)).toBe(true);
    expect(batches.some((b) => ids(b) === "deleted")).toBe(true);
    // Paced: never two writes closer than the gap.
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 * (batches.length - 1));
  });

  it("keeps different users' actions and subjects apart", async () => {
    const batches: AuditBatch[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const d = createDelivery(async (b) => {
      await gate;
      batches.push(b);
    }, [5], 0);
    d.enqueue(record("first"));
    for (const [id, subject] of [["a", "llama3"], ["b", "qwen"], ["c", "llama3"]]) d.enqueue(record(id ?? "", { subject }));
    release();
    await vi.waitFor(() => expect(d.pending()).toBe(0));
    expect(batches.map((b) => `${ids(b)}:${b.count}`)).toEqual(["first:1", "a+c:2", "b:1"]);
  });
});
