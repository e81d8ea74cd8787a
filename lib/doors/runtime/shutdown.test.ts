import { describe, expect, it } from "vitest";
import { isShuttingDown, onShutdown, shutdown, shutdownSignal } from "./shutdown";

describe("shutdown", () => {
  it("aborts the signal, runs each named hook once, and does not wait past its budget for a stuck one", async () => {
    const ran: string[] = [];
    onShutdown("a", () => void ran.push("a-old"));
    onShutdown("a", () => void ran.push("a"));
    onShutdown("slow", () => new Promise<void>((resolve) => setTimeout(() => (ran.push("slow"), resolve()), 60_000).unref()));
    onShutdown("broken", () => Promise.reject(new Error("boom")));
    expect(isShuttingDown()).toBe(false);
    const started = Date.now();
    await shutdown(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(shutdownSignal().aborted).toBe(true);
    expect(ran).toEqual(["a"]);
  });
});
