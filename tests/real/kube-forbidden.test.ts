// The real kube-apiserver's 403s, byte for byte, for the requests of tests/support/forbidden-cases.ts: the console's
// ServiceAccount (impersonated) has no grant on this cluster (pass 1; the manifests with its Role are applied in pass 2).
import { describe, expect, it } from "vitest";
import { kubeRequest } from "../../tools/realstack/kubeapi.ts";
import { realConnection } from "./support/conn.ts";
import { FORBIDDEN_CASES, SA_USER } from "../support/forbidden-cases.ts";

describe("kube-apiserver's forbidden answers", () => {
  it.each(FORBIDDEN_CASES)("$what", async (c) => {
    const res = await kubeRequest<Record<string, unknown>>(realConnection(), c.method, c.path, c.body, c.contentType, { "Impersonate-User": SA_USER });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: c.message, reason: "Forbidden", details: c.details, code: 403 });
  });
});
