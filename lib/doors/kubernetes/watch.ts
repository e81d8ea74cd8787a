// The reflector's door to client-node's Watch (one streaming GET per call, authenticated from the kubeconfig).
import "server-only";
import { Watch } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import type { WatchFn } from "./reflector";

/** A WatchFn for the target's cluster. */
export function kubeWatch(target: Target): WatchFn {
  return async (path, query, onEvent, done) => new Watch(kube(target).kc).watch(path, query, (type: string, obj: unknown) => onEvent(type, obj), done);
}
