// Public entry of the Kubernetes API server simulator (see ../README.md).
export { createKubeSim, type KubeSim, type KubeSimOptions, type KubeSimTimings } from "./server.ts";
export { writeKubeconfig, kubeconfigYaml, type KubeconfigOptions } from "./kubeconfig.ts";
export { parseObjects, type LoadedYaml } from "./load.ts";
export type { ForbidRule } from "./rbac.ts";
export type { EventInput } from "./events.ts";
export type { KubeSimSettings, SnapshotControllerMode } from "./settings.ts";
export type { KubeObject, ObjectMeta, StoreEvent } from "./types.ts";
export type { ObjectStore } from "./store.ts";
export type { PodLogs } from "./logs.ts";
