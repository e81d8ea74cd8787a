import { describe, expect, it } from "vitest";
import { facets, matches, mergeRecords } from "./filter";
import type { AuditRecord } from "./types";

const alice = { id: "alice", name: "alice", role: "operator" as const };
const r = (id: string, time: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  id,
  time,
  user: alice,
  action: "ModelDeleted",
  subject: "llama3.2:3b",
  outcome: "success",
  ...extra,
});

describe("activity filter", () => {
  const failedSignIn = r("2", "2026-01-01T10:00:00.000Z", { user: null, action: "SignIn", subject: "mallory", outcome: "failure", message: "wrong user name or password" });
  const deleted = r("1", "2026-01-01T09:00:00.000Z");

  it("filters by user (anonymous = nobody signed in), action, outcome and free text", () => {
    expect(matches(deleted, { user: "ALICE" })).toBe(true);
    expect(matches(failedSignIn, { user: "anonymous" })).toBe(true);
    expect(matches(failedSignIn, { user: "alice" })).toBe(false);
    expect(matches(deleted, { action: "SignIn" })).toBe(false);
    expect(matches(failedSignIn, { outcome: "failure", action: "SignIn" })).toBe(true);
    expect(matches(failedSignIn, { q: "WRONG user" })).toBe(true);
    expect(matches(deleted, { q: "llama3.2" })).toBe(true);
    expect(matches(deleted, { q: "qwen" })).toBe(false);
  });

  it("merges both copies without duplicates, newest first", () => {
    const merged = mergeRecords([deleted, failedSignIn], [failedSignIn, r("0", "2026-01-01T08:00:00.000Z")]);
    expect(merged.map((x) => x.id)).toEqual(["2", "1", "0"]);
  });

  it("lists distinct users and actions for the menus", () => {
    expect(facets([deleted, failedSignIn, deleted])).toEqual({ users: ["alice", "anonymous"], actions: ["ModelDeleted", "SignIn"] });
  });
});
