// The Kubernetes door: lazily built client-node clients, one set per kubeconfig context.
import "server-only";
import * as k8s from "@kubernetes/client-node";
import type { Target } from "../runtime/config";

export interface KubeClients {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  custom: k8s.CustomObjectsApi;
  networking: k8s.NetworkingV1Api;
  discovery: k8s.DiscoveryV1Api;
  authz: k8s.AuthorizationV1Api;
  storage: k8s.StorageV1Api;
  coordination: k8s.CoordinationV1Api;
}

const byContext = new Map<string, KubeClients>();

function loadKubeConfig(context: string | undefined): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  // In a pod the service account wins; elsewhere KUBECONFIG or ~/.kube/config.
  if (process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (context) kc.setCurrentContext(context);
  return kc;
}

/** Clients for the target's cluster, built on first use (never at import time). */
export function kube(target: Pick<Target, "context">): KubeClients {
  const key = target.context ?? "";
  let clients = byContext.get(key);
  if (!clients) {
    const kc = loadKubeConfig(target.context);
    clients = {
      kc,
      core: kc.makeApiClient(k8s.CoreV1Api),
      apps: kc.makeApiClient(k8s.AppsV1Api),
      custom: kc.makeApiClient(k8s.CustomObjectsApi),
      networking: kc.makeApiClient(k8s.NetworkingV1Api),
      discovery: kc.makeApiClient(k8s.DiscoveryV1Api),
      authz: kc.makeApiClient(k8s.AuthorizationV1Api),
      storage: kc.makeApiClient(k8s.StorageV1Api),
      coordination: kc.makeApiClient(k8s.CoordinationV1Api),
    };
    byContext.set(key, clients);
  }
  return clients;
}
