// The warnings kube-apiserver v1.34 adds to a Pod's or a workload's create (pkg/api/pod/warnings.go,
// warningsForPodSpecAndMeta): deprecated node labels, null selectors, deprecated annotations, the volumes' deprecations,
// fractional byte values and overlapping paths, repeated host alias IPs, image pull secrets, env names and ports,
// seccomp and AppArmor annotations without their field, a negative grace period, non-standard IP addresses. Each
// `prefix` is the pod template's path (`spec.template.`) or "" for a Pod. Shared cases: tests/support/pod-warning-cases.ts.
import { isRecord } from "./json.ts";
import { canonicalQuantity, quantityNumber } from "./quantity.ts";
import { labelValueMessages } from "./meta-validation.ts";
import { ipv4Octets } from "./pod-scheduling.ts";
import { APPARMOR_CONTAINER, SECCOMP_CONTAINER, SECCOMP_POD } from "./pod-security.ts";
import { list, type Obj, records, str } from "./volume-fields.ts";

/** nodeapi's deprecatedNodeLabels. */
const DEPRECATED_NODE_LABELS: Record<string, string> = {
  "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
  "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  "app.kubernetes.io/created-by": "deprecated since v1.9",
  "scheduler.alpha.kubernetes.io/preferAvoidPods": "deprecated since v1.22; use Taints and Tolerations instead",
  "node-role.kubernetes.io/master": 'use "node-role.kubernetes.io/control-plane" instead',
};

const DEPRECATED_ANNOTATIONS: [string, string][] = [
  ["scheduler.alpha.kubernetes.io/critical-pod", 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ["security.alpha.kubernetes.io/sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'],
  ["security.alpha.kubernetes.io/unsafe-sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'],
];

/** The deprecated volume plugins, as warnings.go checks them (the JSON key, the name it prints, the text). */
const DEPRECATED_VOLUMES: [string, string, string][] = [
  ["photonPersistentDisk", "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"],
  ["gitRepo", "gitRepo", "deprecated in v1.11, and disabled by default in v1.33+"],
  ["scaleIO", "scaleIO", "deprecated in v1.16, non-functional in v1.22+"],
  ["flocker", "flocker", "deprecated in v1.22, non-functional in v1.25+"],
  ["storageos", "storageOS", "deprecated in v1.22, non-functional in v1.25+"],
  ["quobyte", "quobyte", "deprecated in v1.22, non-functional in v1.25+"],
  ["glusterfs", "glusterfs", "deprecated in v1.25, non-functional in v1.26+"],
  ["cephfs", "cephfs", "deprecated in v1.28, non-functional in v1.31+"],
  ["rbd", "rbd", "deprecated in v1.28, non-functional in v1.31+"],
];

const NULL_SELECTOR = "a null labelSelector results in matching no pod";

/** A byte quantity whose milli-value is no whole number of bytes: its canonical form, else undefined. */
function fractional(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const n = quantityNumber(value);
  return n !== undefined && Math.ceil(n * 1000 - 1e-9) % 1000 !== 0 ? (canonicalQuantity(value) ?? String(value)) : undefined;
}

const fractionalWarning = (at: string, value: string) => `${at}: fractional byte value ${JSON.stringify(value)} is invalid, must be an integer`;

/** GetWarningsForPersistentVolumeClaimSpec: a storage request or limit that is no whole number of bytes. */
export function claimSpecWarnings(spec: Obj, at: string): string[] {
  const resources = isRecord(spec.resources) ? spec.resources : {};
  return ["requests", "limits"].flatMap((kind) => {
    const map = resources[kind];
    const value = fractional(isRecord(map) ? map.storage : undefined);
    return value === undefined ? [] : [fractionalWarning(`${at}.resources.${kind}[storage]`, value)];
  });
}

/** The AppArmor profile a deprecated annotation stands for (ApparmorFieldForAnnotation), or undefined. */
export function appArmorForAnnotation(value: string): Obj | undefined {
  if (value === "runtime/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  return value.startsWith("localhost/") ? { type: "Localhost", localhostProfile: value.slice("localhost/".length) } : undefined;
}

const sameProfile = (a: unknown, b: Obj | undefined) => isRecord(a) && !!b && a.type === b.type && (a.localhostProfile ?? null) === (b.localhostProfile ?? null);

/** GetWarningsForIP: an IPv4 address with leading zeros or an IPv4-mapped IPv6 one, or an IPv6 one not in RFC 5952 form. */
function ipWarnings(at: string, ip: string): string[] {
  const octets = ipv4Octets(ip);
  if (octets) {
    const plain = octets.join(".");
    return plain === ip ? [] : [`${at}: non-standard IP address ${JSON.stringify(ip)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(plain)}`];
  }
  if (!ip.includes(":")) return [];
  let canonical: string;
  try {
    canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return [];
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1] ?? "0", 16), parseInt(mapped[2] ?? "0", 16)];
    const plain = [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
    return [`${at}: non-standard IP address ${JSON.stringify(ip)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(plain)}`];
  }
  return canonical === ip ? [] : [`${at}: IPv6 address ${JSON.stringify(ip)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`];
}

/** checkForOverlap: the earlier paths equal to, inside or around `path`. */
function overlapping(earlier: [string, string][], path: string): [string, string][] {
  if (!path) return [];
  return earlier.filter(([p]) => p !== "" && (p === path || `${p}/`.startsWith(`${path}/`) || `${path}/`.startsWith(`${p}/`)));
}

const shown = ([path, source]: [string, string]) => (source ? `${JSON.stringify(path)} (${source})` : JSON.stringify(path));

/** warningsForOverlappingVirtualPaths: items of one configMap, secret or downwardAPI volume, or of one projected volume, that land on each other. */
function overlapWarnings(volumes: Obj[]): string[] {
  const warn = (name: string, desc: string, body: string) => `volume ${JSON.stringify(name)} (${desc}): overlapping paths: ${body}`;
  const paths = (items: unknown, source: string): [string, string][] => records(items).map((i) => [str(i.path).replace(/\/+$/, ""), source]);
  const check = (all: [string, string][]) => {
    const seen: [string, string][] = [];
    return all.flatMap((ps) => {
      const hits = overlapping(seen, ps[0]).map((c) => `${shown(ps)} with ${shown(c)}`);
      seen.push(ps);
      return hits;
    });
  };
  return volumes.flatMap((v) => {
    const name = str(v.name);
    const out: string[] = [];
    if (isRecord(v.configMap) && Array.isArray(v.configMap.items)) out.push(...check(paths(v.configMap.items, "")).map((b) => warn(name, `ConfigMap ${JSON.stringify(str((v.configMap as Obj).name))}`, b)));
    if (isRecord(v.secret) && Array.isArray(v.secret.items)) out.push(...check(paths(v.secret.items, "")).map((b) => warn(name, `Secret ${JSON.stringify(str((v.secret as Obj).secretName))}`, b)));
    if (isRecord(v.downwardAPI) && Array.isArray(v.downwardAPI.items)) out.push(...check(paths(v.downwardAPI.items, "")).map((b) => warn(name, "DownwardAPI", b)));
    if (isRecord(v.projected)) {
      const seen: [string, string][] = [];
      for (const source of records(v.projected.sources)) {
        if (Object.keys(source).length === 0) {
          out.push(`volume ${JSON.stringify(name)} (Projected) has no sources provided`);
          continue;
        }
        const found: [string, string][] =
          isRecord(source.configMap) && Array.isArray(source.configMap.items)
            ? paths(source.configMap.items, `ConfigMap ${JSON.stringify(str(source.configMap.name))}`)
            : isRecord(source.secret) && Array.isArray(source.secret.items)
              ? paths(source.secret.items, `Secret ${JSON.stringify(str(source.secret.name))}`)
              : isRecord(source.downwardAPI) && Array.isArray(source.downwardAPI.items)
                ? paths(source.downwardAPI.items, "DownwardAPI")
                : isRecord(source.serviceAccountToken)
                  ? [[str(source.serviceAccountToken.path).replace(/\/+$/, ""), "ServiceAccountToken"]]
                  : [];
        for (const ps of found) {
          out.push(...overlapping(seen, ps[0]).map((c) => warn(name, "Projected", `${shown(ps)} with ${shown(c)}`)));
          seen.push(ps);
        }
      }
    }
    return out;
  });
}

/** The containers as VisitContainersWithPath walks them: init, regular, ephemeral, each with its path. */
function visit(spec: Obj, at: string): [Obj, string][] {
  return [
    ...records(spec.initContainers).map((c, i): [Obj, string] => [c, `${at}.initContainers[${i}]`]),
    ...records(spec.containers).map((c, i): [Obj, string] => [c, `${at}.containers[${i}]`]),
    ...records(spec.ephemeralContainers).map((c, i): [Obj, string] => [c, `${at}.ephemeralContainers[${i}]`]),
  ];
}

/** One container's warnings: seccomp (and, in a template, AppArmor) annotations without their field, fractional bytes, a hidden env var. */
function containerWarnings(c: Obj, at: string, notes: Obj, prefix: string, podArmor: unknown): string[] {
  const out: string[] = [];
  const sc = isRecord(c.securityContext) ? c.securityContext : {};
  const name = str(c.name);
  if (!isRecord(sc.seccompProfile) && notes[`${SECCOMP_CONTAINER}${name}`] !== undefined) out.push(`${prefix}metadata.annotations[${SECCOMP_CONTAINER}${name}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
  const armor = notes[`${APPARMOR_CONTAINER}${name}`];
  // A Pod's own are given while its annotation is read into the field (appArmorWarnings).
  if (prefix && !isRecord(sc.appArmorProfile) && typeof armor === "string" && !sameProfile(podArmor, appArmorForAnnotation(armor))) {
    out.push(`${prefix}metadata.annotations[${APPARMOR_CONTAINER}${name}]: deprecated since v1.30; use the "appArmorProfile" field instead`);
  }
  const resources = isRecord(c.resources) ? c.resources : {};
  for (const resource of ["memory", "ephemeral-storage"]) {
    for (const kind of ["limits", "requests"]) {
      const map = resources[kind];
      const value = fractional(isRecord(map) ? map[resource] : undefined);
      if (value !== undefined) out.push(fractionalWarning(`${at}.resources.${kind}[${resource}]`, value));
    }
  }
  const seen = new Set<string>();
  records(c.env).forEach((e, i) => {
    const envName = str(e.name);
    if (!seen.has(envName)) return void seen.add(envName);
    const ref = `$(${envName})`;
    if (isRecord(e.valueFrom) || str(e.value) === ref || !str(e.value).includes(ref)) out.push(`${at}.env[${i}]: hides previous definition of ${JSON.stringify(envName)}, which may be dropped when using apply`);
  });
  return out;
}

/** Ports across all containers: a hostIP without hostPort, and the same containerPort/protocol defined again. */
function portWarnings(spec: Obj, at: string): string[] {
  const out: string[] = [];
  const byPort = new Map<string, [string, Obj][]>();
  const names = new Map<string, string>();
  const containers = visit(spec, at);
  for (const [c, path] of containers) {
    records(c.ports).forEach((p, i) => {
      const here = `${path}.ports[${i}]`;
      const [hostIP, hostPort] = [str(p.hostIP), Number(p.hostPort ?? 0)];
      if (hostIP && !hostPort) out.push(`${here}: hostIP set without hostPort: {Name:${str(p.name)} HostPort:0 ContainerPort:${String(p.containerPort)} Protocol:${str(p.protocol)} HostIP:${hostIP}}`);
      const key = `${String(p.containerPort)}/${str(p.protocol)}`;
      for (const [other, q] of byPort.get(key) ?? []) {
        const [otherIP, otherPort] = [str(q.hostIP), Number(q.hostPort ?? 0)];
        if (hostIP === otherIP && hostPort === otherPort) out.push(`${here}: duplicate port definition with ${other}`);
        else if (!hostPort || !otherPort) out.push(`${here}: overlapping port definition with ${other}`);
        else if (hostPort === otherPort && (!hostIP || !otherIP) && !(!hostIP && !otherIP)) out.push(`${here}: dangerously ambiguous port definition with ${other}`);
      }
      byPort.set(key, [...(byPort.get(key) ?? []), [here, p]]);
    });
  }
  for (const [c, path] of containers) {
    records(c.ports).forEach((p, i) => {
      const name = str(p.name);
      if (!name) return;
      const here = `${path}.ports[${i}]`;
      const other = names.get(name);
      if (other) out.push(`${here}: duplicate port name ${JSON.stringify(name)} with ${other}, services and probes that select ports by name will use ${other}`);
      else names.set(name, here);
    });
  }
  return out;
}

/** warningsForPodSpecAndMeta for a Pod (`prefix` "") or a template (`spec.template.`). */
export function podSpecWarnings(spec: Obj, meta: Obj, prefix: string): string[] {
  const at = `${prefix}spec`;
  const notes = isRecord(meta.annotations) ? meta.annotations : {};
  const out: string[] = [];
  for (const k of Object.keys(isRecord(spec.nodeSelector) ? spec.nodeSelector : {})) if (DEPRECATED_NODE_LABELS[k]) out.push(`${at}.nodeSelector[${k}]: ${DEPRECATED_NODE_LABELS[k]}`);
  const node = isRecord(spec.affinity) && isRecord(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : {};
  const termWarnings = (term: unknown, termAt: string, checkValues: boolean) =>
    records(isRecord(term) ? term.matchExpressions : undefined).flatMap((e, i) => {
      const key = str(e.key);
      const deprecated = DEPRECATED_NODE_LABELS[key] ? [`${termAt}.matchExpressions[${i}].key: ${key} is ${DEPRECATED_NODE_LABELS[key]}`] : [];
      const values = checkValues ? list(e.values).flatMap((v, j) => labelValueMessages(str(v)).map((m) => `${termAt}.matchExpressions[${i}].values[${j}]: ${str(v)} is invalid, ${m}`)) : [];
      return [...deprecated, ...values];
    });
  if (isRecord(node.requiredDuringSchedulingIgnoredDuringExecution)) {
    records(node.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).forEach((t, i) => out.push(...termWarnings(t, `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, false)));
  }
  records(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => out.push(...termWarnings(p.preference, `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`, true)));
  records(spec.topologySpreadConstraints).forEach((t, i) => {
    const key = str(t.topologyKey);
    if (DEPRECATED_NODE_LABELS[key]) out.push(`${at}.topologySpreadConstraints[${i}].topologyKey: ${key} is ${DEPRECATED_NODE_LABELS[key]}`);
    if (!isRecord(t.labelSelector)) out.push(`${at}.topologySpreadConstraints[${i}].labelSelector: ${NULL_SELECTOR}`);
  });
  for (const [key, text] of DEPRECATED_ANNOTATIONS) if (notes[key] !== undefined) out.push(`${prefix}metadata.annotations[${key}]: ${text}`);
  records(spec.volumes).forEach((v, i) => {
    for (const [key, name, text] of DEPRECATED_VOLUMES) if (isRecord(v[key])) out.push(`${at}.volumes[${i}].${name}: ${text}`);
    const claim = isRecord(v.ephemeral) && isRecord(v.ephemeral.volumeClaimTemplate) ? v.ephemeral.volumeClaimTemplate.spec : undefined;
    if (isRecord(claim)) out.push(...claimSpecWarnings(claim, `${at}.volumes[${i}].ephemeral.volumeClaimTemplate.spec`));
  });
  out.push(...overlapWarnings(records(spec.volumes)));
  const ips = new Set<string>();
  records(spec.hostAliases).forEach((a, i) => {
    if (ips.has(str(a.ip))) out.push(`${at}.hostAliases[${i}].ip: duplicate ip ${JSON.stringify(str(a.ip))}`);
    ips.add(str(a.ip));
  });
  const secrets = new Set<string>();
  records(spec.imagePullSecrets).forEach((s, i) => {
    if (secrets.has(str(s.name))) out.push(`${at}.imagePullSecrets[${i}].name: duplicate name ${JSON.stringify(str(s.name))}`);
    secrets.add(str(s.name));
  });
  records(spec.imagePullSecrets).forEach((s, i) => {
    if (!str(s.name)) out.push(`${at}.imagePullSecrets[${i}].name: invalid empty name ""`);
  });
  const overhead = isRecord(spec.overhead) ? spec.overhead : {};
  for (const resource of ["memory", "ephemeral-storage"]) {
    const value = fractional(overhead[resource]);
    if (value !== undefined) out.push(fractionalWarning(`${at}.overhead[${resource}]`, value));
  }
  const sc = isRecord(spec.securityContext) ? spec.securityContext : {};
  if (!isRecord(sc.seccompProfile) && notes[SECCOMP_POD] !== undefined) out.push(`${prefix}metadata.annotations[${SECCOMP_POD}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
  for (const [c, path] of visit(spec, at)) out.push(...containerWarnings(c, path, notes, prefix, sc.appArmorProfile));
  out.push(...portWarnings(spec, at));
  if (typeof spec.terminationGracePeriodSeconds === "number" && spec.terminationGracePeriodSeconds < 0) out.push(`${at}.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`);
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = affinity[kind];
    if (!isRecord(a)) continue;
    records(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isRecord(t.labelSelector)) out.push(`${at}.affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector: ${NULL_SELECTOR}`);
    });
    records(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      if (!isRecord(w.podAffinityTerm) || !isRecord(w.podAffinityTerm.labelSelector)) out.push(`${at}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm.labelSelector: ${NULL_SELECTOR}`);
    });
  }
  if (isRecord(spec.dnsConfig)) list(spec.dnsConfig.nameservers).forEach((ip, i) => out.push(...ipWarnings(`${at}.dnsConfig.nameservers[${i}]`, str(ip))));
  records(spec.hostAliases).forEach((a, i) => out.push(...ipWarnings(`${at}.hostAliases[${i}].ip`, str(a.ip))));
  return out;
}
