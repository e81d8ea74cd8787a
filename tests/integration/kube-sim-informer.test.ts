// A @kubernetes/client-node informer against the simulator survives watch expiry and an API server restart.
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { startKubeSim, until, type KubeFixture } from "./kube-sim-fixture.ts";

let f: KubeFixture;
afterEach(() => f.close());

function configMap(name: string) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "ollama", labels: { informer: "yes" } }, data: { model: name } };
}

describe("client-node informer against the simulator", () => {
  it("keeps its cache equal to the store across a forced 410 and a stop()/start() outage", async () => {
    f = await startKubeSim();
    const kc = new KubeConfig();
    kc.loadFromFile(f.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    // Only this test's ConfigMaps (the namespace also holds the published kube-root-ca.crt).
    const labelSelector = "informer=yes";
    const informer = makeInformer<V1ConfigMap>(kc, "/api/v1/namespaces/ollama/configmaps", () => core.listNamespacedConfigMap({ namespace: "ollama", labelSelector }), labelSelector);
    const adds: string[] = [];
    const deletes: string[] = [];
    informer.on("add", (cm) => adds.push(cm.metadata?.name ?? ""));
    informer.on("delete", (cm) => deletes.push(cm.metadata?.name ?? ""));
    let stopped = false;
    let errors = 0;
    // The informer stops on any error but 410; restart it as the client-node example does.
    informer.on("error", () => {
      errors++;
      setTimeout(() => void (stopped || informer.start()), 100);
    });
    const cached = () => informer.list("ollama").map((cm) => `${cm.metadata?.name}@${cm.metadata?.resourceVersion}`).sort();
    const stored = () => f.sim.store.list("ConfigMap", "ollama").filter((cm) => cm.metadata.labels?.informer === "yes").map((cm) => `${cm.metadata.name}@${cm.metadata.resourceVersion}`).sort();
    try {
      f.sim.store.create(configMap("before-start"));
      await informer.start();
      await core.createNamespacedConfigMap({ namespace: "ollama", body: configMap("while-watching") });
      await until(() => cached().length === 2);

      f.sim.expireWatches();
      f.sim.store.create(configMap("after-expiry"));
      await until(() => cached().join() === stored().join() && stored().length === 3, 10_000);

      const errorsBefore = errors;
      await f.sim.stop();
      f.sim.store.create(configMap("during-outage"));
      f.sim.store.remove("ConfigMap", "ollama", "before-start");
      f.sim.patch("ConfigMap", "ollama", "while-watching", { data: { model: "changed" } });
      // Restart once the informer has run into the outage (not after a guessed delay).
      await until(() => errors > errorsBefore, 10_000);
      await f.sim.start();
      await until(() => cached().join() === stored().join(), 10_000);
      expect(errors).toBeGreaterThan(0);

      expect(informer.list("ollama").map((cm) => cm.metadata?.name).sort()).toEqual(["after-expiry", "during-outage", "while-watching"]);
      expect(informer.get("while-watching", "ollama")?.data).toEqual({ model: "changed" });
      expect(adds.sort()).toEqual(["after-expiry", "before-start", "during-outage", "while-watching"]);
      expect(deletes).toEqual(["before-start"]);
    } finally {
      stopped = true;
      await informer.stop();
    }
  });
});
