// ValidatePodSpec beyond the volumes, as kube-apiserver v1.34.4 runs it, found against a real one: each container's
// name, image, termination message and pull policies, ports, env, envFrom, volume mounts (only volumes that passed their
// own checks can be mounted), lifecycle handlers, probes and restart policy; init containers and sidecars; host port
// clashes; the pod's restart and DNS policies, node selector, node and host names and deadline; a workload template's
// own rules. Called from wire-null-cases.ts, so it runs on the real control plane (tests/real/kube-protobuf.test.ts) and
// the simulator (tests/integration/kube-sim-fidelity.test.ts); both must answer the same.
import { expect } from "vitest";
import { type Cause, DNS_LABEL, DUPLICATE, FORBIDDEN, INVALID, LABEL_VALUE, NOT_FOUND, QUALIFIED, QUALIFIED_SLASHES, REQUIRED, SUBDOMAIN, UNSUPPORTED } from "./volume-source-cases.ts";
import { expectRefused } from "./metadata-validation-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

const PORT_RANGE = "must be between 1 and 65535, inclusive";
const ENV_NAME = "a valid environment variable name must consist only of printable ASCII characters other than '='";
const NEGATIVE = "must be greater than or equal to 0";
const REQUIRED_TERMS = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
const INIT_ONLY_SIDECAR = "may not be set for init containers without restartPolicy=Always";

/** A container with most of what can be wrong in one, and the causes real gives for it under `at`, in its order. */
const BAD_CONTAINER: Obj = {
  name: "Bad_Name",
  image: "",
  terminationMessagePolicy: "Sometimes",
  imagePullPolicy: "Maybe",
  ports: [{ name: "http", containerPort: 0 }, { name: "http", containerPort: 70000, hostPort: 8080, protocol: "ICMP" }, { name: "x--1-", containerPort: 80, hostPort: 8080 }],
  env: [{ name: "" }, { name: "A=B", value: "x" }, { name: "V", valueFrom: {} }, { name: "W", value: "v", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }, { name: "X", valueFrom: { configMapKeyRef: { name: "", key: "" }, secretKeyRef: { name: "s", key: "k" } } }],
  envFrom: [{ prefix: "P=", configMapRef: { name: "Bad_CM" } }, {}],
  volumeMounts: [{ name: "data", mountPath: "/d", subPath: "/abs" }, { name: "Bad_Vol", mountPath: "/d" }, { name: "", mountPath: "", subPathExpr: "../x", subPath: "y" }],
  resources: { limits: { cpu: "1" }, requests: { cpu: "2" } },
  // An empty httpGet path is defaulted to "/".
  lifecycle: { preStop: { httpGet: { path: "", port: 0, scheme: "FTP" } }, postStart: { sleep: { seconds: 100 } } },
  livenessProbe: { exec: { command: [] }, httpGet: { port: 80 }, successThreshold: 2, periodSeconds: -1 },
  readinessProbe: { tcpSocket: { port: "Bad Port" }, terminationGracePeriodSeconds: 5 },
  startupProbe: { initialDelaySeconds: 1 },
  // ContainerRestartRules is off in v1.34: a regular container's restartPolicy is dropped, not refused.
  restartPolicy: "Always",
};

const containerCauses = (at: string): Cause[] => [
  [INVALID, `${at}.name`, `Invalid value: "Bad_Name": ${DNS_LABEL}`],
  [REQUIRED, `${at}.image`, "Required value"],
  [UNSUPPORTED, `${at}.terminationMessagePolicy`, 'Unsupported value: "Sometimes": supported values: "File", "FallbackToLogsOnError"'],
  [REQUIRED, `${at}.ports[0].containerPort`, "Required value"],
  [DUPLICATE, `${at}.ports[1].name`, 'Duplicate value: "http"'],
  [INVALID, `${at}.ports[1].containerPort`, `Invalid value: 70000: ${PORT_RANGE}`],
  [UNSUPPORTED, `${at}.ports[1].protocol`, 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
  [INVALID, `${at}.ports[2].name`, 'Invalid value: "x--1-": must not contain consecutive hyphens'],
  [INVALID, `${at}.ports[2].name`, 'Invalid value: "x--1-": must not begin or end with a hyphen'],
  [REQUIRED, `${at}.env[0].name`, "Required value"],
  [INVALID, `${at}.env[1].name`, `Invalid value: "A=B": ${ENV_NAME}`],
  // EnvFiles is off in v1.34: fileKeyRef is dropped and not offered.
  [INVALID, `${at}.env[2].valueFrom`, 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
  [INVALID, `${at}.env[3].valueFrom`, 'Invalid value: "": may not be specified when `value` is not empty'],
  [INVALID, `${at}.env[4].valueFrom.configMapKeyRef.name`, `Invalid value: "": ${SUBDOMAIN}`],
  [REQUIRED, `${at}.env[4].valueFrom.configMapKeyRef.key`, "Required value"],
  [INVALID, `${at}.env[4].valueFrom`, 'Invalid value: "": may not have more than one field specified at a time'],
  [INVALID, `${at}.envFrom[0].prefix`, `Invalid value: "P=": ${ENV_NAME}`],
  [INVALID, `${at}.envFrom[0].configMapRef.name`, `Invalid value: "Bad_CM": ${SUBDOMAIN}`],
  [INVALID, `${at}.envFrom`, 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`'],
  [INVALID, `${at}.volumeMounts.subPath`, 'Invalid value: "/abs": must be a relative path'],
  [NOT_FOUND, `${at}.volumeMounts[1].name`, 'Not found: "Bad_Vol"'],
  [INVALID, `${at}.volumeMounts[1].mountPath`, 'Invalid value: "/d": must be unique'],
  [REQUIRED, `${at}.volumeMounts[2].name`, "Required value"],
  [NOT_FOUND, `${at}.volumeMounts[2].name`, 'Not found: ""'],
  [REQUIRED, `${at}.volumeMounts[2].mountPath`, "Required value"],
  [INVALID, `${at}.volumeMounts[2].subPathExpr`, 'Invalid value: "../x": subPathExpr and subPath are mutually exclusive'],
  [INVALID, `${at}.volumeMounts.subPathExpr`, `Invalid value: "../x": must not contain '..'`],
  [UNSUPPORTED, `${at}.imagePullPolicy`, 'Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"'],
  [INVALID, `${at}.resources.requests`, 'Invalid value: "2": must be less than or equal to cpu limit of 1'],
  [INVALID, `${at}.lifecycle.postStart.sleep`, "Invalid value: 100: must be non-negative and less than terminationGracePeriodSeconds (30)"],
  [INVALID, `${at}.lifecycle.preStop.httpGet.port`, `Invalid value: 0: ${PORT_RANGE}`],
  [UNSUPPORTED, `${at}.lifecycle.preStop.httpGet.scheme`, 'Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'],
  [REQUIRED, `${at}.livenessProbe.exec.command`, "Required value"],
  [FORBIDDEN, `${at}.livenessProbe.httpGet`, "Forbidden: may not specify more than 1 handler type"],
  [INVALID, `${at}.livenessProbe.periodSeconds`, `Invalid value: -1: ${NEGATIVE}`],
  [INVALID, `${at}.livenessProbe.successThreshold`, "Invalid value: 2: must be 1"],
  [INVALID, `${at}.readinessProbe.tcpSocket.port`, 'Invalid value: "Bad Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
  [INVALID, `${at}.readinessProbe.terminationGracePeriodSeconds`, "Invalid value: 5: must not be set for readinessProbes"],
  [REQUIRED, `${at}.startupProbe`, "Required value: must specify a handler type"],
];

const INIT: Obj[] = [
  // An init container's restartPolicy other than Always is dropped too, so this one is a plain init container.
  { name: "init", image: "i", restartPolicy: "Never", livenessProbe: { exec: { command: ["x"] } }, ports: [{ containerPort: 1, hostPort: 9 }, { containerPort: 2, hostPort: 9 }] },
  { name: "side", image: "i", restartPolicy: "Always", readinessProbe: {} },
  { name: "init", image: "i" },
  { name: "main", image: "i", env: [{ name: "K", valueFrom: { secretKeyRef: { name: "s", key: "..k" } } }] },
];

const INIT_CAUSES: Cause[] = [
  [DUPLICATE, "spec.initContainers[0].ports[1].hostPort", 'Duplicate value: "TCP//9"'],
  [FORBIDDEN, "spec.initContainers[0].livenessProbe", `Forbidden: ${INIT_ONLY_SIDECAR}`],
  [REQUIRED, "spec.initContainers[1].readinessProbe", "Required value: must specify a handler type"],
  [DUPLICATE, "spec.initContainers[2].name", 'Duplicate value: "init"'],
  [INVALID, "spec.initContainers[3].env[0].valueFrom.secretKeyRef.key", `Invalid value: "..k": must not start with '..'`],
  [DUPLICATE, "spec.initContainers[3].name", 'Duplicate value: "main"'],
];

/**
 * A Pod with a bad container, a second with a clashing name and a padded image, bad init containers and bad pod
 * fields is refused with real's causes in order; a Deployment's template adds its own rules; a Pod with edge cases
 * real takes is created.
 */
export async function checkPodValidation(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const spec = {
    schedulerName: "none",
    volumes: [{ name: "data", emptyDir: {} }, { name: "Bad_Vol", emptyDir: {} }],
    containers: [BAD_CONTAINER, { name: "main", image: " padded ", ports: [{ containerPort: 81, hostPort: 8080 }] }],
    initContainers: INIT,
    restartPolicy: "Sometimes",
    dnsPolicy: "Odd",
    nodeSelector: { ok: "-bad" },
    nodeName: "Bad_Node",
    activeDeadlineSeconds: 0,
    hostname: "Bad_Host",
    subdomain: "bad.sub",
  };
  await expectRefused(target, "POST", pods, "Pod", "bad-pod", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-pod" }, spec }, [
    [INVALID, "spec.volumes[1].name", `Invalid value: "Bad_Vol": ${DNS_LABEL}`],
    ...containerCauses("spec.containers[0]"),
    [DUPLICATE, "spec.containers[1].ports[0].hostPort", 'Duplicate value: "TCP//8080"'],
    ...INIT_CAUSES,
    [UNSUPPORTED, "spec.restartPolicy", 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    [UNSUPPORTED, "spec.dnsPolicy", 'Unsupported value: "Odd": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
    [INVALID, "spec.nodeSelector", `Invalid value: "-bad": ${LABEL_VALUE}`],
    [INVALID, "spec.nodeName", `Invalid value: "Bad_Node": ${SUBDOMAIN}`],
    [INVALID, "spec.activeDeadlineSeconds", "Invalid value: 0: must be between 1 and 2147483647, inclusive"],
    [INVALID, "spec.hostname", `Invalid value: "Bad_Host": ${DNS_LABEL}`],
    [INVALID, "spec.subdomain", 'Invalid value: "bad.sub": must not contain dots'],
    [INVALID, "spec.containers[1].image", 'Invalid value: " padded ": must not have leading or trailing whitespace'],
  ]);

  // The pod's scheduling and DNS fields.
  const scheduling = {
    schedulerName: "none",
    containers: [{ name: "c", image: "x" }],
    dnsPolicy: "None",
    dnsConfig: { nameservers: ["1.2.3.4", "010.2.3.4", "::ffff:1.2.3.4", "nope"], searches: ["ok.example", "Bad_Search", "under_score.", "."], options: [{ value: "1" }] },
    readinessGates: [{ conditionType: "example.com/ready" }, { conditionType: "bad type" }],
    schedulingGates: [{ name: "example.com/gate" }, { name: "example.com/gate" }, { name: "a/b/c" }],
    topologySpreadConstraints: [
      { maxSkew: 0, topologyKey: "", whenUnsatisfiable: "Maybe", minDomains: 0, nodeAffinityPolicy: "Sometimes", labelSelector: { matchExpressions: [{ key: "k", operator: "Exists", values: ["v"] }] } },
      { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
      { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" },
    ],
    tolerations: [{ operator: "Equal", value: "v" }, { key: "Bad Key", operator: "Exists", value: "v", tolerationSeconds: 5, effect: "Sometimes" }, { key: "k", operator: "Near" }, { key: "k", value: "-bad" }],
    hostAliases: [{ ip: "999.1.1.1", hostnames: ["ok", "Bad_Host"] }, { ip: "fe80::1", hostnames: ["a"] }],
  };
  await expectRefused(target, "POST", pods, "Pod", "bad-scheduling", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-scheduling" }, spec: scheduling }, [
    [INVALID, "spec.dnsConfig.nameservers", 'Invalid value: ["1.2.3.4","010.2.3.4","::ffff:1.2.3.4","nope"]: must not have more than 3 nameservers'],
    [INVALID, "spec.dnsConfig.nameservers[3]", 'Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    [INVALID, "spec.dnsConfig.searches[1]", `Invalid value: "Bad_Search": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`],
    [REQUIRED, "spec.dnsConfig.options[0]", "Required value: must not be empty"],
    [INVALID, "spec.readinessGates[1].conditionType", `Invalid value: "bad type": ${QUALIFIED}`],
    [DUPLICATE, "spec.schedulingGates[1]", 'Duplicate value: "example.com/gate"'],
    [INVALID, "spec.schedulingGates[2]", `Invalid value: "a/b/c": ${QUALIFIED_SLASHES}`],
    [INVALID, "spec.topologySpreadConstraints[0].maxSkew", "Invalid value: 0: must be greater than zero"],
    [REQUIRED, "spec.topologySpreadConstraints[0].topologyKey", "Required value: can not be empty"],
    [UNSUPPORTED, "spec.topologySpreadConstraints[0].whenUnsatisfiable", 'Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"'],
    [INVALID, "spec.topologySpreadConstraints[0].minDomains", "Invalid value: 0: must be greater than zero"],
    [INVALID, "spec.topologySpreadConstraints[0].minDomains", "Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not Maybe"],
    [UNSUPPORTED, "spec.topologySpreadConstraints[0].nodeAffinityPolicy", 'Unsupported value: "Sometimes": supported values: "Honor", "Ignore"'],
    [FORBIDDEN, "spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    [DUPLICATE, "spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}", 'Duplicate value: "{zone, DoNotSchedule}"'],
    [INVALID, "spec.tolerations[0].operator", 'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    [INVALID, "spec.tolerations[1].key", `Invalid value: "Bad Key": ${QUALIFIED}`],
    [INVALID, "spec.tolerations[1].effect", `Invalid value: "Sometimes": effect must be 'NoExecute' when \`tolerationSeconds\` is set`],
    [INVALID, "spec.tolerations[1].operator", "Invalid value: \"v\": value must be empty when `operator` is 'Exists'"],
    [UNSUPPORTED, "spec.tolerations[1].effect", 'Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    [UNSUPPORTED, "spec.tolerations[2].operator", 'Unsupported value: "Near": supported values: "Equal", "Exists"'],
    [INVALID, "spec.tolerations[3].operator", `Invalid value: "-bad": ${LABEL_VALUE}`],
    [INVALID, "spec.hostAliases[0].ip", 'Invalid value: "999.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    [INVALID, "spec.hostAliases[0].hostnames[1]", `Invalid value: "Bad_Host": ${SUBDOMAIN}`],
  ]);

  // Security contexts and affinity.
  const security = {
    schedulerName: "none",
    containers: [
      {
        name: "c",
        image: "x",
        securityContext: { privileged: true, runAsUser: -1, runAsGroup: 2147483648, procMount: "Unmasked", seccompProfile: { type: "Localhost" }, appArmorProfile: { type: "Localhost", localhostProfile: " p " } },
      },
      { name: "d", image: "x", securityContext: { procMount: "Odd", seccompProfile: { type: "RuntimeDefault", localhostProfile: "p" }, appArmorProfile: { type: "Sometimes" } } },
    ],
    // Both are PodSpec fields in v1; real files the clash under the internal PodSecurityContext that holds them.
    hostPID: true,
    shareProcessNamespace: true,
    securityContext: { fsGroup: -5, supplementalGroups: [1, -1], fsGroupChangePolicy: "Never", seccompProfile: { type: "Localhost", localhostProfile: "../x" }, supplementalGroupsPolicy: "Odd" },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "k", operator: "Gt", values: ["1", "2"] }, { key: "bad key", operator: "In", values: ["-bad"] }], matchFields: [{ key: "spec.nodeName", operator: "Exists" }, { key: "metadata.name", operator: "In", values: ["Bad_Node"] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: "k", operator: "In", values: ["-allowed"] }] } }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "x" } }, namespaces: ["Bad_NS"], topologyKey: "" }],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: "zone", namespaceSelector: { matchExpressions: [{ key: "k", operator: "Near" }] } } }],
      },
    },
  };
  await expectRefused(target, "POST", pods, "Pod", "bad-security", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-security" }, spec: security }, [
    [INVALID, "spec.containers[0].securityContext.runAsUser", "Invalid value: -1: must be between 0 and 2147483647, inclusive"],
    [INVALID, "spec.containers[0].securityContext.runAsGroup", "Invalid value: 2147483648: must be between 0 and 2147483647, inclusive"],
    [INVALID, "spec.containers[0].securityContext.procMount", 'Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`'],
    [REQUIRED, "spec.containers[0].securityContext.seccompProfile.localhostProfile", "Required value: must be set when seccomp type is Localhost"],
    [INVALID, "spec.containers[0].securityContext.appArmorProfile.localhostProfile", 'Invalid value: " p ": must not be padded with whitespace'],
    [UNSUPPORTED, "spec.containers[1].securityContext.procMount", 'Unsupported value: "Odd": supported values: "Default", "Unmasked"'],
    [INVALID, "spec.containers[1].securityContext.seccompProfile.localhostProfile", 'Invalid value: {"Type":"RuntimeDefault","LocalhostProfile":"p"}: can only be set when seccomp type is Localhost'],
    [UNSUPPORTED, "spec.containers[1].securityContext.appArmorProfile.type", 'Unsupported value: "Sometimes": supported values: "Localhost", "RuntimeDefault", "Unconfined"'],
    [INVALID, "spec.securityContext.fsGroup", "Invalid value: -5: must be between 0 and 2147483647, inclusive"],
    [INVALID, "spec.securityContext.supplementalGroups[1]", "Invalid value: -1: must be between 0 and 2147483647, inclusive"],
    [INVALID, "spec.securityContext.shareProcessNamespace", "Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"],
    [UNSUPPORTED, "spec.securityContext.fsGroupChangePolicy", 'Unsupported value: "Never": supported values: "Always", "OnRootMismatch"'],
    [INVALID, "spec.securityContext.seccompProfile.localhostProfile", `Invalid value: "../x": must not contain '..'`],
    [UNSUPPORTED, "spec.securityContext.supplementalGroupsPolicy", 'Unsupported value: "Odd": supported values: "Merge", "Strict"'],
    [REQUIRED, `${REQUIRED_TERMS}[0].matchExpressions[0].values`, "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"],
    [INVALID, `${REQUIRED_TERMS}[0].matchExpressions[1].key`, `Invalid value: "bad key": ${QUALIFIED}`],
    [INVALID, `${REQUIRED_TERMS}[0].matchExpressions[1].values[0]`, `Invalid value: "-bad": ${LABEL_VALUE}`],
    [INVALID, `${REQUIRED_TERMS}[0].matchFields[0].operator`, 'Invalid value: "Exists": not a valid selector operator'],
    [INVALID, `${REQUIRED_TERMS}[0].matchFields[0].key`, 'Invalid value: "spec.nodeName": not a valid field selector key'],
    [INVALID, `${REQUIRED_TERMS}[0].matchFields[1].values[0]`, `Invalid value: "Bad_Node": ${SUBDOMAIN}`],
    [INVALID, "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 0: must be in the range 1-100"],
    [INVALID, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace", `Invalid value: "Bad_NS": ${DNS_LABEL}`],
    [REQUIRED, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", "Required value: can not be empty"],
    [INVALID, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", 'Invalid value: "": name part must be non-empty'],
    [INVALID, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", `Invalid value: "": ${QUALIFIED}`],
    [INVALID, "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 101: must be in the range 1-100"],
    [INVALID, "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].operator", 'Invalid value: "Near": not a valid selector operator'],
  ]);

  // Devices, resize policies, sysctls, host networking, env selectors, header names, the OS, ephemeral containers.
  const devices = {
    schedulerName: "none",
    volumes: [{ name: "claim", persistentVolumeClaim: { claimName: "c" } }, { name: "scratch", emptyDir: {} }],
    hostNetwork: true,
    hostIPC: true,
    os: { name: "linux" },
    securityContext: { sysctls: [{ name: "" }, { name: "Bad Name" }, { name: "net.core.somaxconn" }, { name: "net.core.somaxconn" }, { name: "kernel/shm_rmid_forced" }], windowsOptions: {} },
    restartPolicy: "Never",
    containers: [
      {
        name: "c",
        image: "x",
        // With hostNetwork an unset hostPort is defaulted to the containerPort; a different one is refused.
        ports: [{ containerPort: 80, hostPort: 81 }, { containerPort: 90 }],
        env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.labels" } } }, { name: "B", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1Mi" } } }, { name: "C", valueFrom: { fieldRef: { fieldPath: "metadata.labels['Bad Key']" } } }],
        volumeMounts: [{ name: "claim", mountPath: "/dev/xvda" }],
        volumeDevices: [{ name: "claim", devicePath: "/dev/xvda" }, { name: "scratch", devicePath: "/dev/x/../y" }, { name: "nope", devicePath: "" }, { name: "claim", devicePath: "/dev/xvda" }],
        resizePolicy: [{ resourceName: "cpu", restartPolicy: "Sometimes" }, { resourceName: "cpu", restartPolicy: "NotRequired" }, { resourceName: "gpu", restartPolicy: "RestartContainer" }],
        readinessProbe: { httpGet: { port: 80, httpHeaders: [{ name: "Bad Header", value: "v" }] } },
        securityContext: { windowsOptions: {} },
      },
    ],
    ephemeralContainers: [{ name: "dbg", image: "x" }],
  };
  const c0 = "spec.containers[0]";
  const SYSCTL = "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";
  await expectRefused(target, "POST", pods, "Pod", "bad-devices", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-devices" }, spec: devices }, [
    [UNSUPPORTED, `${c0}.env[0].valueFrom.fieldRef.fieldPath`, 'Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'],
    [INVALID, `${c0}.env[1].valueFrom.resourceFieldRef.divisor`, `Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`],
    [INVALID, `${c0}.env[2].valueFrom.fieldRef`, `Invalid value: "Bad Key": ${QUALIFIED}`],
    [INVALID, `${c0}.volumeMounts[0].name`, 'Invalid value: "claim": must not already exist in volumeDevices'],
    [INVALID, `${c0}.volumeMounts[0].mountPath`, 'Invalid value: "/dev/xvda": must not already exist as a path in volumeDevices'],
    [INVALID, `${c0}.volumeDevices[0].name`, 'Invalid value: "claim": must not already exist in volumeMounts'],
    [INVALID, `${c0}.volumeDevices[0].devicePath`, 'Invalid value: "/dev/xvda": must not already exist as a path in volumeMounts'],
    [INVALID, `${c0}.volumeDevices[1].name`, 'Invalid value: "scratch": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'],
    [INVALID, `${c0}.volumeDevices[1].devicePath`, `Invalid value: "/dev/x/../y": can not contain backsteps ('..')`],
    [NOT_FOUND, `${c0}.volumeDevices[2].name`, 'Not found: "nope"'],
    [REQUIRED, `${c0}.volumeDevices[2].devicePath`, "Required value"],
    [INVALID, `${c0}.volumeDevices[3].name`, 'Invalid value: "claim": must be unique'],
    [INVALID, `${c0}.volumeDevices[3].devicePath`, 'Invalid value: "/dev/xvda": must be unique'],
    [INVALID, `${c0}.volumeDevices[3].name`, 'Invalid value: "claim": must not already exist in volumeMounts'],
    [INVALID, `${c0}.volumeDevices[3].devicePath`, 'Invalid value: "/dev/xvda": must not already exist as a path in volumeMounts'],
    [UNSUPPORTED, `${c0}.resizePolicy`, 'Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"'],
    [INVALID, `${c0}.resizePolicy`, "Invalid value: \"Sometimes\": must be 'NotRequired' when `restartPolicy` is 'Never'"],
    [DUPLICATE, `${c0}.resizePolicy[1]`, 'Duplicate value: "cpu"'],
    [UNSUPPORTED, `${c0}.resizePolicy`, 'Unsupported value: "gpu": supported values: "cpu", "memory"'],
    [INVALID, `${c0}.resizePolicy`, "Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'"],
    [INVALID, `${c0}.readinessProbe.httpGet.httpHeaders`, `Invalid value: "Bad Header": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`],
    [INVALID, `${c0}.ports[0].hostPort`, "Invalid value: 81: must match `containerPort` when `hostNetwork` is true"],
    [REQUIRED, "spec.securityContext.sysctls[0].name", "Required value"],
    [INVALID, "spec.securityContext.sysctls[1].name", `Invalid value: "Bad Name": ${SYSCTL}`],
    [INVALID, "spec.securityContext.sysctls[2].name", `Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true`],
    [DUPLICATE, "spec.securityContext.sysctls[3].name", 'Duplicate value: "net.core.somaxconn"'],
    [INVALID, "spec.securityContext.sysctls[3].name", `Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true`],
    [INVALID, "spec.securityContext.sysctls[4].name", `Invalid value: "kernel/shm_rmid_forced": may not be specified when 'hostIPC' is true`],
    [FORBIDDEN, "spec.securityContext.windowsOptions", "Forbidden: windows options cannot be set for a linux pod"],
    [FORBIDDEN, `${c0}.securityContext.windowsOptions`, "Forbidden: windows options cannot be set for a linux pod"],
    [FORBIDDEN, "spec.ephemeralContainers", "Forbidden: cannot be set on create"],
  ]);

  // Label keys: a Pod's are merged into their selectors on create (`key In|NotIn (its value)`), then checked.
  const keysSpec = {
    schedulerName: "none",
    containers: [{ name: "c", image: "x" }],
    affinity: {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "a" } }, matchLabelKeys: ["app", "Bad Key", "tier"], mismatchLabelKeys: ["tier"], topologyKey: "zone" }] },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ matchLabelKeys: ["app"], topologyKey: "zone" }] },
    },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "a" } }, matchLabelKeys: ["app", "tier"] },
      { maxSkew: 1, topologyKey: "host", whenUnsatisfiable: "DoNotSchedule", matchLabelKeys: ["x"] },
    ],
  };
  const term = "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
  await expectRefused(target, "POST", pods, "Pod", "bad-keys", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-keys", labels: { app: "a", tier: "t" } }, spec: keysSpec }, [
    [INVALID, `${term}.matchLabelKeys[1]`, `Invalid value: "Bad Key": ${QUALIFIED}`],
    // Named by the key's index under the term itself, without `matchLabelKeys`.
    [INVALID, `${term}[0]`, 'Invalid value: "app": exists in both matchLabelKeys and labelSelector'],
    [INVALID, `${term}[2]`, 'Invalid value: "tier": exists in both matchLabelKeys and labelSelector'],
    [INVALID, `${term}.matchLabelKeys[2]`, 'Invalid value: "tier": exists in both matchLabelKeys and mismatchLabelKeys'],
    [FORBIDDEN, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys", "Forbidden: must not be specified when labelSelector is not set"],
    [INVALID, "spec.topologySpreadConstraints[0][0]", 'Invalid value: "app": exists in both matchLabelKeys and labelSelector'],
    [FORBIDDEN, "spec.topologySpreadConstraints[1].matchLabelKeys", "Forbidden: must not be specified when labelSelector is not set"],
  ]);
  const gated = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "good-keys", labels: { app: "a", tier: "t" } },
    spec: {
      schedulerName: "none",
      containers: [{ name: "c", image: "x" }],
      schedulingGates: [{ name: "example.com/wait" }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { labelSelector: {}, matchLabelKeys: ["app", "missing"], mismatchLabelKeys: ["tier"], topologyKey: "zone" } }] } },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { role: "x" } }, matchLabelKeys: ["tier"] }],
    },
  };
  const kept = await target.send("POST", pods, gated);
  expect([kept.status, kept.body.message]).toEqual([201, undefined]);
  const keptSpec = kept.body.spec as { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { podAffinityTerm: Obj }[] } }; topologySpreadConstraints: Obj[] };
  expect(keptSpec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]?.podAffinityTerm.labelSelector).toEqual({ matchExpressions: [{ key: "app", operator: "In", values: ["a"] }, { key: "tier", operator: "NotIn", values: ["t"] }] });
  expect(keptSpec.topologySpreadConstraints[0]?.labelSelector).toEqual({ matchLabels: { role: "x" }, matchExpressions: [{ key: "tier", operator: "In", values: ["t"] }] });
  // A gated pod waits: PodScheduled False, SchedulingGated, from its create.
  const conditions = (kept.body.status as { conditions?: Obj[] }).conditions ?? [];
  expect(conditions.map(({ lastTransitionTime, ...c }) => ({ ...c, at: typeof lastTransitionTime }))).toEqual([
    { type: "PodScheduled", status: "False", lastProbeTime: null, reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates", at: "string" },
  ]);

  // The default scheduler places a gated pod once its last gate is removed, and never one naming another scheduler.
  const freed = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "gated" }, spec: { containers: [{ name: "c", image: "x" }], schedulingGates: [{ name: "example.com/wait" }] } });
  expect([freed.status, (freed.body.spec as Obj).nodeName]).toEqual([201, undefined]);
  const removed = await target.send("PATCH", `${pods}/gated`, { spec: { schedulingGates: null } });
  expect(removed.status).toBe(200);
  await expect.poll(async () => typeof ((await target.send("GET", `${pods}/gated`)).body.spec as Obj).nodeName, { timeout: 15_000, interval: 200 }).toBe("string");
  expect(((await target.send("GET", `${pods}/good-keys`)).body.spec as Obj).nodeName).toBeUndefined();

  // A Pod's own annotations (seccomp and AppArmor ones, deprecated but checked) and what ValidatePodCreate adds.
  const annotated = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "bad-annotations",
      annotations: {
        "seccomp.security.alpha.kubernetes.io/pod": "bogus",
        "container.seccomp.security.alpha.kubernetes.io/i": "localhost/../x",
        "container.seccomp.security.alpha.kubernetes.io/c": "unconfined",
        "container.apparmor.security.beta.kubernetes.io/ghost": "weird",
        "container.apparmor.security.beta.kubernetes.io/c": "unconfined",
      },
    },
    spec: {
      schedulerName: "none",
      nodeName: "gpu-node-1",
      schedulingGates: [{ name: "example.com/g" }],
      containers: [{ name: "c", image: "x", securityContext: { seccompProfile: { type: "RuntimeDefault" }, appArmorProfile: { type: "RuntimeDefault" } } }],
      initContainers: [{ name: "i", image: "x" }],
    },
  };
  const apparmorGhost = "metadata.annotations[container.apparmor.security.beta.kubernetes.io/ghost]";
  await expectRefused(target, "POST", pods, "Pod", "bad-annotations", annotated, [
    // Seccomp annotations are keyed with a dot, AppArmor ones with brackets.
    [INVALID, "metadata.annotations.seccomp.security.alpha.kubernetes.io/pod", 'Invalid value: "bogus": must be a valid seccomp profile'],
    [INVALID, "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/i", `Invalid value: "../x": must not contain '..'`],
    [INVALID, apparmorGhost, 'Invalid value: "ghost": container not found'],
    [INVALID, apparmorGhost, 'Invalid value: "weird": invalid AppArmor profile name: \"weird\"'],
    [FORBIDDEN, "spec.nodeName", "Forbidden: cannot be set until all schedulingGates have been cleared"],
    [FORBIDDEN, "spec.containers[0].securityContext.seccompProfile.type", "Forbidden: seccomp type in annotation and field must match"],
    [FORBIDDEN, "spec.containers[0].securityContext.appArmorProfile.type", "Forbidden: apparmor type in annotation and field must match"],
  ]);

  // A Windows pod: its options checked, the Linux-only fields refused.
  const windows = {
    schedulerName: "none",
    os: { name: "windows" },
    hostPID: true,
    securityContext: { runAsUser: 1, sysctls: [{ name: "kernel.shm_rmid_forced", value: "1" }], seccompProfile: { type: "RuntimeDefault" }, windowsOptions: { gmsaCredentialSpecName: "Bad_Name", runAsUserName: "" } },
    containers: [{ name: "c", image: "x", securityContext: { privileged: false, capabilities: {}, readOnlyRootFilesystem: true, windowsOptions: { runAsUserName: "a\\b\\c" } } }],
  };
  const windowsOnly = "Forbidden: cannot be set for a windows pod";
  await expectRefused(target, "POST", pods, "Pod", "bad-windows", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-windows" }, spec: windows }, [
    // The bad value is printed with Go's %q, so each backslash shows twice.
    [INVALID, "spec.containers[0].securityContext.windowsOptions.runAsUserName", 'Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash'],
    [INVALID, "spec.securityContext.windowsOptions.gmsaCredentialSpecName", `Invalid value: "Bad_Name": ${SUBDOMAIN}`],
    [INVALID, "spec.securityContext.windowsOptions.runAsUserName", 'Invalid value: "": runAsUserName cannot be an empty string'],
    [FORBIDDEN, "spec.hostPID", windowsOnly],
    [FORBIDDEN, "spec.securityContext.seccompProfile", windowsOnly],
    [FORBIDDEN, "spec.securityContext.sysctls", windowsOnly],
    [FORBIDDEN, "spec.securityContext.runAsUser", windowsOnly],
    [FORBIDDEN, "spec.containers[0].securityContext.capabilities", windowsOnly],
    [FORBIDDEN, "spec.containers[0].securityContext.readOnlyRootFilesystem", windowsOnly],
    [FORBIDDEN, "spec.containers[0].securityContext.privileged", windowsOnly],
  ]);

  // Windows user names ([domain\\]user), GMSA specs and host-process containers. These fields are pointers, so a bad
  // value is printed with json.Marshal: "<" as \u003c, "&" as \u0026, a control character as \u0001.
  const users = ["a".repeat(256) + "\\u", ".dom\\u", "dom\\", "x".repeat(105), ". .", "us<er", "a\u0001b", "my.domain.com\\ok", "NETBIOS-NAME_1\\ok"];
  const hostProcess = {
    schedulerName: "none",
    os: { name: "windows" },
    securityContext: { windowsOptions: { hostProcess: true, gmsaCredentialSpecName: "Bad&Name", gmsaCredentialSpec: "x".repeat(64 * 1024 + 1) } },
    containers: [
      ...users.map((runAsUserName, i) => ({ name: `u${i}`, image: "x", securityContext: { windowsOptions: { runAsUserName } } })),
      { name: "plain", image: "x", securityContext: { windowsOptions: { hostProcess: false } } },
    ],
  };
  const user = (i: number) => `spec.containers[${i}].securityContext.windowsOptions.runAsUserName`;
  const userJson = (i: number) => JSON.stringify(users[i]).replace("<", "\\u003c");
  await expectRefused(target, "POST", pods, "Pod", "bad-host-process", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-host-process" }, spec: hostProcess }, [
    [INVALID, user(0), `Invalid value: ${userJson(0)}: runAsUserName's Domain length must be under 256 characters`],
    [INVALID, user(0), `Invalid value: ${userJson(0)}: runAsUserName's Domain doesn't match the NetBios nor the DNS format`],
    [INVALID, user(1), `Invalid value: ${userJson(1)}: runAsUserName's Domain doesn't match the NetBios nor the DNS format`],
    [INVALID, user(2), `Invalid value: ${userJson(2)}: runAsUserName's User cannot be empty`],
    [INVALID, user(3), `Invalid value: ${userJson(3)}: runAsUserName's User length must not be longer than 104 characters`],
    [INVALID, user(4), `Invalid value: ${userJson(4)}: runAsUserName's User cannot contain only periods or spaces`],
    [INVALID, user(5), `Invalid value: ${userJson(5)}: runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`],
    [INVALID, user(6), `Invalid value: ${userJson(6)}: runAsUserName cannot contain control characters`],
    [INVALID, "spec.securityContext.windowsOptions.gmsaCredentialSpecName", `Invalid value: "Bad\\u0026Name": ${SUBDOMAIN}`],
    [INVALID, "spec.securityContext.windowsOptions.gmsaCredentialSpec", `Invalid value: "${"x".repeat(64 * 1024 + 1)}": gmsaCredentialSpec size must be under 64 KiB`],
    [INVALID, `spec.containers[${users.length}].securityContext.windowsOptions.hostProcess`, "Invalid value: false: pod hostProcess value must be identical if both are specified, was true"],
    [INVALID, "spec", 'Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers'],
    [INVALID, "spec.hostNetwork", "Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers"],
  ]);

  // A pod in a user namespace may not share the host's namespaces nor use block devices.
  const userNamespace = {
    schedulerName: "none",
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    hostUsers: false,
    volumes: [{ name: "blk", persistentVolumeClaim: { claimName: "c" } }],
    initContainers: [{ name: "i", image: "x", volumeDevices: [{ name: "blk", devicePath: "/dev/i" }] }],
    containers: [{ name: "c", image: "x", volumeDevices: [{ name: "blk", devicePath: "/dev/c" }] }],
  };
  const when = "Forbidden: when `hostUsers` is false";
  await expectRefused(target, "POST", pods, "Pod", "bad-userns", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad-userns" }, spec: userNamespace }, [
    [FORBIDDEN, "spec.hostNetwork", when],
    [FORBIDDEN, "spec.HostPID", when],
    [FORBIDDEN, "spec.HostIPC", when],
    [FORBIDDEN, "spec.initContainers[0].volumeDevices", when],
    [FORBIDDEN, "spec.containers[0].volumeDevices", when],
  ]);

  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "bad-template" },
    spec: { replicas: 0, selector: { matchLabels: { app: "t" } }, template: { metadata: { labels: { app: "t", "bad key": "v" }, annotations: { "kubernetes.io/config.mirror": "", "controller.kubernetes.io/pod-deletion-cost": "+5" } }, spec: { containers: [], restartPolicy: "Never", activeDeadlineSeconds: 10, nodeSelector: { "a/b/c": "v" }, ephemeralContainers: [{ name: "dbg", image: "x" }] } } },
  };
  await expectRefused(target, "POST", `/apis/apps/v1/namespaces/${ns}/deployments`, "Deployment.apps", "bad-template", deployment, [
    [INVALID, "spec.template.labels", `Invalid value: "bad key": ${QUALIFIED}`],
    [INVALID, "spec.template.annotations[kubernetes.io/config.mirror]", 'Invalid value: "": must set spec.nodeName if mirror pod annotation is set'],
    [INVALID, "spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]", 'Invalid value: "+5": must be a 32bit integer'],
    [REQUIRED, "spec.template.spec.containers", "Required value"],
    [INVALID, "spec.template.spec.nodeSelector", `Invalid value: "a/b/c": ${QUALIFIED_SLASHES}`],
    [FORBIDDEN, "spec.template.spec.ephemeralContainers", "Forbidden: ephemeral containers not allowed in pod template"],
    [UNSUPPORTED, "spec.template.spec.restartPolicy", 'Unsupported value: "Never": supported values: "Always"'],
    [FORBIDDEN, "spec.template.spec.activeDeadlineSeconds", "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"],
  ]);

  const good = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "good-pod" },
    spec: {
      schedulerName: "none",
      volumes: [{ name: "data", emptyDir: {} }],
      containers: [
        {
          name: "c",
          image: "x",
          ports: [{ name: "h2c-port", containerPort: 65535, hostPort: 1 }, { containerPort: 80, hostPort: 1, protocol: "UDP" }],
          env: [{ name: "weird.name-1 ok", value: "v" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          envFrom: [{ prefix: "p_", secretRef: { name: "s" } }],
          volumeMounts: [{ name: "data", mountPath: "/d", subPath: "a/b" }, { name: "data", mountPath: "/e", subPathExpr: "$(POD)" }],
          lifecycle: { preStop: { sleep: { seconds: 0 } }, stopSignal: "SIGUSR1" },
          livenessProbe: { grpc: { port: 9000 }, terminationGracePeriodSeconds: 1 },
          readinessProbe: { httpGet: { port: "h2c-port" }, successThreshold: 3 },
        },
      ],
      initContainers: [{ name: "side", image: "i", restartPolicy: "Always", startupProbe: { tcpSocket: { port: 1 } }, lifecycle: { stopSignal: "SIGTERM" } }],
      activeDeadlineSeconds: 2147483647,
      hostname: "h",
      subdomain: "s",
    },
  };
  const made = await target.send("POST", pods, good);
  expect([made.status, made.body.message]).toEqual([201, undefined]);
  // ContainerStopSignals is off in v1.34: a stopSignal is dropped, and a lifecycle left empty with it.
  const stored = made.body.spec as { containers: Obj[]; initContainers: Obj[] };
  expect([stored.containers[0]?.lifecycle, stored.initContainers[0]?.lifecycle]).toEqual([{ preStop: { sleep: { seconds: 0 } } }, undefined]);
}
