// Lists at a resourceVersion, watches from an old one, compaction and an API server restart: one scenario run against
// the real kube-apiserver v1.34 (tests/real/kube-cluster.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts), so a difference on either side fails a test. sim/README.md, Kubernetes
// difference 6: the watch cache serves lists and watches at the revisions in its window, across an etcd compaction; it
// starts again at the current revision when the API server restarts, and then etcd serves a list at any revision it has
// not compacted.
import { expect } from "vitest";

/** What the scenario needs from a target: raw requests, a ConfigMap create, an etcd compaction, an API server restart. */
export interface RvTarget {
  get(path: string): Promise<{ status: number; text: string }>;
  createConfigMap(namespace: string, name: string): Promise<void>;
  compact(): Promise<void>;
  restart(): Promise<void>;
}

const NS = "ollama";
const LIST = `/api/v1/namespaces/${NS}/configmaps`;

interface Status {
  kind: "Status";
  message: string;
  reason: string;
  code: number;
  details?: Record<string, unknown>;
}

const listOptionsInvalid = (cause: { reason: string; message: string }): Omit<Status, "kind"> => ({
  message: `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: ${cause.message}`,
  reason: "Invalid",
  code: 422,
  details: { group: "meta.k8s.io", kind: "ListOptions", causes: [{ ...cause, field: "resourceVersionMatch" }] },
});

/** Bad list options and what kube-apiserver answers (whole Status bodies but `metadata`/`status`). */
export function listOptionCases(rv: number): { what: string; query: string; answer: Omit<Status, "kind"> }[] {
  const parse = (v: string) => `invalid resource version: resourceVersion: Invalid value: "${v}": strconv.ParseUint: parsing "${v}": invalid syntax`;
  return [
    {
      what: "a match without a resourceVersion",
      query: "resourceVersionMatch=Exact",
      answer: listOptionsInvalid({ reason: "FieldValueForbidden", message: "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided" }),
    },
    {
      what: "Exact at resourceVersion 0",
      query: "resourceVersion=0&resourceVersionMatch=Exact",
      answer: listOptionsInvalid({ reason: "FieldValueForbidden", message: 'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"' }),
    },
    {
      what: "a match with a continue token",
      query: `resourceVersion=${rv}&resourceVersionMatch=Exact&continue=x`,
      answer: listOptionsInvalid({ reason: "FieldValueForbidden", message: "Forbidden: resourceVersionMatch is forbidden when continue is provided" }),
    },
    {
      what: "an unknown match",
      query: `resourceVersion=${rv}&resourceVersionMatch=Bogus`,
      answer: listOptionsInvalid({ reason: "FieldValueNotSupported", message: 'Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""' }),
    },
    { what: "a resourceVersion that is not a number", query: "resourceVersion=abc", answer: { message: parse("abc"), reason: "BadRequest", code: 400 } },
  ];
}

const names = (text: string) => (JSON.parse(text) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name);
const firstEvent = (text: string) => JSON.parse(text.trim().split("\n")[0] ?? "{}") as { type: string; object: { metadata?: { name?: string }; message?: string; code?: number; reason?: string } };

/** The scenario, with its assertions; the same on both targets. */
export async function checkListsAndWatchesAtOldVersions(t: RvTarget): Promise<void> {
  const before = await t.get(LIST);
  expect(before.status).toBe(200);
  const old = Number((JSON.parse(before.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);

  for (const c of listOptionCases(old)) {
    const res = await t.get(`${LIST}?${c.query}`);
    expect({ what: c.what, status: res.status, body: JSON.parse(res.text) as unknown }).toEqual({
      what: c.what,
      status: c.answer.code,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", ...c.answer },
    });
  }

  const probes = [`rv-probe-${Date.now()}-a`, `rv-probe-${Date.now()}-b`];
  for (const name of probes) await t.createConfigMap(NS, name);
  // etcd still has the old revision: an Exact list shows the namespace as it was, at that revision.
  const exact = await t.get(`${LIST}?resourceVersion=${old}&resourceVersionMatch=Exact`);
  expect(exact.status).toBe(200);
  expect((JSON.parse(exact.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(String(old));
  expect(names(exact.text)).toEqual(names(before.text));
  const notOlder = await t.get(`${LIST}?resourceVersion=${old}&resourceVersionMatch=NotOlderThan`);
  expect(names(notOlder.text)).toEqual(expect.arrayContaining(probes));
  // A revision the server has not reached: 504 with the current one.
  const future = await t.get(`${LIST}?resourceVersion=${old + 1_000_000}&resourceVersionMatch=Exact`);
  expect(future.status).toBe(504);
  expect(JSON.parse(future.text)).toMatchObject({
    reason: "Timeout",
    message: expect.stringMatching(new RegExp(`^Timeout: Too large resource version: ${old + 1_000_000}, current: \\d+$`)) as unknown,
    details: { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 },
  });

  // A compaction: the old revision is gone from etcd, but the watch cache still has it, for lists and watches alike.
  await t.compact();
  expect(names((await t.get(`${LIST}?resourceVersion=${old}&resourceVersionMatch=Exact`)).text)).toEqual(names(before.text));
  const cached = await t.get(`${LIST}?watch=1&resourceVersion=${old}&timeoutSeconds=1`);
  expect(firstEvent(cached.text)).toMatchObject({ type: "ADDED", object: { metadata: { name: probes[0] } } });
  const mid = await t.get(LIST);
  const midRv = Number((JSON.parse(mid.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
  await t.createConfigMap(NS, `rv-probe-${Date.now()}-c`);

  // A restart: the watch cache starts at the current revision. A list at a revision etcd still has is served from
  // etcd; one at a compacted revision is 410; a watch from either is 410 Expired.
  await t.restart();
  const compacted = await t.get(`${LIST}?resourceVersion=${old}&resourceVersionMatch=Exact`);
  expect({ status: compacted.status, body: JSON.parse(compacted.text) as unknown }).toEqual({
    status: 410,
    body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "The resourceVersion for the provided list is too old.", reason: "Expired", code: 410 },
  });
  const fromEtcd = await t.get(`${LIST}?resourceVersion=${midRv}&resourceVersionMatch=Exact`);
  expect(fromEtcd.status).toBe(200);
  expect(names(fromEtcd.text)).toEqual(names(mid.text));
  for (const rv of [old, midRv]) {
    const expired = await t.get(`${LIST}?watch=1&resourceVersion=${rv}&timeoutSeconds=1`);
    expect(expired.status).toBe(200);
    expect(firstEvent(expired.text)).toMatchObject({ type: "ERROR", object: { reason: "Expired", code: 410, message: expect.stringMatching(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`)) as unknown } });
  }
}
