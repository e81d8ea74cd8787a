// The kubectl commands whose typed clients send protobuf bodies (application/vnd.kubernetes.protobuf) for kinds the
// simulator serves, run against the real kube-apiserver v1.34 (tests/real/kube-protobuf.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts): each object must read back (`kubectl get -o json`) as the same
// expectation on both, with the real server's defaults, allocations and admission. Found with `kubectl -v=8`: `create
// namespace|configmap|secret|service|deployment|ingress` and `debug` (node and --copy-to) send protobuf; `run`,
// `expose`, `create -f`, `apply` and `replace` send JSON, and `scale`, `label`, `annotate`, `set`, `rollout` and
// `taint` send JSON patches. sim/README.md, Kubernetes difference 5. Between them run the Pods the ReplicaSet controller
// makes, updates and patches without defaults (difference 12) and a Pod of quantities in every form (difference 13).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";
import { QUANTITY_CASES } from "./quantity-cases.ts";

/** What the scenario needs from a target: kubectl, and a wait until a new namespace takes Pods. */
export interface ProtoTarget {
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** kube-apiserver refuses a Pod until the ServiceAccount controller has made the namespace's `default` account. */
  podsAllowed(namespace: string): Promise<void>;
}

interface ProtoCase {
  what: string;
  /** kubectl commands, each run in the test namespace (`<dir>` in an argument is the directory `files` are written to). */
  run: string[][];
  /** JSON files to write first, by name. */
  files?: Record<string, unknown>;
  /** The object to read: resource and name (a trailing `*` matches a generated suffix). */
  read: [string, string];
  /** What the object's fields but status are, once stored (the masks below applied). */
  expect: Record<string, unknown>;
  /** A Pod the scheduler places: its node is masked. */
  scheduled?: boolean;
  /** More values the server picks for this case, masked like MASKS. */
  masks?: [RegExp, string][];
}

// Values the server picks: a cluster IP, a node port nobody asked for, the token volume's and a debug pod's suffix (and
// the scheduler's node, below). Each is replaced by a placeholder before comparing.
const MASKS: [RegExp, string][] = [
  [/"10\.43\.\d+\.\d+"/g, '"<clusterIP>"'],
  [/kube-api-access-[a-z0-9]{5}/g, "kube-api-access-<random>"],
  [/node-debugger-gpu-node-1-[a-z0-9]{5}/g, "node-debugger-gpu-node-1-<random>"],
];

/** The object as compared: no identity or bookkeeping metadata, no status, the server's picks masked. */
function stored(obj: Record<string, unknown>, nodePort: number, c: ProtoCase): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = obj;
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...meta } = metadata as Record<string, unknown>;
  const spec = rest.spec as { ports?: { nodePort?: number | string }[]; nodeName?: string } | undefined;
  for (const port of spec?.ports ?? []) if (port.nodePort !== undefined && port.nodePort !== nodePort) port.nodePort = "<nodePort>";
  if (c.scheduled && spec?.nodeName) spec.nodeName = "<scheduled>";
  let text = JSON.stringify({ ...rest, metadata: meta });
  for (const [pattern, placeholder] of [...MASKS, ...(c.masks ?? [])]) text = text.replace(pattern, placeholder);
  return JSON.parse(text) as Record<string, unknown>;
}

const CONTAINER = { resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" };
const POD_SPEC = { dnsPolicy: "ClusterFirst", restartPolicy: "Always", schedulerName: "default-scheduler", securityContext: {}, terminationGracePeriodSeconds: 30 };
const ROLLING = { progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } };
const TOKEN_MOUNT = { name: "kube-api-access-<random>", readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" };
// What the ServiceAccount, DefaultTolerationSeconds and Priority admission plugins add to a new Pod.
const TOKEN_VOLUME = {
  name: "kube-api-access-<random>",
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  },
};
const ADMITTED = { enableServiceLinks: true, preemptionPolicy: "PreemptLowerPriority", priority: 0, serviceAccount: "default", serviceAccountName: "default" };
const NODE_TOLERATIONS = ["not-ready", "unreachable"].map((t) => ({ key: `node.kubernetes.io/${t}`, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }));
const SINGLE_STACK = { internalTrafficPolicy: "Cluster", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", sessionAffinity: "None" };

/** Containers requesting QUANTITY_CASES two at a time (as CPU and memory): as sent, or as the server stores them. */
function quantityContainers(sent: boolean): { name: string; image: string; resources: { requests: Record<string, string | number> } }[] {
  const containers = [];
  for (let i = 0; i < QUANTITY_CASES.length; i += 2) {
    const [cpu, memory] = [QUANTITY_CASES[i], QUANTITY_CASES[i + 1]].map((c) => c && (sent ? c[0] : c[1]));
    const requests: Record<string, string | number> = cpu === undefined ? {} : { cpu };
    if (memory !== undefined) requests.memory = memory;
    containers.push({ name: `q${i}`, image: "busybox:1.36", resources: { requests } });
  }
  return containers;
}

/** The cases for one run: `ns` is created by the first, `nodePort` is the one a NodePort Service asks for, `file` a 3-byte binary file. */
function protoCases(ns: string, nodePort: number, file: string): ProtoCase[] {
  const meta = (name: string, more: Record<string, unknown> = {}) => ({ name, namespace: ns, ...more });
  const service = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: meta(name, { labels: { app: name } }), spec: { selector: { app: name }, ...spec } });
  const ipv4 = { clusterIP: "<clusterIP>", clusterIPs: ["<clusterIP>"], ...SINGLE_STACK };
  /** A Deployment as stored with the server's defaults: `kubectl create deployment` labels it and selects by `app`. */
  const deployment = (name: string, replicas: number, generation: number, annotations: Record<string, string>, container: Record<string, unknown>) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(name, { generation, labels: { app: name }, annotations }),
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...ROLLING,
      template: { metadata: { labels: { app: name } }, spec: { ...POD_SPEC, containers: [{ ...container, ...CONTAINER }] } },
    },
  });
  const REV = (n: number) => ({ "deployment.kubernetes.io/revision": String(n) });
  const web = deployment("web", 2, 1, REV(1), { name: "nginx", image: "nginx:1.27", imagePullPolicy: "IfNotPresent", ports: [{ containerPort: 8080, protocol: "TCP" }] });
  const srcContainer = { name: "src", image: "nginx:1.27", imagePullPolicy: "IfNotPresent", ports: [{ containerPort: 80, protocol: "TCP" }], env: [{ name: "A", value: "1" }], ...CONTAINER, volumeMounts: [TOKEN_MOUNT] };
  const admittedPod = { ...POD_SPEC, ...ADMITTED, nodeName: "<scheduled>", tolerations: NODE_TOLERATIONS, volumes: [TOKEN_VOLUME] };
  return [
    {
      what: "kubectl create namespace",
      run: [["create", "namespace", ns]],
      read: ["namespace", ns],
      expect: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } }, spec: { finalizers: ["kubernetes"] } },
    },
    {
      what: "kubectl create configmap, with a binary file",
      run: [["create", "configmap", "cm", "--from-literal=greeting=hello world", `--from-file=bin=${file}`]],
      read: ["configmap", "cm"],
      expect: { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cm"), data: { greeting: "hello world" }, binaryData: { bin: "/wAB" } },
    },
    {
      what: "kubectl create secret generic, without a type",
      run: [["create", "secret", "generic", "sec", "--from-literal=token=s3cr\u00e9t", "--from-literal=empty="]],
      read: ["secret", "sec"],
      expect: { apiVersion: "v1", kind: "Secret", metadata: meta("sec"), type: "Opaque", data: { token: Buffer.from("s3cr\u00e9t").toString("base64"), empty: "" } },
    },
    {
      what: "kubectl create secret docker-registry",
      run: [["create", "secret", "docker-registry", "registry", "--docker-server=r.example", "--docker-username=u", "--docker-password=p"]],
      read: ["secret", "registry"],
      expect: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta("registry"),
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": Buffer.from('{"auths":{"r.example":{"username":"u","password":"p","auth":"dTpw"}}}').toString("base64") },
      },
    },
    {
      what: "kubectl create service clusterip, with a named target port",
      run: [["create", "service", "clusterip", "cip", "--tcp=80:8080", "--tcp=9000:metrics"]],
      read: ["service", "cip"],
      expect: service("cip", {
        type: "ClusterIP",
        ...ipv4,
        ports: [
          { name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 },
          { name: "9000-metrics", port: 9000, protocol: "TCP", targetPort: "metrics" },
        ],
      }),
    },
    {
      what: "kubectl create service clusterip --clusterip=None (headless)",
      run: [["create", "service", "clusterip", "headless", "--clusterip=None"]],
      read: ["service", "headless"],
      expect: service("headless", { type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"], ...SINGLE_STACK }),
    },
    {
      what: "kubectl create service nodeport --node-port",
      run: [["create", "service", "nodeport", "np", "--tcp=80:8080", `--node-port=${nodePort}`]],
      read: ["service", "np"],
      expect: service("np", { type: "NodePort", ...ipv4, externalTrafficPolicy: "Cluster", ports: [{ name: "80-8080", nodePort, port: 80, protocol: "TCP", targetPort: 8080 }] }),
    },
    {
      what: "kubectl replace (JSON) of that Service without its cluster IP, families or node port: the update keeps what was allocated",
      files: { "np.json": { apiVersion: "v1", kind: "Service", metadata: { name: "np", labels: { app: "np" } }, spec: { type: "NodePort", selector: { app: "np" }, ports: [{ name: "80-8080", port: 80, targetPort: 8080 }] } } },
      run: [["replace", "-f", "<dir>/np.json"]],
      read: ["service", "np"],
      expect: service("np", { type: "NodePort", ...ipv4, externalTrafficPolicy: "Cluster", ports: [{ name: "80-8080", nodePort, port: 80, protocol: "TCP", targetPort: 8080 }] }),
    },
    {
      what: "kubectl create service loadbalancer",
      run: [["create", "service", "loadbalancer", "lb", "--tcp=80"]],
      read: ["service", "lb"],
      expect: service("lb", {
        type: "LoadBalancer",
        ...ipv4,
        allocateLoadBalancerNodePorts: true,
        externalTrafficPolicy: "Cluster",
        ports: [{ name: "80", nodePort: "<nodePort>", port: 80, protocol: "TCP", targetPort: 80 }],
      }),
    },
    {
      what: "kubectl create service externalname",
      run: [["create", "service", "externalname", "external", "--external-name=example.com"]],
      read: ["service", "external"],
      expect: service("external", { type: "ExternalName", externalName: "example.com", sessionAffinity: "None" }),
    },
    {
      what: "kubectl create deployment --image --replicas --port",
      run: [["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=8080"]],
      read: ["deployment", "web"],
      expect: web,
    },
    {
      what: "a Pod the ReplicaSet controller makes for that Deployment (created through the API, so admitted)",
      run: [],
      read: ["pod", "web-*"],
      expect: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta("web-<hash>-<random>", {
          generateName: "web-<hash>-",
          generation: 1,
          labels: { app: "web", "pod-template-hash": "<hash>" },
          ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-<hash>", uid: "<uid>", controller: true, blockOwnerDeletion: true }],
        }),
        spec: { ...admittedPod, containers: [{ name: "nginx", image: "nginx:1.27", imagePullPolicy: "IfNotPresent", ports: [{ containerPort: 8080, protocol: "TCP" }], ...CONTAINER, volumeMounts: [TOKEN_MOUNT] }] },
      },
      scheduled: true,
      // The pod-template-hash (the simulator hashes the template its own way), the ReplicaSet's uid and the pod's suffix.
      masks: [
        [/web-[a-z0-9]{6,10}-[a-z0-9]{5}"/g, 'web-<hash>-<random>"'],
        [/web-[a-z0-9]{6,10}(-?)"/g, 'web-<hash>$1"'],
        [/"pod-template-hash":"[a-z0-9]+"/g, '"pod-template-hash":"<hash>"'],
        [/"uid":"[^"]+"/g, '"uid":"<uid>"'],
      ],
    },
    {
      what: "kubectl replace (JSON) of that Deployment without its defaults: they are applied again, so neither spec nor generation changes",
      files: {
        "web.json": {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", labels: { app: "web" }, annotations: { "deployment.kubernetes.io/revision": "1" } },
          spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 8080 }] }] } } },
        },
      },
      run: [["replace", "-f", "<dir>/web.json"]],
      read: ["deployment", "web"],
      expect: web,
    },
    {
      what: "kubectl create deployment with a command and no replicas",
      run: [["create", "deployment", "sleeper", "--image=busybox", "--replicas=0", "--", "sleep", "100"]],
      read: ["deployment", "sleeper"],
      expect: deployment("sleeper", 0, 1, REV(1), { name: "busybox", image: "busybox", imagePullPolicy: "Always", command: ["sleep", "100"] }),
    },
    {
      what: "kubectl patch --type=json of that Deployment with a container without defaults: a new generation, the defaults applied again",
      run: [["patch", "deployment", "sleeper", "--type=json", '-p=[{"op":"replace","path":"/spec/template/spec/containers","value":[{"name":"busybox","image":"busybox:1.36"}]}]']],
      read: ["deployment", "sleeper"],
      expect: deployment("sleeper", 0, 2, REV(2), { name: "busybox", image: "busybox:1.36", imagePullPolicy: "IfNotPresent" }),
      // The new template's ReplicaSet is revision 2.
    },
    {
      what: "kubectl annotate of that Deployment: a client's change of a Deployment's annotations is a new generation too",
      run: [["annotate", "deployment", "sleeper", "team=ops"]],
      read: ["deployment", "sleeper"],
      expect: deployment("sleeper", 0, 3, { ...REV(2), team: "ops" }, { name: "busybox", image: "busybox:1.36", imagePullPolicy: "IfNotPresent" }),
    },
    {
      what: "kubectl create ingress --class --rule (tls) --annotation --default-backend",
      run: [["create", "ingress", "web", "--class=traefik", "--rule=a.example.com/api*=web:8080,tls=a-tls", "--annotation=team=ops", "--default-backend=web:80"]],
      read: ["ingress", "web"],
      expect: {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: meta("web", { generation: 1, annotations: { team: "ops" } }),
        spec: {
          ingressClassName: "traefik",
          defaultBackend: { service: { name: "web", port: { number: 80 } } },
          rules: [{ host: "a.example.com", http: { paths: [{ path: "/api", pathType: "Prefix", backend: { service: { name: "web", port: { number: 8080 } } } }] } }],
          tls: [{ hosts: ["a.example.com"], secretName: "a-tls" }],
        },
      },
    },
    {
      what: "kubectl create ingress with a named port, a rule without host and tls without a secret",
      run: [["create", "ingress", "mixed", "--rule=b.example.com/=svc:http", "--rule=/exact=svc:80", "--rule=c.example.com/*=svc:8080,tls"]],
      read: ["ingress", "mixed"],
      expect: {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: meta("mixed", { generation: 1 }),
        spec: {
          rules: [
            { host: "b.example.com", http: { paths: [{ path: "/", pathType: "Exact", backend: { service: { name: "svc", port: { name: "http" } } } }] } },
            { http: { paths: [{ path: "/exact", pathType: "Exact", backend: { service: { name: "svc", port: { number: 80 } } } }] } },
            { host: "c.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "svc", port: { number: 8080 } } } }] } },
          ],
          tls: [{ hosts: ["c.example.com"] }],
        },
      },
    },
    {
      what: "kubectl debug node/gpu-node-1 (a host pod)",
      run: [["debug", "node/gpu-node-1", "--image=busybox:1.36", "--attach=false"]],
      read: ["pod", "node-debugger-gpu-node-1-*"],
      expect: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta("node-debugger-gpu-node-1-<random>", { generation: 1 }),
        spec: {
          ...POD_SPEC,
          ...ADMITTED,
          restartPolicy: "Never",
          nodeName: "gpu-node-1",
          hostIPC: true,
          hostNetwork: true,
          hostPID: true,
          tolerations: [{ operator: "Exists" }],
          containers: [{ name: "debugger", image: "busybox:1.36", imagePullPolicy: "IfNotPresent", ...CONTAINER, volumeMounts: [{ mountPath: "/host", name: "host-root" }, TOKEN_MOUNT] }],
          volumes: [{ name: "host-root", hostPath: { path: "/", type: "" } }, TOKEN_VOLUME],
        },
      },
    },
    {
      what: "kubectl create -f (JSON) of a Pod with quantities in every form: stored canonical",
      files: { "quantities.json": { apiVersion: "v1", kind: "Pod", metadata: { name: "quantities" }, spec: { nodeName: "gpu-node-1", containers: quantityContainers(true), volumes: [{ name: "fine", emptyDir: { sizeLimit: "1.1e-3" } }, { name: "half", emptyDir: { sizeLimit: "0.5Gi" } }] } } },
      run: [["create", "-f", "<dir>/quantities.json"]],
      read: ["pod", "quantities"],
      expect: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta("quantities", { generation: 1 }),
        spec: {
          ...admittedPod,
          nodeName: "gpu-node-1",
          containers: quantityContainers(false).map((c) => ({ ...c, imagePullPolicy: "IfNotPresent", ...CONTAINER, resources: c.resources, volumeMounts: [TOKEN_MOUNT] })),
          // A sizeLimit is a Quantity but no ResourceList: rounded up to billionths only.
          volumes: [{ name: "fine", emptyDir: { sizeLimit: "1100e-6" } }, { name: "half", emptyDir: { sizeLimit: "512Mi" } }, TOKEN_VOLUME],
        },
      },
    },
    {
      what: "kubectl run (JSON), the source of the copy below",
      run: [["run", "src", "--image=nginx:1.27", "--port=80", "--env=A=1", "--labels=app=src"]],
      read: ["pod", "src"],
      expect: { apiVersion: "v1", kind: "Pod", metadata: meta("src", { generation: 1, labels: { app: "src" } }), spec: { ...admittedPod, containers: [srcContainer] } },
      scheduled: true,
    },
    {
      what: "kubectl debug --copy-to (a whole admitted pod sent back, plus a container)",
      run: [["debug", "src", "--copy-to=src-copy", "--image=busybox:1.36", "--container=dbg", "--share-processes", "--attach=false"]],
      read: ["pod", "src-copy"],
      expect: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta("src-copy", { generation: 1 }),
        spec: {
          ...admittedPod,
          shareProcessNamespace: true,
          containers: [srcContainer, { name: "dbg", image: "busybox:1.36", imagePullPolicy: "IfNotPresent", ...CONTAINER, volumeMounts: [TOKEN_MOUNT] }],
        },
      },
      scheduled: true,
    },
  ];
}

/** Runs every case on a target, in a new namespace that is deleted afterwards; the assertions are the same on both. */
export async function checkKubectlProtobufCreates(t: ProtoTarget): Promise<void> {
  const ns = `proto-${Date.now().toString(36)}`;
  const nodePort = 30100 + Math.floor(Math.random() * 2600);
  const dir = await mkdtemp(join(tmpdir(), "kubectl-proto-"));
  const file = join(dir, "bin");
  await writeFile(file, Buffer.from([0xff, 0x00, 0x01]));
  try {
    for (const c of protoCases(ns, nodePort, file)) {
      if (c.read[0] === "pod") await t.podsAllowed(ns);
      for (const [name, content] of Object.entries(c.files ?? {})) await writeFile(join(dir, name), JSON.stringify(content));
      for (const args of c.run) {
        const res = await t.kubectl(...(args[1] === "namespace" ? [] : ["-n", ns]), ...args.map((a) => a.replace("<dir>", dir)));
        expect(res.code, `${c.what}: ${res.stderr}`).toBe(0);
      }
      const [resource, name] = c.read;
      // Controllers write some of it after the create (a Deployment's revision annotation), so it is read until it settles.
      await vi.waitFor(
        async () => {
          const got = await t.kubectl("get", name.endsWith("*") ? `${resource}s` : `${resource}/${name}`, ...(resource === "namespace" ? [] : ["-n", ns]), "-o", "json");
          expect(got.code, got.stderr).toBe(0);
          const parsed = JSON.parse(got.stdout) as Record<string, unknown> & { items?: Record<string, unknown>[] };
          const obj = name.endsWith("*") ? parsed.items?.find((i) => String((i.metadata as { name: string }).name).startsWith(name.slice(0, -1))) : parsed;
          expect({ what: c.what, stored: obj && stored(obj, nodePort, c) }).toEqual({ what: c.what, stored: c.expect });
        },
        { timeout: 15_000, interval: 200 },
      );
    }
  } finally {
    await t.kubectl("delete", "namespace", ns, "--wait=false");
    await rm(dir, { recursive: true, force: true });
  }
}
