// The real kube-apiserver's 403s, byte for byte, for the requests of tests/support/forbidden-cases.ts: the console's
// ServiceAccount (impersonated) has no grant on this cluster (pass 1; the manifests with its Role are applied in pass 2).
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { kubeRequest, type KubeConn } from "../../tools/realstack/kubeapi.ts";
import { FORBIDDEN_CASES, SA_USER } from "../support/forbidden-cases.ts";

function connection(): KubeConn {
  const kc = parse(readFileSync(inject("realCluster").kubeconfig, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kc.clusters[0]?.cluster;
  return { server: cluster?.server ?? "", ca: Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64").toString(), token: kc.users[0]?.user.token ?? "" };
}

describe("kube-apiserver's forbidden answers", () => {
  it.each(FORBIDDEN_CASES)("$what", async (c) => {
    const res = await kubeRequest<Record<string, unknown>>(connection(), c.method, c.path, c.body, c.contentType, { "Impersonate-User": SA_USER });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: c.message, reason: "Forbidden", details: c.details, code: 403 });
  });
});
