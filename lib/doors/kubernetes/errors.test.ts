// The one reading of Kubernetes failures: each status and socket error becomes the same AppError wherever it happens.
import { describe, expect, it } from "vitest";
import { AppError } from "../runtime/errors";
import { isApiMissing, kubeError, missingPermission } from "./errors";

/** An ApiException as client-node throws it: the HTTP code and the Status body as a JSON string. */
function apiException(code: number, status: { reason?: string; message?: string }): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify({ kind: "Status", code, ...status }) });
}

const DENIED = 'volumesnapshots.snapshot.storage.k8s.io is forbidden: User "system:serviceaccount:ollama:ollama-ops" cannot create resource "volumesnapshots" in API group "snapshot.storage.k8s.io" in the namespace "ollama"';

describe("kubeError", () => {
  it("reads an RBAC denial as the missing grant, keeping the API server's words in details", () => {
    const e = kubeError(apiException(403, { reason: "Forbidden", message: DENIED }), "creating VolumeSnapshot ollama/x");
    expect(e).toMatchObject({ code: "forbidden", status: 403, system: "kubernetes" });
    expect(e.message).toBe(
      "The console's service account is not allowed to create volumesnapshots.snapshot.storage.k8s.io in namespace ollama (creating VolumeSnapshot ollama/x); grant it in the console's Role",
    );
    expect(e.details).toEqual({ reason: "rbac", permission: "create volumesnapshots.snapshot.storage.k8s.io in namespace ollama", kubernetes: DENIED });
  });

  it("sends a cluster-scoped grant to the console's ClusterRole", () => {
    const denied = 'nodes "gpu-node-1" is forbidden: User "system:serviceaccount:ollama:ollama-ops" cannot get resource "nodes/proxy" in API group "" at the cluster scope';
    const e = kubeError(apiException(403, { reason: "Forbidden", message: denied }), "reading the kubelet summary of node gpu-node-1");
    expect(e.message).toBe("The console's service account is not allowed to get nodes/proxy at cluster scope (reading the kubelet summary of node gpu-node-1); grant it in the console's ClusterRole");
  });

  it("tells a namespace being deleted from a missing grant", () => {
    const refused = 'volumesnapshots.snapshot.storage.k8s.io "x" is forbidden: unable to create new content in namespace ollama because it is being terminated';
    const e = kubeError(apiException(403, { reason: "Forbidden", message: refused }), "creating VolumeSnapshot ollama/x");
    expect(e).toMatchObject({ code: "forbidden", status: 403, message: "Namespace ollama is being deleted: Kubernetes takes nothing new into it (creating VolumeSnapshot ollama/x)" });
    expect(e.details).toEqual({ reason: "namespace_terminating", namespace: "ollama", kubernetes: refused });
  });

  it("keeps a Forbidden it cannot parse as the API server said it", () => {
    const e = kubeError(apiException(403, { reason: "Forbidden", message: "admission webhook denied the request" }));
    expect(e).toMatchObject({ code: "forbidden", message: "admission webhook denied the request", details: { reason: "rbac", permission: undefined } });
  });

  it("tells a missing object from a missing API", () => {
    const object = kubeError(apiException(404, { reason: "NotFound", message: 'volumesnapshots.snapshot.storage.k8s.io "x" not found' }));
    expect(object).toMatchObject({ code: "not_found", status: 404 });
    expect(isApiMissing(object)).toBe(false);
    const api = kubeError(apiException(404, { reason: "NotFound", message: "the server could not find the requested resource" }));
    expect(api).toMatchObject({ code: "unavailable", status: 404 });
    expect(isApiMissing(api)).toBe(true);
    expect(isApiMissing(kubeError(Object.assign(new Error("HTTP-Code: 404"), { code: 404, body: "404 page not found" })))).toBe(true);
  });

  it("maps conflicts, expired watches, bad requests and credentials", () => {
    expect(kubeError(apiException(409, { reason: "Conflict", message: "the object has been modified" })).code).toBe("conflict");
    expect(kubeError(apiException(410, { reason: "Expired", message: "too old resource version" })).code).toBe("expired");
    expect(kubeError(apiException(422, { reason: "Invalid", message: "spec.x: Invalid value" })).code).toBe("invalid");
    expect(kubeError(apiException(401, { reason: "Unauthorized" }))).toMatchObject({ code: "unauthorized", status: 502 });
    expect(kubeError(apiException(500, { message: "etcdserver: request timed out" }))).toMatchObject({ code: "upstream", status: 502 });
  });

  it("names socket failures and leaves AppErrors alone", () => {
    const refused = kubeError(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
    expect(refused).toMatchObject({ code: "unreachable", message: "Kubernetes API unreachable: connection refused" });
    const mine = new AppError("invalid", "mine", "console");
    expect(kubeError(mine)).toBe(mine);
  });
});

describe("missingPermission", () => {
  it("names verb, resource and scope from a Forbidden message", () => {
    expect(
      missingPermission('volumesnapshots.snapshot.storage.k8s.io is forbidden: User "system:serviceaccount:ollama:ollama-ops" cannot create resource "volumesnapshots" in API group "snapshot.storage.k8s.io" in the namespace "ollama"'),
    ).toBe("create volumesnapshots.snapshot.storage.k8s.io in namespace ollama");
    expect(missingPermission('volumesnapshotclasses.snapshot.storage.k8s.io is forbidden: User "x" cannot list resource "volumesnapshotclasses" in API group "snapshot.storage.k8s.io" at the cluster scope')).toBe(
      "list volumesnapshotclasses.snapshot.storage.k8s.io at cluster scope",
    );
    expect(missingPermission('persistentvolumeclaims is forbidden: User "x" cannot create resource "persistentvolumeclaims" in API group "" in the namespace "ollama"')).toBe("create persistentvolumeclaims in namespace ollama");
    expect(missingPermission("Unauthorized")).toBeUndefined();
  });
});
