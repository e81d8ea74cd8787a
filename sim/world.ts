// Wires the simulators into one world: Kubernetes, Ollama, the registry and the cache agent sharing one volume.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { buildReport } from "../agent/report.ts";
import { createAgentServer } from "../agent/main.ts";
import { createKubeSim, type KubeSim, type ForbidRule } from "./kube/index.ts";
import { parseQuantity } from "./kube/quantity.ts";
import { createOllamaSim, type OllamaSim } from "./ollama/server.ts";
import { parseKeepAlive } from "./ollama/duration.ts";
import { fakeDigest } from "./registry/manifest.ts";
import { catalogue, type CatalogueModel } from "./registry/catalogue.ts";
import { createRegistrySim, type RegistrySim } from "./registry/server.ts";
import { createTraefikSim, type TraefikSim } from "./traefik/gateway.ts";
import { loadScenario, objectsYaml, type SimulatorState } from "./scenario.ts";
import { MODELS_DIR, SimVolume } from "./volume.ts";
import { crashOllamaPod, isOllamaPod, makeUnschedulable, ollamaPods, probeOllamaReadiness } from "./actions.ts";

export interface Faults {
  ollama: "down" | "slow" | "error" | null;
  ollamaSlowMs: number;
  kube: "down" | null;
  diskFull: boolean;
  snapshotApi: boolean | null;
  forbid: ForbidRule[] | null;
  snapshotController: "stalled" | "error" | null;
  /** Every model load fails with this Ollama error (e.g. out of memory), as a 500 from generate/chat. */
  ollamaLoadError: string | null;
}

const NO_FAULTS: Faults = { ollama: null, ollamaSlowMs: 0, kube: null, diskFull: false, snapshotApi: null, forbid: null, snapshotController: null, ollamaLoadError: null };

export interface WorldOptions {
  host?: string;
  kubePort?: number;
  ollamaPort?: number;
  registryPort?: number;
  agentPort?: number;
  /** Pull speed; overrides the scenario's volume.pullBytesPerSecond. */
  bytesPerSecond?: number;
  /** Kubernetes controller timings (tests make them short). */
  snapshotReadyAfterMs?: number;
  /** The simulated Traefik's entry point (0 = a free port). */
  gatewayPort?: number;
  /** Where the console listens, for the Service `ollama-ops` behind the simulated Traefik (forwardAuth, its own route). */
  consoleUrl?: string;
}

export type ActionName = "expire-watches" | "compact-etcd" | "oom-crash" | "unschedulable";

export interface World {
  /** Publishes a new build of a tag in the registry (see Catalogue.publish); undone by the next scenario load. */
  publish(name: string, opts?: { modelBytes?: number; reserialize?: boolean }): CatalogueModel;
  readonly kube: KubeSim;
  readonly ollama: OllamaSim;
  readonly registry: RegistrySim;
  readonly volume: SimVolume;
  readonly agentUrl: string;
  /** The simulated Traefik: routes by the cluster's IngressRoutes and Middlewares (what EXTERNAL_URL reaches). */
  readonly gateway: TraefikSim;
  readonly scenario: string;
  readonly faults: Faults;
  /** Resets everything to a scenario (name or YAML path); open watches get 410. */
  load(nameOrFile: string): Promise<void>;
  setFaults(faults: Partial<Faults>): Promise<void>;
  clearFaults(): Promise<void>;
  action(name: ActionName): void;
  setSpeed(bytesPerSecond: number): void;
  requests(): Record<"kube" | "ollama" | "agent" | "registry", number>;
  resetRequests(): void;
  close(): Promise<void>;
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** Starts every simulator on its port and loads the scenario. */
export async function createWorld(scenarioName: string, opts: WorldOptions = {}): Promise<World> {
  const host = opts.host ?? "127.0.0.1";
  const volume = new SimVolume({ capacityBytes: 100 * 1024 ** 3 });
  const kube = createKubeSim({ host, port: opts.kubePort ?? 0, snapshotReadyAfterMs: opts.snapshotReadyAfterMs });
  const ollama = createOllamaSim({
    volume,
    host,
    port: opts.ollamaPort ?? 0,
    bytesPerSecond: opts.bytesPerSecond,
    // The process's log is the Ollama container's log in the simulated cluster, started with the Deployment's env.
    logs: {
      write: (text) => {
        for (const pod of ollamaPods(kube)) kube.logs.append(pod.metadata.namespace ?? "", pod.metadata.name, "ollama", text);
      },
      env: () => ollamaEnv(kube),
    },
  });
  const registry = createRegistrySim({ host, port: opts.registryPort ?? 0 });
  let agentRequests = 0;
  const agentServer = createAgentServer({
    modelsPath: MODELS_DIR,
    cacheMs: 2000,
    log: () => undefined,
    scan: () => Promise.resolve(agentReport(volume)),
  });
  agentServer.on("request", () => agentRequests++);

  const gateway = createTraefikSim({
    kube,
    host,
    port: opts.gatewayPort ?? 0,
    resolveService: (name, namespace) => {
      const selector = (kube.store.get("Service", namespace, name)?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      const app = selector?.["app.kubernetes.io/name"] ?? name;
      return app === "ollama" ? ollama.url : app === "ollama-ops" ? opts.consoleUrl : undefined;
    },
  });

  await Promise.all([kube.listen(), ollama.listen(), registry.listen(), gateway.listen()]);
  const agentUrl = await listen(agentServer, opts.agentPort ?? 0, host);

  let scenario = scenarioName;
  let state: SimulatorState | undefined;
  let faults: Faults = { ...NO_FAULTS };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };

  /** Keeps the volume's capacity equal to the cache PVC's (a resize shows up on disk). */
  const syncCapacity = () => {
    const pvcName = state?.volume.pvc ?? "ollama-models";
    const pvc = kube.store.list("PersistentVolumeClaim").find((p) => p.metadata.name === pvcName);
    const capacity = parseQuantity((pvc?.status as { capacity?: { storage?: unknown } } | undefined)?.capacity?.storage);
    if (capacity && capacity !== volume.capacityBytes) volume.capacityBytes = capacity;
  };
  kube.store.subscribe(syncCapacity);
  // The kubelet's Summary (the node proxy, read with KUBELET_SUMMARY=true) reports the cache claim's filesystem as the
  // cache agent's statfs does.
  kube.setClaimStats((_namespace, claim) => (claim === (state?.volume.pvc ?? "ollama-models") ? agentReport(volume).fs : undefined));

  /**
   * The Ollama process lives in the Ollama pod: deleting the pod ends it, and the replacement pod's start is a new
   * process, which prunes the models dir as real Ollama does (unless the Deployment sets OLLAMA_NOPRUNE).
   */
  let loading = false;
  kube.store.subscribe((event) => {
    // A scenario load replaces every object at once: that is not a pod lifecycle, and load() sets Ollama up itself.
    if (loading || event.def.kind !== "Pod" || !isOllamaPod(kube, event.object)) return;
    const terminating = event.type === "MODIFIED" && event.object.metadata.deletionTimestamp && !event.old?.metadata.deletionTimestamp;
    if (terminating || (event.type === "DELETED" && !event.object.metadata.deletionTimestamp)) {
      void ollama.stop();
      return;
    }
    const phase = (pod: typeof event.object | undefined) => (pod?.status as { phase?: string } | undefined)?.phase;
    const mayRun = faults.ollama !== "down" && state?.ollama.down !== true;
    if (event.type === "MODIFIED" && phase(event.old) !== "Running" && phase(event.object) === "Running" && mayRun) {
      const noPrune = ["1", "true", "TRUE", "True"].includes(ollamaEnv(kube).OLLAMA_NOPRUNE ?? "");
      void ollama.restart({ noPrune }).then(() => ollama.announce());
    }
  });

  async function apply(): Promise<void> {
    if (!state) return;
    const scenarioDown = state.ollama.down === true;
    const wantOllamaUp = faults.ollama !== "down" && !scenarioDown;
    if (wantOllamaUp && !ollama.state.up) await ollama.start();
    if (!wantOllamaUp && ollama.state.up) await ollama.stop();
    probeOllamaReadiness(kube, wantOllamaUp);
    if (faults.ollama === "slow") ollama.setFault("slow", faults.ollamaSlowMs || 3000);
    else if (faults.ollama === "error") ollama.setFault("error", "simulated internal error");
    else ollama.clearFaults();
    ollama.setLoadError(faults.ollamaLoadError);

    if (faults.kube === "down") await kube.stop();
    else await kube.start();

    kube.setSnapshotApi(faults.snapshotApi ?? state.api.snapshotApi ?? true);
    kube.setForbidden(faults.forbid ?? state.rbac.forbid ?? []);
    kube.setSnapshotController(faults.snapshotController ?? state.snapshots.controller ?? "normal", state.snapshots.errorMessage);

    const baseFill = state.volume.fillBytes ?? 0;
    volume.fillBytes = baseFill;
    if (faults.diskFull) volume.fillBytes = baseFill + Math.max(0, volume.free());
  }

  async function load(nameOrFile: string): Promise<void> {
    loading = true;
    try {
      await loadScenarioState(nameOrFile);
    } finally {
      loading = false;
    }
  }

  async function loadScenarioState(nameOrFile: string): Promise<void> {
    const s = loadScenario(nameOrFile);
    timers.forEach(clearTimeout);
    timers.clear();
    scenario = s.name;
    state = s.state;
    faults = { ...NO_FAULTS };
    await kube.start();
    kube.load(objectsYaml(s.objects));
    if (s.state.snapshots.readyAfterSeconds !== undefined && opts.snapshotReadyAfterMs === undefined) {
      kube.configure({ snapshotReadyAfterMs: s.state.snapshots.readyAfterSeconds * 1000 });
    }
    catalogue.resetPublished();
    ollama.reset({ version: s.state.ollama.version });
    volume.clear();
    syncCapacity();
    for (const name of s.state.ollama.models ?? []) ollama.installModel(name);
    for (const p of s.state.ollama.partials ?? []) ollama.addPartial(p.model, p.fraction);
    (s.state.ollama.unreferencedBlobs ?? []).forEach((b, i) => volume.addBlob(fakeDigest(`unreferenced-${i}`), b.size));
    // A fresh process for the new scenario: its start-up lines open the (cleared) pod log.
    if (ollama.state.up) ollama.announce();
    else await ollama.start();
    for (const m of s.state.ollama.loaded ?? []) {
      ollama.load(m.name, { sizeVram: m.sizeVram, keepAliveMs: parseKeepAlive(m.keepAlive) });
    }
    ollama.setSpeed(opts.bytesPerSecond ?? s.state.volume.pullBytesPerSecond ?? 2e9);
    await apply();
  }

  await load(scenarioName);

  return {
    kube,
    ollama,
    registry,
    volume,
    agentUrl,
    gateway,
    get scenario() {
      return scenario;
    },
    get faults() {
      return faults;
    },
    load,
    publish: (name, publishOpts) => catalogue.publish(name, publishOpts),
    async setFaults(next) {
      faults = { ...faults, ...next };
      await apply();
    },
    async clearFaults() {
      faults = { ...NO_FAULTS };
      await apply();
    },
    action(name) {
      if (name === "expire-watches") kube.expireWatches();
      else if (name === "compact-etcd") kube.store.compact();
      else if (name === "oom-crash") crashOllamaPod(kube, ollama, later, () => faults.ollama !== "down" && state?.ollama.down !== true);
      else makeUnschedulable(kube, ollama);
    },
    setSpeed: (n) => ollama.setSpeed(n),
    requests: () => ({ kube: kube.requestCount, ollama: ollama.requestCount, agent: agentRequests, registry: registry.requestCount }),
    resetRequests() {
      kube.resetRequestCount();
      ollama.resetRequestCount();
      registry.resetRequestCount();
      agentRequests = 0;
    },
    async close() {
      timers.forEach(clearTimeout);
      agentServer.closeAllConnections();
      await Promise.all([kube.close(), ollama.close(), registry.close(), gateway.close(), new Promise((r) => agentServer.close(r))]);
    },
  };
}

/** The `ollama` container's plain env values in the Deployment's pod template (valueFrom is not resolved). */
function ollamaEnv(kube: KubeSim): Record<string, string> {
  const deployment = kube.store.list("Deployment").find((d) => d.metadata.name === "ollama");
  const containers = (deployment?.spec as { template?: { spec?: { containers?: { name?: string; env?: { name?: string; value?: string }[] }[] } } } | undefined)?.template?.spec?.containers;
  const env = containers?.find((c) => c.name === "ollama")?.env ?? [];
  return Object.fromEntries(env.flatMap((e) => (e.name && typeof e.value === "string" ? [[e.name, e.value]] : [])));
}

/** The cache agent's report for the simulated volume (same builder the real agent uses). */
function agentReport(volume: SimVolume) {
  const listing = volume.list();
  const manifests = listing.manifests.map((m) => ({
    path: m.path.replace(/^manifests\//, ""),
    text: volume.getManifest(m.name)?.json ?? "{}",
  }));
  const blobs = [
    ...listing.blobs.map((b) => ({ name: b.path.replace(/^blobs\//, ""), size: b.size })),
    // The data file is sparse (`ls -l` shows the full size, `du` the written bytes); each part's JSON file is small.
    ...listing.partials.flatMap((p) => [
      { name: p.path.replace(/^blobs\//, ""), size: p.total, allocated: p.completed, modifiedAt: p.modifiedAt },
      ...p.parts.map((f) => ({ name: f.path.replace(/^blobs\//, ""), size: f.size, allocated: f.size, modifiedAt: p.modifiedAt })),
    ]),
  ];
  const used = volume.used();
  const inodes = 6_553_600;
  const inodesUsed = blobs.length + manifests.length + 40;
  return buildReport({
    path: MODELS_DIR,
    time: new Date(),
    fs: { capacityBytes: volume.capacityBytes, usedBytes: used, availableBytes: volume.free(), inodes, inodesFree: inodes - inodesUsed, inodesUsed },
    listing: { manifests, blobs },
  });
}
