// Runs the simulated controllers: store changes reach them asynchronously, never inside the write that caused them.
import type { StoreEvent } from "../types.ts";
import { Timers, type Controller, type ControllerContext } from "./context.ts";
import { deploymentController } from "./deployments.ts";
import { endpointsController } from "./endpoints.ts";
import { endpointSliceController } from "./endpointslices.ts";
import { garbageCollector } from "./garbage-collector.ts";
import { heartbeatController } from "./heartbeats.ts";
import { namespaceController } from "./namespaces.ts";
import { nodeLifecycleController } from "./node-lifecycle.ts";
import { podController } from "./pods.ts";
import { pvcProtectionController } from "./pvc-protection.ts";
import { pvcController } from "./pvcs.ts";
import { rootCaController } from "./root-ca.ts";
import { serviceAccountController } from "./serviceaccounts.ts";
import { snapshotController } from "./snapshots.ts";
import { ttlController } from "./ttl.ts";

/** Handle on the running controllers. */
export interface Controllers {
  /** Re-examines every VolumeSnapshot (after the controller mode or the snapshot API changed). */
  resyncSnapshots(): void;
  /** Cancels all timers and stops reacting to the store. */
  stop(): void;
}

/** Starts every controller against `ctx.store`. */
export function startControllers(ctx: Omit<ControllerContext, "timers">): Controllers {
  const timers = new Timers();
  const full = { ...ctx, timers };
  const snapshots = snapshotController(full);
  // The serviceaccount controller first: a Namespace's `default` account is there before anything makes its Pods.
  const all: Controller[] = [serviceAccountController(full), rootCaController(full), podController(full), deploymentController(full), endpointSliceController(full), endpointsController(full), pvcController(full), pvcProtectionController(full), nodeLifecycleController(full), heartbeatController(full), namespaceController(full), garbageCollector(full), ttlController(full), snapshots];
  const unsubscribe = ctx.store.subscribe((event: StoreEvent) => timers.after(0, () => all.forEach((c) => c.onEvent(event))));
  const unReset = ctx.store.onReset(() => {
    timers.clear();
    timers.after(0, () => all.forEach((c) => c.onReset?.()));
  });
  return {
    resyncSnapshots: () => timers.after(0, () => snapshots.onReset?.()),
    stop() {
      unsubscribe();
      unReset();
      timers.clear();
    },
  };
}
