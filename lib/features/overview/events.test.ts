import type { CoreV1Event } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { summarizeEvent } from "../../doors/kubernetes/events";
import { recentWarnings } from "./events";

function event(name: string, fields: object): CoreV1Event {
  return {
    metadata: { name, uid: name, creationTimestamp: "2026-05-04T09:00:00Z" },
    involvedObject: { kind: "Pod", name: "ollama-1" },
    type: "Warning",
    reason: "BackOff",
    message: "Back-off restarting failed container ollama",
    count: 1,
    ...fields,
  } as unknown as CoreV1Event;
}

describe("recent warnings", () => {
  it("merges repeats, keeps Warnings only and sorts by lastTimestamp ?? eventTime ?? creationTimestamp, newest first", () => {
    const events = [
      event("a", { count: 3, firstTimestamp: "2026-05-04T10:00:00Z", lastTimestamp: "2026-05-04T10:05:00Z" }),
      event("b", { count: 2, firstTimestamp: "2026-05-04T09:30:00Z", lastTimestamp: "2026-05-04T10:09:00Z" }),
      // Written through events.k8s.io by the scheduler: no first/lastTimestamp, only eventTime.
      event("c", { reason: "FailedScheduling", message: "0/1 nodes are available: 1 Insufficient memory.", count: undefined, firstTimestamp: null, lastTimestamp: null, eventTime: "2026-05-04T10:07:00.123456Z" }),
      event("d", { reason: "OOMKilling", involvedObject: { kind: "Node", name: "n1" }, lastTimestamp: null, eventTime: null }),
      event("e", { type: "Normal", reason: "Pulled", lastTimestamp: "2026-05-04T11:00:00Z" }),
    ].map(summarizeEvent);

    const rows = recentWarnings(events);
    expect(rows.map((r) => r.reason)).toEqual(["BackOff", "FailedScheduling", "OOMKilling"]);
    expect(rows[0]).toMatchObject({ object: "Pod/ollama-1", count: 5, firstSeen: "2026-05-04T09:30:00.000Z", lastSeen: "2026-05-04T10:09:00.000Z" });
    expect(rows[1]).toMatchObject({ count: 1, lastSeen: "2026-05-04T10:07:00.123Z" });
    expect(rows[2]).toMatchObject({ object: "Node/n1", lastSeen: "2026-05-04T09:00:00.000Z" });
  });

  it("keeps the newest rows up to the limit", () => {
    const events = Array.from({ length: 10 }, (_, i) => event(`e${i}`, { message: `m${i}`, lastTimestamp: `2026-05-04T10:0${i}:00Z` })).map(summarizeEvent);
    expect(recentWarnings(events, 3).map((r) => r.message)).toEqual(["m9", "m8", "m7"]);
  });

  it("leaves the console's own audit Events out, however many there are (issue 12, finding 2)", () => {
    const audit = (i: number) =>
      event(`audit${i}`, {
        involvedObject: { kind: "Deployment", name: "ollama" },
        reason: "SignIn",
        message: `anonymous SignIn user${i}: failure — wrong user name or password`,
        lastTimestamp: `2026-05-04T11:${String(i % 60).padStart(2, "0")}:00Z`,
        reportingComponent: "ollama-ops",
        source: { component: "ollama-ops" },
      });
    const events = [event("real", { lastTimestamp: "2026-05-04T10:00:00Z" }), ...Array.from({ length: 300 }, (_, i) => audit(i))].map(summarizeEvent);
    expect(recentWarnings(events, 50).map((r) => r.reason)).toEqual(["BackOff"]);
  });
});
