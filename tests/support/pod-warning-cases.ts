// The warnings kube-apiserver v1.34.4 sends with a Pod's or a workload's create (pkg/api/pod/warnings.go and the Pod
// strategy's AppArmor version skew), found against a real one: one Pod and one Deployment that set off most of them,
// each map holding one entry that warns (Go ranges over maps in random order). Called from wire-null-cases.ts, so it runs
// on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import { LABEL_VALUE } from "./volume-source-cases.ts";
import { warningTexts, type WireTarget } from "./wire-null-cases.ts";

const WARNED_POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "warned.pod",
    annotations: {
      "scheduler.alpha.kubernetes.io/critical-pod": "",
      "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
      "container.seccomp.security.alpha.kubernetes.io/c": "runtime/default",
      "container.apparmor.security.beta.kubernetes.io/c": "runtime/default",
      "pod.beta.kubernetes.io/init-containers": "[]",
    },
  },
  spec: {
    schedulerName: "none",
    // A Pod's negative grace period is read as 1 (conversion), so it is stored so and not warned about; a template's is.
    terminationGracePeriodSeconds: -1,
    nodeSelector: { "beta.kubernetes.io/arch": "amd64" },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "failure-domain.beta.kubernetes.io/zone", operator: "In", values: ["a"] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "k", operator: "In", values: ["-bad"] }] } }],
      },
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "zone" }] },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "beta.kubernetes.io/os", whenUnsatisfiable: "ScheduleAnyway" }],
    volumes: [
      { name: "cm", configMap: { name: "c", items: [{ key: "a", path: "x" }, { key: "b", path: "x/y" }] } },
      { name: "g", gitRepo: { repository: "https://example.invalid/r.git" } },
      { name: "p", projected: { sources: [{ serviceAccountToken: { path: "t" } }, { configMap: { name: "c", items: [{ key: "k", path: "t" }] } }] } },
      { name: "e", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1500m" } } } } } },
    ],
    hostAliases: [{ ip: "010.1.1.1", hostnames: ["a"] }, { ip: "010.1.1.1", hostnames: ["b"] }, { ip: "FE80::1", hostnames: ["c"] }],
    imagePullSecrets: [{ name: "s" }, { name: "s" }, { name: "" }],
    dnsConfig: { nameservers: ["::ffff:1.2.3.4"] },
    containers: [
      {
        name: "c",
        image: "x",
        resources: { requests: { memory: "1500m" }, limits: { "ephemeral-storage": "0.5" } },
        env: [{ name: "A", value: "1" }, { name: "A", value: "2" }, { name: "B", value: "1" }, { name: "B", value: "$(B)-more" }],
        ports: [{ containerPort: 80, hostIP: "1.2.3.4", name: "web" }, { containerPort: 80 }],
      },
      { name: "d", image: "x", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, name: "web" }] },
    ],
  },
};

const POD_WARNINGS = [
  // Given while the Pod is prepared (the annotation is read into the container's appArmorProfile), before the rest.
  'metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: deprecated since v1.30; use the "appArmorProfile" field instead',
  "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
  'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
  'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  `spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]: -bad is invalid, ${LABEL_VALUE}`,
  'spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
  "spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod",
  'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
  "spec.volumes[1].gitRepo: deprecated in v1.11, and disabled by default in v1.33+",
  'spec.volumes[3].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
  'volume "cm" (ConfigMap "c"): overlapping paths: "x/y" with "x"',
  'volume "p" (Projected): overlapping paths: "t" (ConfigMap "c") with "t" (ServiceAccountToken)',
  'spec.hostAliases[1].ip: duplicate ip "010.1.1.1"',
  'spec.imagePullSecrets[1].name: duplicate name "s"',
  'spec.imagePullSecrets[2].name: invalid empty name ""',
  'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
  'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/c]: non-functional in v1.27+; use the "seccompProfile" field instead',
  'spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
  'spec.containers[0].resources.limits[ephemeral-storage]: fractional byte value "500m" is invalid, must be an integer',
  // The request defaulted from the limit.
  'spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "500m" is invalid, must be an integer',
  'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
  "spec.containers[0].ports[0]: hostIP set without hostPort: {Name:web HostPort:0 ContainerPort:80 Protocol:TCP HostIP:1.2.3.4}",
  "spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
  "spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]",
  "spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[1]",
  'spec.containers[1].ports[1]: duplicate port name "web" with spec.containers[0].ports[0], services and probes that select ports by name will use spec.containers[0].ports[0]',
  "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod",
  'spec.dnsConfig.nameservers[0]: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"',
  'spec.hostAliases[0].ip: non-standard IP address "010.1.1.1" will be considered invalid in a future Kubernetes release: use "10.1.1.1"',
  'spec.hostAliases[1].ip: non-standard IP address "010.1.1.1" will be considered invalid in a future Kubernetes release: use "10.1.1.1"',
  'spec.hostAliases[2].ip: IPv6 address "FE80::1" should be in RFC 5952 canonical format ("fe80::1")',
];

const WARNED_DEPLOYMENT = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "warned-deploy" },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: "w" } },
    template: {
      metadata: { labels: { app: "w" }, annotations: { "container.apparmor.security.beta.kubernetes.io/c": "localhost/p" } },
      spec: { terminationGracePeriodSeconds: -1, nodeSelector: { "beta.kubernetes.io/arch": "amd64" }, containers: [{ name: "c", image: "x" }] },
    },
  },
};

/** The Pod and the Deployment are created, each with exactly real's warnings, in order; the Pod's AppArmor annotation became its field. */
export async function checkPodWarnings(target: WireTarget, ns: string): Promise<void> {
  const pod = await target.send("POST", `/api/v1/namespaces/${ns}/pods`, WARNED_POD);
  expect([pod.status, pod.body.message]).toEqual([201, undefined]);
  expect(warningTexts(pod.warning)).toEqual(POD_WARNINGS);
  const [container] = (pod.body.spec as { containers: { securityContext?: unknown }[] }).containers;
  expect(container?.securityContext).toEqual({ appArmorProfile: { type: "RuntimeDefault" } });
  // Conversion drops the legacy init-container annotations of a Pod.
  expect([(pod.body.spec as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds, Object.keys((pod.body.metadata as { annotations: object }).annotations).sort()]).toEqual([
    1,
    ["container.apparmor.security.beta.kubernetes.io/c", "container.seccomp.security.alpha.kubernetes.io/c", "scheduler.alpha.kubernetes.io/critical-pod", "seccomp.security.alpha.kubernetes.io/pod"],
  ]);
  const deployment = await target.send("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, WARNED_DEPLOYMENT);
  expect([deployment.status, deployment.body.message]).toEqual([201, undefined]);
  expect(warningTexts(deployment.warning)).toEqual([
    'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
    'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: deprecated since v1.30; use the "appArmorProfile" field instead',
    "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
  ]);
  // A claim's, on its create and on every update.
  const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
  const claim = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "warned-claim", annotations: { "volume.beta.kubernetes.io/storage-class": "none" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1500m" }, limits: { storage: "2" } } } };
  const claimed = await target.send("POST", claims, claim);
  const claimWarnings = ['metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead', 'spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer'];
  expect([claimed.status, claimed.body.message, warningTexts(claimed.warning)]).toEqual([201, undefined, claimWarnings]);
  const relabelled = await target.send("PATCH", `${claims}/warned-claim`, { metadata: { labels: { seen: "yes" } } });
  expect([relabelled.status, warningTexts(relabelled.warning)]).toEqual([200, claimWarnings]);
}
