// Where the Kubernetes simulator disagreed with a real kube-apiserver (npm run cluster), now answering as the real one
// does; sim/README.md "Differences found against real servers" lists each one.
import { afterEach, describe, expect, it } from "vitest";
import { get as httpGet } from "node:http";
import { FORBIDDEN_CASES } from "../support/forbidden-cases.ts";
import { checkListsAndWatchesAtOldVersions } from "../support/list-rv-cases.ts";
import { api, startKubeSim, type KubeFixture } from "./kube-sim-fixture.ts";

let f: KubeFixture;
afterEach(() => f.close());

describe("the simulator answers as kube-apiserver v1.34 does", () => {
  it("rejects a label selector the real lexer rejects", async () => {
    f = await startKubeSim();
    const triple = await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a===b")}`);
    expect(triple).toMatchObject({ status: 400, body: { reason: "BadRequest", message: "unable to parse requirement: found '=', expected: identifier" } });
    const words = await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a=b c")}`);
    expect(words).toMatchObject({ status: 400, body: { message: "found 'c', expected: ',' or 'end of string'" } });
    expect((await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a==b")}`)).status).toBe(200);
  });

  it("serves lists and watches at old revisions from its watch cache across a compaction, and only what etcd kept after a restart", async () => {
    f = await startKubeSim();
    const sim = f.sim;
    await checkListsAndWatchesAtOldVersions({
      // A new connection for each request (no pooled socket left over from before the restart).
      get: (path) =>
        new Promise((resolve, reject) => {
          httpGet(`${sim.url}${path}`, { agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          }).on("error", reject);
        }),
      async createConfigMap(namespace, name) {
        const res = await api(f, `/api/v1/namespaces/${namespace}/configmaps`, { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } });
        expect(res.status).toBe(201);
      },
      compact: () => Promise.resolve(void sim.store.compact()),
      async restart() {
        await sim.stop();
        await sim.start();
      },
    });
  });

  it("takes kubectl's protobuf creates (configmap, secret, service, namespace) and reads them back as sent", async () => {
    f = await startKubeSim();
    const cm = await f.kubectl("create", "configmap", "proto-cm", "-n", "ollama", "--from-literal=a=b", "--from-literal=greeting=hello world");
    expect(cm, cm.stderr).toMatchObject({ code: 0, stdout: "configmap/proto-cm created\n" });
    expect((await api(f, "/api/v1/namespaces/ollama/configmaps/proto-cm")).body).toMatchObject({ metadata: { name: "proto-cm", namespace: "ollama" }, data: { a: "b", greeting: "hello world" } });
    // kubectl's own read-back (Accept: protobuf,json: the JSON answer the real server also gives such a client) is the object sent.
    const cmBack = await f.kubectl("get", "configmap", "proto-cm", "-n", "ollama", "-o", "json");
    const cmRead = JSON.parse(cmBack.stdout) as { apiVersion: string; kind: string; data: Record<string, string> };
    expect(cmRead).toMatchObject({ apiVersion: "v1", kind: "ConfigMap" });
    expect(cmRead.data).toEqual({ a: "b", greeting: "hello world" });
    const secret = await f.kubectl("create", "secret", "generic", "proto-secret", "-n", "ollama", "--from-literal=token=s3cr\u00e9t", "--from-literal=empty=", "--type=example.dev/token");
    expect(secret, secret.stderr).toMatchObject({ code: 0, stdout: "secret/proto-secret created\n" });
    const stored = (await api(f, "/api/v1/namespaces/ollama/secrets/proto-secret")).body;
    expect(stored).toMatchObject({ apiVersion: "v1", kind: "Secret", type: "example.dev/token", metadata: { name: "proto-secret", namespace: "ollama" } });
    expect(stored.data).toEqual({ token: Buffer.from("s3cr\u00e9t").toString("base64"), empty: "" });
    const plain = await f.kubectl("create", "secret", "generic", "proto-plain", "-n", "ollama", "--from-literal=k=v");
    expect(plain, plain.stderr).toMatchObject({ code: 0 });
    expect((await api(f, "/api/v1/namespaces/ollama/secrets/proto-plain")).body).toMatchObject({ type: "Opaque", data: { k: "dg==" } });
    const listed = await f.kubectl("get", "secrets", "-n", "ollama");
    expect(listed.stdout).toMatch(/^proto-plain\s+Opaque\s+1\s/m);
    const svc = await f.kubectl("create", "service", "clusterip", "proto-svc", "-n", "ollama", "--tcp=80:8080", "--tcp=9000:metrics");
    expect(svc, svc.stderr).toMatchObject({ code: 0, stdout: "service/proto-svc created\n" });
    expect((await api(f, "/api/v1/namespaces/ollama/services/proto-svc")).body).toMatchObject({
      metadata: { name: "proto-svc", labels: { app: "proto-svc" } },
      spec: {
        type: "ClusterIP",
        clusterIP: expect.stringMatching(/^10\.43\./) as unknown,
        selector: { app: "proto-svc" },
        ports: [
          { name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 },
          { name: "9000-metrics", protocol: "TCP", port: 9000, targetPort: "metrics" },
        ],
      },
    });
    const ns = await f.kubectl("create", "namespace", "proto-ns");
    expect(ns, ns.stderr).toMatchObject({ code: 0, stdout: "namespace/proto-ns created\n" });
    expect((await api(f, "/api/v1/namespaces/proto-ns")).status).toBe(200);
  });

  it("answers 415 with the accepted media types to a protobuf body of a kind it has no codec for", async () => {
    f = await startKubeSim();
    const res = await fetch(`${f.sim.url}/api/v1/namespaces/ollama/pods`, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf" },
      body: Buffer.from("k8s\0\n\x0b\n\x02v1\x12\x03Pod", "latin1"),
    });
    expect(res.status).toBe(415);
    const status = (await res.json()) as { reason: string; message: string };
    expect(status.reason).toBe("UnsupportedMediaType");
    expect(status.message).toContain("accepted media types include: application/json");
  });

  it.each(FORBIDDEN_CASES)("forbids as the real server does: $what", async (c) => {
    f = await startKubeSim();
    f.sim.setForbidden([c.rule]);
    const res = await fetch(`${f.sim.url}${c.path}`, {
      method: c.method,
      headers: { "Content-Type": c.contentType ?? "application/json" },
      ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: c.message, reason: "Forbidden", details: c.details, code: 403 });
  });

  it("requires a PVC's access modes and storage request", async () => {
    f = await startKubeSim();
    const res = await api(f, "/api/v1/namespaces/ollama/persistentvolumeclaims", { method: "POST", body: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "empty" }, spec: {} } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'PersistentVolumeClaim "empty" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
  });

  it("pages a list with limit and continue, with remainingItemCount", async () => {
    f = await startKubeSim();
    for (const name of ["a", "b", "c"]) {
      await api(f, "/api/v1/namespaces/ollama/configmaps", { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `page-${name}` } } });
    }
    const all = ((await api(f, "/api/v1/namespaces/ollama/configmaps")).body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);
    const first = await api(f, "/api/v1/namespaces/ollama/configmaps?limit=2");
    const meta = first.body.metadata as { continue?: string; remainingItemCount?: number };
    expect((first.body.items as unknown[]).length).toBe(2);
    expect(meta.remainingItemCount).toBe(all.length - 2);
    const next = await api(f, `/api/v1/namespaces/ollama/configmaps?limit=100&continue=${meta.continue ?? ""}`);
    const names = [...(first.body.items as { metadata: { name: string } }[]), ...(next.body.items as { metadata: { name: string } }[])].map((i) => i.metadata.name);
    expect(names).toEqual(all);
    expect((next.body.metadata as { continue?: string }).continue).toBeUndefined();
    expect((await api(f, "/api/v1/namespaces/ollama/configmaps?continue=garbage")).status).toBe(400);
  });
});
