import { describe, expect, it } from "vitest";
import { PullBytes } from "./pull-bytes";

describe("PullBytes", () => {
  it("counts each job's growth once across scrapes", () => {
    const bytes = new PullBytes();
    expect(bytes.advance([{ id: "a", completedBytes: 100 }])).toBe(100);
    expect(bytes.advance([{ id: "a", completedBytes: 250 }, { id: "b", completedBytes: 50 }])).toBe(200);
    expect(bytes.advance([{ id: "a", completedBytes: 250 }, { id: "b", completedBytes: 50 }])).toBe(0);
  });

  it("counts bytes again after a retry restarts a job, and forgets jobs no longer listed", () => {
    const bytes = new PullBytes();
    bytes.advance([{ id: "a", completedBytes: 400 }]);
    expect(bytes.advance([{ id: "a", completedBytes: 100 }])).toBe(0);
    expect(bytes.advance([{ id: "a", completedBytes: 300 }])).toBe(200);
    expect(bytes.advance([])).toBe(0);
    expect(bytes.advance([{ id: "a", completedBytes: 300 }])).toBe(300);
  });
});
