// Protobuf creates of the served kinds no kubectl command sends as protobuf (the kubelet and controllers do): Node,
// PersistentVolumeClaim, Event, StorageClass, Lease and EndpointSlice; and a Deployment whose template has in-tree
// volumes; and status writes (a Pod's, a Service's) as a kubelet or a controller sends them. Each is encoded by tests/support/protobuf-encode.ts,
// POSTed to the real kube-apiserver v1.34 (tests/real/kube-protobuf.test.ts) and to the simulator
// (tests/integration/kube-sim-fidelity.test.ts), and the created object it answers must be `stored` on both.
import { expect, vi } from "vitest";
import { encodeObject } from "./protobuf-encode.ts";

interface ProtobufCase {
  /** The collection the object is POSTed to. */
  path: string;
  sent: { apiVersion: string; kind: string } & Record<string, unknown>;
  /** The object the server answers, without its identity and bookkeeping metadata. */
  stored: Record<string, unknown>;
}

const T = "2023-11-14T22:13:20Z";

/** The cases for a namespace `ns`; cluster-scoped names end in `suffix`. */
export function protobufCases(ns: string, suffix: string): ProtobufCase[] {
  const node = `pb-node-${suffix}`;
  const sc = `pb-sc-${suffix}`;
  const pod = { kind: "Pod", namespace: ns, name: "p", uid: "0b7f5c35-5d0a-4bde-9f43-5ad1e8d7f1a1", apiVersion: "v1" };
  const nodeSpec = { podCIDR: "10.244.9.0/24", podCIDRs: ["10.244.9.0/24"], providerID: "kind://pb", unschedulable: true, taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] };
  const nodeStatus = {
    capacity: { cpu: "4000m", memory: "8192Mi", pods: "110" },
    conditions: [{ type: "Ready", status: "False", reason: "KubeletNotReady", message: "starting", lastHeartbeatTime: T, lastTransitionTime: T }, { type: "MemoryPressure", status: "False" }],
    addresses: [{ type: "InternalIP", address: "10.0.0.9" }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { kubeletVersion: "v1.34.0", architecture: "amd64", operatingSystem: "linux", swap: { capacity: 1_073_741_824 } },
    images: [{ names: ["busybox:1.36"], sizeBytes: 2_150_000 }],
  };
  const event = {
    involvedObject: pod,
    reason: "Pulled",
    message: "Successfully pulled image",
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: T,
    lastTimestamp: T,
    count: 2,
    type: "Normal",
    reportingComponent: "kubelet",
    reportingInstance: "node-1",
  };
  const newEvent = { involvedObject: pod, reason: "Scheduled", message: "placed", eventTime: "2023-11-14T22:13:20.123456Z", action: "Binding", type: "Normal", reportingComponent: "default-scheduler", reportingInstance: "s-1", source: {} };
  const claimTemplate = { metadata: { labels: { cache: "1" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
  const volumes = [
    { name: "nfs", nfs: { server: "10.0.0.1", path: "/export", readOnly: true } },
    { name: "gce", gcePersistentDisk: { pdName: "disk-1", fsType: "ext4" } },
    { name: "eph", ephemeral: { volumeClaimTemplate: claimTemplate } },
    { name: "iscsi", iscsi: { targetPortal: "10.0.0.2:3260", iqn: "iqn.2001-04.com.example:disk", lun: 0 } },
    { name: "rbd", rbd: { monitors: ["10.0.0.4:6789"], image: "img" } },
    { name: "cephfs", cephfs: { monitors: ["10.0.0.5:6789"], path: "/" } },
    { name: "azure", azureDisk: { diskName: "d", diskURI: "https://a.blob.core.windows.net/c/d.vhd" } },
  ];
  // The plugins' defaults (an ephemeral claim's volume mode, iSCSI's interface, RBD's pool, user and keyring, Azure's disk settings).
  const storedVolumes = [
    volumes[0],
    volumes[1],
    { name: "eph", ephemeral: { volumeClaimTemplate: { ...claimTemplate, spec: { ...claimTemplate.spec, volumeMode: "Filesystem" } } } },
    { name: "iscsi", iscsi: { targetPortal: "10.0.0.2:3260", iqn: "iqn.2001-04.com.example:disk", lun: 0, iscsiInterface: "default" } },
    { name: "rbd", rbd: { monitors: ["10.0.0.4:6789"], image: "img", pool: "rbd", user: "admin", keyring: "/etc/ceph/keyring" } },
    volumes[5],
    { name: "azure", azureDisk: { diskName: "d", diskURI: "https://a.blob.core.windows.net/c/d.vhd", cachingMode: "ReadWrite", fsType: "ext4", readOnly: false, kind: "Shared" } },
  ];
  const storageClass = {
    provisioner: "example.com/pb",
    parameters: { type: "fast" },
    mountOptions: ["debug"],
    allowVolumeExpansion: true,
    allowedTopologies: [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["a"] }] }],
  };
  const lease = { holderIdentity: "me", leaseDurationSeconds: 15, acquireTime: "2023-11-14T22:13:20.123456Z", renewTime: "2023-11-14T22:13:21.000000Z", leaseTransitions: 0 };
  const endpoint = { addresses: ["10.1.2.3"], conditions: { ready: true, serving: true, terminating: false }, nodeName: "node-1", targetRef: { kind: "Pod", namespace: ns, name: "p" } };
  const nodeInfo = Object.fromEntries(["machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"].map((k) => [k, ""]));
  return [
    {
      path: "/api/v1/nodes",
      sent: { apiVersion: "v1", kind: "Node", metadata: { name: node, labels: { pool: "gpu" } }, spec: nodeSpec, status: nodeStatus },
      stored: {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: node, labels: { pool: "gpu" } },
        // The TaintNodesByCondition admission plugin's taint.
        spec: { ...nodeSpec, taints: [...nodeSpec.taints, { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] },
        // Go writes the unset (not pointer) times as null.
        status: { ...nodeStatus, conditions: [nodeStatus.conditions[0], { type: "MemoryPressure", status: "False", lastHeartbeatTime: null, lastTransitionTime: null }], capacity: { cpu: "4", memory: "8Gi", pods: "110" }, allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, nodeInfo: { ...nodeInfo, ...nodeStatus.nodeInfo } },
      },
    },
    {
      path: `/api/v1/namespaces/${ns}/persistentvolumeclaims`,
      sent: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "pb-claim" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "0.5Gi" } }, storageClassName: "none-such" } },
      stored: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        // The StorageObjectInUseProtection admission plugin's finalizer.
        metadata: { name: "pb-claim", namespace: ns, finalizers: ["kubernetes.io/pvc-protection"] },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "512Mi" } }, storageClassName: "none-such", volumeMode: "Filesystem" },
        status: { phase: "Pending" },
      },
    },
    {
      path: `/api/v1/namespaces/${ns}/events`,
      sent: { apiVersion: "v1", kind: "Event", metadata: { name: "pb-event", namespace: ns }, ...event },
      stored: { apiVersion: "v1", kind: "Event", metadata: { name: "pb-event", namespace: ns }, ...event, eventTime: null },
    },
    {
      // As an events.k8s.io recorder writes it: an eventTime and no first or last timestamp, which are read as null.
      path: `/api/v1/namespaces/${ns}/events`,
      sent: { apiVersion: "v1", kind: "Event", metadata: { name: "pb-event-new", namespace: ns }, ...newEvent },
      stored: { apiVersion: "v1", kind: "Event", metadata: { name: "pb-event-new", namespace: ns }, ...newEvent, firstTimestamp: null, lastTimestamp: null },
    },
    {
      // A pod template (no ServiceAccount needed, unlike a Pod) with network, cloud and ephemeral volumes; the real server
      // also takes the deprecated plugins (cephfs, rbd: a warning) without a cloud provider.
      path: `/apis/apps/v1/namespaces/${ns}/deployments`,
      sent: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "pb-volumes" }, spec: { selector: { matchLabels: { app: "v" } }, template: { metadata: { labels: { app: "v" } }, spec: { containers: [{ name: "c", image: "x" }], volumes } } } },
      stored: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "pb-volumes", namespace: ns, generation: 1 },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "v" } },
          template: {
            metadata: { labels: { app: "v" } },
            spec: {
              containers: [{ name: "c", image: "x", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", imagePullPolicy: "Always" }],
              volumes: storedVolumes,
              restartPolicy: "Always",
              terminationGracePeriodSeconds: 30,
              dnsPolicy: "ClusterFirst",
              securityContext: {},
              schedulerName: "default-scheduler",
            },
          },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
        status: {},
      },
    },
    {
      path: "/apis/storage.k8s.io/v1/storageclasses",
      sent: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc }, ...storageClass },
      stored: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc }, ...storageClass, reclaimPolicy: "Delete", volumeBindingMode: "Immediate" },
    },
    {
      path: `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
      sent: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "pb-lease" }, spec: lease },
      stored: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "pb-lease", namespace: ns }, spec: lease },
    },
    {
      path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
      sent: {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "pb-slice", labels: { "kubernetes.io/service-name": "svc" } },
        addressType: "IPv4",
        endpoints: [endpoint],
        ports: [{ port: 80 }, { name: "https", protocol: "TCP", port: 443, appProtocol: "https" }],
      },
      stored: {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "pb-slice", namespace: ns, generation: 1, labels: { "kubernetes.io/service-name": "svc" } },
        addressType: "IPv4",
        endpoints: [endpoint],
        ports: [{ name: "", protocol: "TCP", port: 80 }, { name: "https", protocol: "TCP", port: 443, appProtocol: "https" }],
      },
    },
  ];
}

/** The object as compared: no identity or bookkeeping metadata. */
export function asStored(obj: Record<string, unknown>): Record<string, unknown> {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...metadata } = obj.metadata as Record<string, unknown>;
  return { ...obj, metadata };
}

/** What a target answers to a POST or PUT of a protobuf body (as JSON), and how to remove what the cases made. */
export interface ProtobufTarget {
  post(path: string, body: Buffer): Promise<{ status: number; body: Record<string, unknown> }>;
  put(path: string, body: Buffer): Promise<{ status: number; body: Record<string, unknown> }>;
  remove(path: string): Promise<void>;
}

/**
 * Status writes in protobuf, as a kubelet or a controller sends them: a Pod's status (containers' states, conditions)
 * and a LoadBalancer Service's, each PUT whole to its status subresource, stored as sent with Go's zeros. Neither
 * object has anyone else writing its status: the Pod names a scheduler that does not run, no cloud provider serves
 * the Service.
 */
async function checkStatusWrites(t: ProtobufTarget, ns: string, suffix: string, created: string[]): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: `status-${suffix}` }, spec: { schedulerName: `nobody-${suffix}`, containers: [{ name: "c", image: "busybox" }] } };
  // The namespace's default ServiceAccount comes shortly after the namespace: until then a Pod is refused.
  let made: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  await vi.waitFor(async () => {
    made = await t.post(pods, encodeObject(pod));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }, { timeout: 20_000, interval: 200 });
  created.push(`${pods}/${pod.metadata.name}`);
  const meta = made.body.metadata as { resourceVersion: string; uid: string };
  const podStatus = {
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "False", observedGeneration: 1, lastTransitionTime: T, reason: "Unschedulable", message: "waiting" }],
    message: "held",
    reason: "Held",
    nominatedNodeName: "node-1",
    qosClass: "BestEffort",
    containerStatuses: [
      {
        name: "c",
        state: { waiting: { reason: "ContainerCreating", message: "pulling" } },
        lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: T, finishedAt: T, containerID: "containerd://abc" } },
        ready: false,
        restartCount: 1,
        image: "busybox",
        imageID: "",
        started: false,
      },
    ],
  };
  const written = await t.put(`${pods}/${pod.metadata.name}/status`, encodeObject({ ...pod, metadata: { ...pod.metadata, resourceVersion: meta.resourceVersion, uid: meta.uid }, status: podStatus }));
  expect(written.status, JSON.stringify(written.body)).toBe(200);
  expect(written.body.status).toEqual({
    ...podStatus,
    conditions: [{ ...podStatus.conditions[0], lastProbeTime: null }],
    containerStatuses: [{ ...podStatus.containerStatuses[0], state: { waiting: { reason: "ContainerCreating", message: "pulling" } } }],
  });

  const services = `/api/v1/namespaces/${ns}/services`;
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: `lb-${suffix}` }, spec: { type: "LoadBalancer", selector: { app: "x" }, ports: [{ port: 80, protocol: "TCP" }] } };
  const lb = await t.post(services, encodeObject(service));
  expect(lb.status, JSON.stringify(lb.body)).toBe(201);
  created.push(`${services}/${service.metadata.name}`);
  const serviceStatus = {
    loadBalancer: { ingress: [{ ip: "203.0.113.7", ipMode: "VIP", ports: [{ port: 80, protocol: "TCP" }] }] },
    conditions: [{ type: "Ready", status: "True", observedGeneration: 1, lastTransitionTime: T, reason: "Provisioned", message: "fine" }],
  };
  const sent = { ...service, metadata: { ...service.metadata, resourceVersion: (lb.body.metadata as { resourceVersion: string }).resourceVersion }, spec: lb.body.spec, status: serviceStatus };
  const balanced = await t.put(`${services}/${service.metadata.name}/status`, encodeObject(sent));
  expect(balanced.status, JSON.stringify(balanced.body)).toBe(200);
  expect(balanced.body.status).toEqual(serviceStatus);
}

/** POSTs every case's encoding in namespace `ns` (which must exist) and checks the created object; removes them after. */
export async function checkProtobufObjects(t: ProtobufTarget, ns: string): Promise<void> {
  const suffix = Date.now().toString(36);
  const created: string[] = [];
  try {
    for (const c of protobufCases(ns, suffix)) {
      const res = await t.post(c.path, encodeObject(c.sent));
      expect({ kind: c.sent.kind, status: res.status, refused: res.status === 201 ? undefined : res.body.message }).toEqual({ kind: c.sent.kind, status: 201, refused: undefined });
      created.push(`${c.path}/${String((c.sent.metadata as { name: string }).name)}`);
      expect(asStored(res.body)).toEqual(c.stored);
    }
    await checkStatusWrites(t, ns, suffix, created);
  } finally {
    for (const path of created) await t.remove(path);
  }
}
