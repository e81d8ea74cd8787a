// A small JSON client for the real kube-apiserver (HTTPS with its own CA, bearer token), used by the cluster tooling only.
import { request } from "node:https";

export interface KubeConn {
  server: string;
  ca: string;
  token: string;
  /** The User-Agent to send, whose product kube-apiserver records as the field manager; none: `unknown`. */
  userAgent?: string;
}

export interface KubeResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One request; resolves to the status code and the body as text (a watch's lines, say); rejects only on network errors. */
export function kubeText(
  conn: KubeConn,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, conn.server);
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: conn.ca,
        headers: {
          Authorization: `Bearer ${conn.token}`,
          Accept: "application/json",
          ...(conn.userAgent ? { "User-Agent": conn.userAgent } : {}),
          ...extraHeaders,
          ...(payload !== undefined ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) } : {}),
        },
        timeout: 15_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** One request; resolves to the status code and parsed JSON body (rejects only on network errors). */
export async function kubeRequest<T = Record<string, unknown>>(...args: Parameters<typeof kubeText>): Promise<KubeResponse<T>> {
  const { status, text } = await kubeText(...args);
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { message: text };
  }
  return { status, body: parsed as T };
}

/** Like kubeRequest, but throws with the server's message unless the status is 2xx (or listed in `ok`). */
export async function kubeCall<T = Record<string, unknown>>(conn: KubeConn, method: string, path: string, body?: unknown, contentType?: string, ok: number[] = []): Promise<KubeResponse<T>> {
  const res = await kubeRequest<T>(conn, method, path, body, contentType);
  if ((res.status < 200 || res.status >= 300) && !ok.includes(res.status)) {
    const message = (res.body as { message?: string }).message ?? JSON.stringify(res.body).slice(0, 200);
    throw new Error(`${method} ${path}: ${res.status} ${message}`);
  }
  return res;
}

interface KindInfo {
  plural: string;
  namespaced: boolean;
}

// The kinds scenarios and manifests carry; anything else is rejected with a clear message.
const KINDS: Record<string, KindInfo> = {
  "v1/Namespace": { plural: "namespaces", namespaced: false },
  "v1/Node": { plural: "nodes", namespaced: false },
  "v1/PersistentVolume": { plural: "persistentvolumes", namespaced: false },
  "v1/Pod": { plural: "pods", namespaced: true },
  "v1/Service": { plural: "services", namespaced: true },
  "v1/PersistentVolumeClaim": { plural: "persistentvolumeclaims", namespaced: true },
  "v1/Event": { plural: "events", namespaced: true },
  "v1/ConfigMap": { plural: "configmaps", namespaced: true },
  "v1/Secret": { plural: "secrets", namespaced: true },
  "v1/ServiceAccount": { plural: "serviceaccounts", namespaced: true },
  "apps/v1/Deployment": { plural: "deployments", namespaced: true },
  "apps/v1/ReplicaSet": { plural: "replicasets", namespaced: true },
  "discovery.k8s.io/v1/EndpointSlice": { plural: "endpointslices", namespaced: true },
  "networking.k8s.io/v1/Ingress": { plural: "ingresses", namespaced: true },
  "networking.k8s.io/v1/NetworkPolicy": { plural: "networkpolicies", namespaced: true },
  "node.k8s.io/v1/RuntimeClass": { plural: "runtimeclasses", namespaced: false },
  "storage.k8s.io/v1/StorageClass": { plural: "storageclasses", namespaced: false },
  "traefik.io/v1alpha1/IngressRoute": { plural: "ingressroutes", namespaced: true },
  "traefik.io/v1alpha1/Middleware": { plural: "middlewares", namespaced: true },
  "snapshot.storage.k8s.io/v1/VolumeSnapshot": { plural: "volumesnapshots", namespaced: true },
  "snapshot.storage.k8s.io/v1/VolumeSnapshotClass": { plural: "volumesnapshotclasses", namespaced: false },
  "snapshot.storage.k8s.io/v1/VolumeSnapshotContent": { plural: "volumesnapshotcontents", namespaced: false },
  "rbac.authorization.k8s.io/v1/Role": { plural: "roles", namespaced: true },
  "rbac.authorization.k8s.io/v1/RoleBinding": { plural: "rolebindings", namespaced: true },
  "rbac.authorization.k8s.io/v1/ClusterRole": { plural: "clusterroles", namespaced: false },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": { plural: "clusterrolebindings", namespaced: false },
  "apiextensions.k8s.io/v1/CustomResourceDefinition": { plural: "customresourcedefinitions", namespaced: false },
};

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [field: string]: unknown;
}

/** The collection path of an object's kind (its namespace included), e.g. /apis/apps/v1/namespaces/ollama/deployments. */
export function collectionPath(o: Pick<KubeObject, "apiVersion" | "kind"> & { metadata: { namespace?: string } }): string {
  const info = KINDS[`${o.apiVersion}/${o.kind}`];
  if (!info) throw new Error(`unsupported kind ${o.apiVersion} ${o.kind}`);
  const prefix = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  return info.namespaced ? `${prefix}/namespaces/${o.metadata.namespace ?? "default"}/${info.plural}` : `${prefix}/${info.plural}`;
}

export const objectPath = (o: KubeObject) => `${collectionPath(o)}/${o.metadata.name}`;
