// ValidatePodSpec (kube-apiserver v1.34, pkg/apis/core/validation) after the volumes, for a Pod and a workload's pod
// template: each container's name, image, termination message policy, ports, env, envFrom, volume mounts and devices,
// pull policy, resources, resize policy, lifecycle handlers, probes; init containers and sidecars; host port clashes;
// then the pod's own fields in real's order, with the security checks in pod-security.ts and the scheduling ones in
// pod-scheduling.ts; and the fields dropped while their gates are off. Shared cases: tests/support/pod-validation-cases.ts.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { labelErrors, qualifiedNameMessages } from "./meta-validation.ts";
import { affinityErrors, dnsConfigErrors, hostAliasErrors, schedulingGateErrors, spreadErrors, tolerationErrors } from "./pod-scheduling.ts";
import { containerSecurityErrors, hostProcessErrors, hostUserErrors, osErrors, podSecurityErrors } from "./pod-security.ts";
import { quantityNumber } from "./quantity.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { fieldSelectorErrors, resourceSelectorErrors } from "./volume-files.ts";
import { descendingPath, duplicate, forbidden, int, invalid, list, messages, notFound, type Obj, records, required, str, unsupported } from "./volume-fields.ts";

const NEGATIVE = "must be greater than or equal to 0";

const PORT_RANGE = "must be between 1 and 65535, inclusive";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];

const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];

const MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];

const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

const SCHEMES = ["HTTP", "HTTPS"];

const HEADER_TEXT = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

/** What an env var's fieldRef may name (validEnvDownwardAPIFieldPathExpressions, sorted as NotSupported lists them). */
const ENV_FIELDS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];

const ENV_NAME = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** Resources whose request may be below their limit (helper.IsOvercommitAllowed); any other must request its limit. */
const OVERCOMMITTED = new Set(["cpu", "memory", "ephemeral-storage"]);

const nonNegative = (value: unknown, at: string): FieldError[] => (int(value) < 0 ? [invalid(at, int(value), NEGATIVE)] : []);

/** IsValidPortName: at most 15 characters of [-a-z0-9], a letter, no `--`, no hyphen at either end. */
function portNameMessages(name: string): string[] {
  return [
    ...(name.length > 15 ? ["must be no more than 15 characters"] : []),
    ...(/^[-a-z0-9]+$/.test(name) ? [] : ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
    ...(/[a-z]/.test(name) ? [] : ["must contain at least one letter (a-z)"]),
    ...(name.includes("--") ? ["must not contain consecutive hyphens"] : []),
    ...(name.startsWith("-") || name.endsWith("-") ? ["must not begin or end with a hyphen"] : []),
  ];
}

/** ValidatePortNumOrName: a number within 1–65535 or a port name. */
function portNumOrName(port: unknown, at: string): FieldError[] {
  if (typeof port === "string") return messages(port, at, portNameMessages(port));
  return int(port) >= 1 && int(port) <= 65535 ? [] : [invalid(at, int(port), PORT_RANGE)];
}

/** IsConfigMapKey: at most 253 characters of [-._a-zA-Z0-9], not `.` or `..` and not starting with `..`. */
function configMapKeyMessages(key: string): string[] {
  return [
    ...(key.length > 253 ? ["must be no more than 253 characters"] : []),
    ...(/^[-._a-zA-Z0-9]+$/.test(key) ? [] : ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]),
    ...(key === "." ? ["must not be '.'"] : key === ".." ? ["must not be '..'"] : key.startsWith("..") ? ["must not start with '..'"] : []),
  ];
}

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on in v1.34): non-empty printable ASCII without `=`. */
const envNameMessages = (name: string): string[] => (/^[\x20-\x7e]*$/.test(name) && !name.includes("=") ? [] : [ENV_NAME]);

function portErrors(ports: unknown, at: string): FieldError[] {
  const names = new Set<string>();
  return records(ports).flatMap((p, i) => {
    const here = `${at}[${i}]`;
    const name = str(p.name);
    const nameErrors = name ? portNameMessages(name) : [];
    const errors = messages(name, `${here}.name`, nameErrors);
    if (name && !nameErrors.length) {
      if (names.has(name)) errors.push(duplicate(`${here}.name`, name));
      names.add(name);
    }
    if (!int(p.containerPort)) errors.push(required(`${here}.containerPort`));
    else if (int(p.containerPort) < 1 || int(p.containerPort) > 65535) errors.push(invalid(`${here}.containerPort`, int(p.containerPort), PORT_RANGE));
    if (int(p.hostPort) && (int(p.hostPort) < 1 || int(p.hostPort) > 65535)) errors.push(invalid(`${here}.hostPort`, int(p.hostPort), PORT_RANGE));
    const protocol = str(p.protocol);
    if (!protocol) errors.push(required(`${here}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) errors.push(unsupported(`${here}.protocol`, protocol, PROTOCOLS));
    return errors;
  });
}

/** ValidateEnv: each name, then a valueFrom names exactly one source and no value beside it. */
function envErrors(env: unknown, at: string): FieldError[] {
  return records(env).flatMap((e, i) => {
    const here = `${at}[${i}]`;
    const name = str(e.name);
    const errors = name ? messages(name, `${here}.name`, envNameMessages(name)) : [required(`${here}.name`)];
    if (!isRecord(e.valueFrom)) return errors;
    const from = e.valueFrom;
    const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter((k) => isRecord(from[k])).length;
    if (isRecord(from.fieldRef)) errors.push(...fieldSelectorErrors(from.fieldRef, `${here}.valueFrom.fieldRef`, ENV_FIELDS));
    if (isRecord(from.resourceFieldRef)) errors.push(...resourceSelectorErrors(from.resourceFieldRef, `${here}.valueFrom.resourceFieldRef`, false));
    for (const key of ["configMapKeyRef", "secretKeyRef"]) {
      const ref = from[key];
      if (!isRecord(ref)) continue;
      const [refName, refKey] = [str(ref.name), str(ref.key)];
      errors.push(...messages(refName, `${here}.valueFrom.${key}.name`, dnsSubdomainMessages(refName)));
      errors.push(...(refKey ? messages(refKey, `${here}.valueFrom.${key}.key`, configMapKeyMessages(refKey)) : [required(`${here}.valueFrom.${key}.key`)]));
    }
    // EnvFiles is off in v1.34, so fileKeyRef was dropped and is not offered.
    if (!sources) errors.push(invalid(`${here}.valueFrom`, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    else if (str(e.value)) errors.push(invalid(`${here}.valueFrom`, "", "may not be specified when `value` is not empty"));
    else if (sources > 1) errors.push(invalid(`${here}.valueFrom`, "", "may not have more than one field specified at a time"));
    return errors;
  });
}

/** ValidateEnvFrom: a prefix that is an env name, then one source of configMapRef and secretRef, with a name (errors on the list itself). */
function envFromErrors(envFrom: unknown, at: string): FieldError[] {
  return records(envFrom).flatMap((e, i) => {
    const here = `${at}[${i}]`;
    const prefix = str(e.prefix);
    const errors = prefix ? messages(prefix, `${here}.prefix`, envNameMessages(prefix)) : [];
    const sources = ["configMapRef", "secretRef"].filter((k) => isRecord(e[k]));
    for (const key of sources) {
      const name = str((e[key] as Obj).name);
      errors.push(...(name ? messages(name, `${here}.${key}.name`, dnsSubdomainMessages(name)) : [required(`${here}.${key}.name`)]));
    }
    if (!sources.length) errors.push(invalid(at, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources.length > 1) errors.push(invalid(at, "", "may not have more than one field specified at a time"));
    return errors;
  });
}

/** ValidateVolumeMounts: a name naming a valid volume, a mount path unique in the container, sub-paths that descend. */
function mountErrors(mounts: unknown, at: string, volumes: Map<string, Obj>, devices: Obj[]): FieldError[] {
  const paths = new Set<string>();
  const [deviceNames, devicePaths] = [new Set(devices.map((d) => str(d.name))), new Set(devices.map((d) => str(d.devicePath)))];
  return records(mounts).flatMap((m, i) => {
    const here = `${at}[${i}]`;
    const [name, path, subPath, expr] = [str(m.name), str(m.mountPath), str(m.subPath), str(m.subPathExpr)];
    const errors = [...(name ? [] : [required(`${here}.name`)]), ...(volumes.has(name) ? [] : [notFound(`${here}.name`, name)]), ...(path ? [] : [required(`${here}.mountPath`)])];
    if (paths.has(path)) errors.push(invalid(`${here}.mountPath`, path, "must be unique"));
    paths.add(path);
    if (deviceNames.has(name)) errors.push(invalid(`${here}.name`, name, "must not already exist in volumeDevices"));
    if (devicePaths.has(path)) errors.push(invalid(`${here}.mountPath`, path, "must not already exist as a path in volumeDevices"));
    if (subPath) errors.push(...descendingPath(subPath, `${at}.subPath`));
    if (expr) errors.push(...(subPath ? [invalid(`${here}.subPathExpr`, expr, "subPathExpr and subPath are mutually exclusive")] : []), ...descendingPath(expr, `${at}.subPathExpr`));
    return errors;
  });
}

/** ValidateVolumeDevices: a unique name naming a claim or ephemeral volume, a unique device path without `..`, neither a mount's. */
function deviceErrors(devices: Obj[], at: string, volumes: Map<string, Obj>, mounts: Obj[]): FieldError[] {
  const [names, paths] = [new Set<string>(), new Set<string>()];
  const [mountNames, mountPaths] = [new Set(mounts.map((m) => str(m.name))), new Set(mounts.map((m) => str(m.mountPath)))];
  return devices.flatMap((d, i) => {
    const here = `${at}[${i}]`;
    const [name, path] = [str(d.name), str(d.devicePath)];
    const source = volumes.get(name);
    const errors = [
      ...(name ? [] : [required(`${here}.name`)]),
      ...(names.has(name) ? [invalid(`${here}.name`, name, "must be unique")] : []),
      ...(source && !isRecord(source.persistentVolumeClaim) && !isRecord(source.ephemeral) ? [invalid(`${here}.name`, name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode")] : []),
      ...(source ? [] : [notFound(`${here}.name`, name)]),
      ...(path ? [] : [required(`${here}.devicePath`)]),
      ...(paths.has(path) ? [invalid(`${here}.devicePath`, path, "must be unique")] : []),
    ];
    if (path && path.split("/").includes("..")) errors.push(invalid(`${here}.devicePath`, path, "can not contain backsteps ('..')"));
    else paths.add(path);
    if (mountNames.has(name)) errors.push(invalid(`${here}.name`, name, "must not already exist in volumeMounts"));
    if (mountPaths.has(path)) errors.push(invalid(`${here}.devicePath`, path, "must not already exist as a path in volumeMounts"));
    if (name) names.add(name);
    return errors;
  });
}

/** validateResizePolicy: each resource once, cpu or memory, a policy; NotRequired when the pod never restarts (errors on the list). */
function resizeErrors(policies: unknown, at: string, podRestart: string): FieldError[] {
  const seen = new Set<string>();
  return records(policies).flatMap((p, i) => {
    const [resource, policy] = [str(p.resourceName), str(p.restartPolicy)];
    const errors = seen.has(resource) ? [duplicate(`${at}[${i}]`, resource)] : [];
    seen.add(resource);
    errors.push(...(resource === "cpu" || resource === "memory" ? [] : resource ? [unsupported(at, resource, ["cpu", "memory"])] : [required(at)]));
    errors.push(...(policy === "NotRequired" || policy === "RestartContainer" ? [] : policy ? [unsupported(at, policy, ["NotRequired", "RestartContainer"])] : [required(at)]));
    if (podRestart === "Never" && policy !== "NotRequired") errors.push(invalid(at, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    return errors;
  });
}

/** ValidateResourceRequirements for one container: no negative value, requests within limits (equal for what cannot overcommit). */
function resourceErrors(resources: unknown, at: string): FieldError[] {
  const [limits, requests] = [isRecord(resources) ? resources.limits : undefined, isRecord(resources) ? resources.requests : undefined];
  const entries = (map: unknown) => (isRecord(map) ? Object.entries(map).filter((e): e is [string, string | number] => ["string", "number"].includes(typeof e[1])) : []);
  const negative = (kind: string, [name, value]: [string, string | number]): FieldError[] => ((quantityNumber(value) ?? 0) < 0 ? [invalid(`${at}.${kind}[${name}]`, String(value), NEGATIVE)] : []);
  const errors = entries(limits).flatMap((e) => negative("limits", e));
  for (const entry of entries(requests)) {
    errors.push(...negative("requests", entry));
    const [name, value] = entry;
    const limit = isRecord(limits) ? limits[name] : undefined;
    if (typeof limit !== "string" && typeof limit !== "number") continue;
    const [want, most] = [quantityNumber(value) ?? 0, quantityNumber(limit) ?? 0];
    const rule = !OVERCOMMITTED.has(name) && want !== most ? "must be equal to" : want > most ? "must be less than or equal to" : undefined;
    if (rule) errors.push(invalid(`${at}.requests`, String(value), `${rule} ${name} limit of ${String(limit)}`));
  }
  return errors;
}

/** validateHandler: exactly one action (the first one set counts; each later one is Forbidden), then its fields. */
function handlerErrors(handler: Obj, at: string, kinds: string[], grace: number): FieldError[] {
  let count = 0;
  const errors = kinds.flatMap((kind): FieldError[] => {
    const action = handler[kind];
    if (!isRecord(action)) return [];
    if (count++ > 0) return [forbidden(`${at}.${kind}`, "may not specify more than 1 handler type")];
    if (kind === "exec") return list(action.command).length ? [] : [required(`${at}.exec.command`)];
    if (kind === "httpGet") {
      const scheme = str(action.scheme);
      return [
        ...(str(action.path) ? [] : [required(`${at}.httpGet.path`)]),
        ...portNumOrName(action.port, `${at}.httpGet.port`),
        ...(SCHEMES.includes(scheme) ? [] : [unsupported(`${at}.httpGet.scheme`, scheme, SCHEMES)]),
        ...records(action.httpHeaders).flatMap((h) => (/^[-A-Za-z0-9]+$/.test(str(h.name)) ? [] : [invalid(`${at}.httpGet.httpHeaders`, str(h.name), HEADER_TEXT)])),
      ];
    }
    if (kind === "tcpSocket") return portNumOrName(action.port, `${at}.tcpSocket.port`);
    if (kind === "grpc") return portNumOrName(int(action.port), `${at}.grpc.port`);
    const seconds = int(action.seconds);
    return seconds < 0 || seconds > grace ? [invalid(`${at}.sleep`, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`)] : [];
  });
  return count ? errors : [required(at, "must specify a handler type")];
}

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
function probeErrors(probe: unknown, at: string, kind: "liveness" | "readiness" | "startup", grace: number): FieldError[] {
  if (!isRecord(probe)) return [];
  const grace2 = probe.terminationGracePeriodSeconds;
  return [
    ...handlerErrors(probe, at, ["exec", "httpGet", "tcpSocket", "grpc"], grace),
    ...["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"].flatMap((k) => nonNegative(probe[k], `${at}.${k}`)),
    ...(typeof grace2 === "number" && grace2 <= 0 ? [invalid(`${at}.terminationGracePeriodSeconds`, grace2, "must be greater than 0")] : []),
    ...(kind !== "readiness" && int(probe.successThreshold) !== 1 ? [invalid(`${at}.successThreshold`, int(probe.successThreshold), "must be 1")] : []),
    ...(kind === "readiness" && typeof grace2 === "number" ? [invalid(`${at}.terminationGracePeriodSeconds`, grace2, "must not be set for readinessProbes")] : []),
  ];
}

function lifecycleErrors(lifecycle: unknown, at: string, grace: number): FieldError[] {
  if (!isRecord(lifecycle)) return [];
  return ["postStart", "preStop"].flatMap((hook) => {
    const handler = lifecycle[hook];
    return isRecord(handler) ? handlerErrors(handler, `${at}.${hook}`, ["exec", "httpGet", "tcpSocket", "sleep"], grace) : [];
  });
}

/** validateContainerCommon: what every container must satisfy, in real's order. */
function commonErrors(c: Obj, at: string, volumes: Map<string, Obj>, hostUsers: boolean, podRestart: string): FieldError[] {
  const [name, policy, pull] = [str(c.name), str(c.terminationMessagePolicy), str(c.imagePullPolicy)];
  const [mounts, devices] = [records(c.volumeMounts), records(c.volumeDevices)];
  return [
    ...(name ? messages(name, `${at}.name`, dnsLabelMessages(name)) : [required(`${at}.name`)]),
    ...(str(c.image) ? [] : [required(`${at}.image`)]),
    ...(policy ? (MESSAGE_POLICIES.includes(policy) ? [] : [unsupported(`${at}.terminationMessagePolicy`, policy, MESSAGE_POLICIES)]) : [required(`${at}.terminationMessagePolicy`)]),
    ...portErrors(c.ports, `${at}.ports`),
    ...envErrors(c.env, `${at}.env`),
    ...envFromErrors(c.envFrom, `${at}.envFrom`),
    ...mountErrors(mounts, `${at}.volumeMounts`, volumes, devices),
    ...deviceErrors(devices, `${at}.volumeDevices`, volumes, mounts),
    ...(pull ? (PULL_POLICIES.includes(pull) ? [] : [unsupported(`${at}.imagePullPolicy`, pull, PULL_POLICIES)]) : [required(`${at}.imagePullPolicy`)]),
    ...resourceErrors(c.resources, `${at}.resources`),
    ...resizeErrors(c.resizePolicy, `${at}.resizePolicy`, podRestart),
    ...containerSecurityErrors(c.securityContext, `${at}.securityContext`, hostUsers),
  ];
}

/** AccumulateUniqueHostPorts: a protocol/hostIP/hostPort used twice, reported at its second use. */
function hostPortClashes(containers: Obj[], at: string): FieldError[] {
  const seen = new Set<string>();
  return containers.flatMap((c, ci) =>
    records(c.ports).flatMap((p, pi) => {
      if (!int(p.hostPort)) return [];
      const key = `${str(p.protocol)}/${str(p.hostIP)}/${int(p.hostPort)}`;
      if (seen.has(key)) return [duplicate(`${at}[${ci}].ports[${pi}].hostPort`, key)];
      seen.add(key);
      return [];
    }),
  );
}

/** validateContainers: at least one; each one's common checks, a unique name, its handlers and probes; then host ports. */
function containerErrors(spec: Obj, at: string, volumes: Map<string, Obj>, grace: number, hostUsers: boolean): FieldError[] {
  const containers = records(spec.containers);
  if (!containers.length) return [required(at)];
  const names = new Set<string>();
  return [
    ...containers.flatMap((c, i) => {
      const here = `${at}[${i}]`;
      const errors = commonErrors(c, here, volumes, hostUsers, str(spec.restartPolicy));
      if (names.has(str(c.name))) errors.push(duplicate(`${here}.name`, str(c.name)));
      names.add(str(c.name));
      errors.push(...lifecycleErrors(c.lifecycle, `${here}.lifecycle`, grace));
      errors.push(...probeErrors(c.livenessProbe, `${here}.livenessProbe`, "liveness", grace), ...probeErrors(c.readinessProbe, `${here}.readinessProbe`, "readiness", grace), ...probeErrors(c.startupProbe, `${here}.startupProbe`, "startup", grace));
      return errors;
    }),
    ...hostPortClashes(containers, at),
  ];
}

/** validateInitContainers: the common checks, names unique with the regular ones, handlers and probes only for a sidecar (restartPolicy Always). */
function initContainerErrors(spec: Obj, at: string, volumes: Map<string, Obj>, grace: number, hostUsers: boolean): FieldError[] {
  const names = new Set(records(spec.containers).map((c) => str(c.name)));
  return records(spec.initContainers).flatMap((c, i) => {
    const here = `${at}[${i}]`;
    const errors = commonErrors(c, here, volumes, hostUsers, str(spec.restartPolicy));
    const policy = c.restartPolicy;
    const name = str(c.name);
    if (names.has(name)) errors.push(duplicate(`${here}.name`, name));
    else if (name) names.add(name);
    // Each init container is checked alone, so real names its clash at index 0 of the list, whichever it is.
    errors.push(...hostPortClashes([c], at));
    if (policy === "Always") {
      errors.push(...lifecycleErrors(c.lifecycle, `${here}.lifecycle`, grace));
      errors.push(...probeErrors(c.livenessProbe, `${here}.livenessProbe`, "liveness", grace), ...probeErrors(c.readinessProbe, `${here}.readinessProbe`, "readiness", grace), ...probeErrors(c.startupProbe, `${here}.startupProbe`, "startup", grace));
    } else {
      for (const key of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (isRecord(c[key])) errors.push(forbidden(`${here}.${key}`, "may not be set for init containers without restartPolicy=Always"));
      }
    }
    return errors;
  });
}

/** The fields of a container an ephemeral one may not set, in the order of the Go struct (allowedEphemeralContainerFields). */
const NOT_FOR_EPHEMERAL = ["ports", "resources", "resizePolicy", "restartPolicy", "restartPolicyRules", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"];

/** Whether a field holds something Go would not call its zero value (an empty list or map is not zero; {} for a struct is). */
const isSet = (key: string, value: unknown) => value !== undefined && value !== null && !(key === "resources" && isRecord(value) && Object.values(value).every((v) => v === undefined || v === null));

/**
 * validateEphemeralContainers: each one's common checks and an unpadded image, a name unique across every container, a
 * target that is a regular or init container, none of the fields that make a container part of the workload (ports,
 * resources, probes, lifecycle…), and no subPath or subPathExpr in its mounts.
 */
function ephemeralContainerErrors(spec: Obj, at: string, volumes: Map<string, Obj>, hostUsers: boolean): FieldError[] {
  const others = new Set([...records(spec.containers), ...records(spec.initContainers)].map((c) => str(c.name)));
  const names = new Set(others);
  return records(spec.ephemeralContainers).flatMap((c, i) => {
    const here = `${at}[${i}]`;
    const name = str(c.name);
    const image = str(c.image);
    const errors = [...commonErrors(c, here, volumes, hostUsers, str(spec.restartPolicy)), ...(image !== image.trim() ? [invalid(`${here}.image`, image, "must not have leading or trailing whitespace")] : [])];
    if (names.has(name)) errors.push(duplicate(`${here}.name`, name));
    else names.add(name);
    const targetName = str(c.targetContainerName);
    if (targetName && !others.has(targetName)) errors.push(notFound(`${here}.targetContainerName`, targetName));
    for (const key of NOT_FOR_EPHEMERAL) if (isSet(key, c[key])) errors.push(forbidden(`${here}.${key}`, "cannot be set for an Ephemeral Container"));
    records(c.volumeMounts).forEach((m, j) => {
      for (const key of ["subPath", "subPathExpr"]) if (str(m[key])) errors.push(forbidden(`${here}.volumeMounts[${j}].${key}`, "cannot be set for an Ephemeral Container"));
    });
    return errors;
  });
}

/**
 * ValidatePodSpec after ValidateVolumes (whose valid volumes the mounts may name), under `at` (`spec` or
 * `spec.template.spec`); `pod` adds the checks only a Pod gets (validateContainersOnlyForPod).
 */
export function podSpecRestErrors(spec: Obj, at: string, volumes: Map<string, Obj>, pod: boolean): FieldError[] {
  const grace = int(spec.terminationGracePeriodSeconds);
  const [restart, dns] = [str(spec.restartPolicy), str(spec.dnsPolicy)];
  const named = (key: string, check: (v: string) => string[]) => (str(spec[key]) ? messages(str(spec[key]), `${at}.${key}`, check(str(spec[key]))) : []);
  const deadline = spec.activeDeadlineSeconds;
  // hostUsers defaults to true: only `hostUsers: false` turns user namespaces on (in v1 a spec field; the internal
  // type keeps it in the pod's security context).
  const hostUsers = spec.hostUsers !== false;
  return [
    ...(typeof spec.terminationGracePeriodSeconds === "number" ? [] : [required(`${at}.terminationGracePeriodSeconds`)]),
    ...containerErrors(spec, `${at}.containers`, volumes, grace, hostUsers),
    ...initContainerErrors(spec, `${at}.initContainers`, volumes, grace, hostUsers),
    ...ephemeralContainerErrors(spec, `${at}.ephemeralContainers`, volumes, hostUsers),
    // validatePodHostNetworkDeps: with hostNetwork a hostPort must be the containerPort (a template may leave it 0).
    ...(spec.hostNetwork === true
      ? records(spec.containers).flatMap((c, i) =>
          records(c.ports).flatMap((p, j) => ((pod || int(p.hostPort) !== 0) && int(p.hostPort) !== int(p.containerPort) ? [invalid(`${at}.containers[${i}].ports[${j}].hostPort`, int(p.hostPort), "must match `containerPort` when `hostNetwork` is true")] : [])),
        )
      : []),
    ...(restart ? (RESTART_POLICIES.includes(restart) ? [] : [unsupported(`${at}.restartPolicy`, restart, RESTART_POLICIES)]) : [required(`${at}.restartPolicy`)]),
    ...(dns ? (DNS_POLICIES.includes(dns) ? [] : [unsupported(`${at}.dnsPolicy`, dns, DNS_POLICIES)]) : [required(`${at}.dnsPolicy`)]),
    ...labelErrors(spec.nodeSelector, `${at}.nodeSelector`),
    ...podSecurityErrors(spec, `${at}.securityContext`),
    ...affinityErrors(spec.affinity, `${at}.affinity`),
    ...dnsConfigErrors(spec.dnsConfig, dns, `${at}.dnsConfig`),
    ...records(spec.readinessGates).flatMap((g, i) => messages(str(g.conditionType), `${at}.readinessGates[${i}].conditionType`, qualifiedNameMessages(str(g.conditionType)))),
    ...schedulingGateErrors(spec.schedulingGates, `${at}.schedulingGates`),
    ...spreadErrors(spec.topologySpreadConstraints, `${at}.topologySpreadConstraints`),
    ...hostProcessErrors(spec, at),
    ...hostUserErrors(spec, at),
    ...named("serviceAccountName", dnsSubdomainMessages),
    ...named("nodeName", dnsSubdomainMessages),
    ...(typeof deadline === "number" && (deadline < 1 || deadline > 2147483647) ? [invalid(`${at}.activeDeadlineSeconds`, deadline, "must be between 1 and 2147483647, inclusive")] : []),
    ...named("hostname", dnsLabelMessages),
    ...named("subdomain", dnsLabelMessages),
    ...tolerationErrors(spec.tolerations, `${at}.tolerations`),
    ...hostAliasErrors(spec.hostAliases, `${at}.hostAliases`),
    ...named("priorityClassName", dnsSubdomainMessages),
    ...osErrors(spec, at),
    // validateContainersOnlyForPod, for containers and init containers (an ephemeral one's comes with its own checks).
    ...(pod
      ? ["containers", "initContainers"].flatMap((key) => records(spec[key]).flatMap((c, i) => (str(c.image) !== str(c.image).trim() ? [invalid(`${at}.${key}[${i}].image`, str(c.image), "must not have leading or trailing whitespace")] : [])))
      : []),
  ];
}

/**
 * What the Pod strategies drop while their gates are off in v1.34 (ContainerRestartRules, ContainerStopSignals,
 * EnvFiles), unless the stored object already used it: a regular container's restartPolicy and restart rules, an init
 * container's restartPolicy other than Always, a lifecycle's stopSignal, and an env var's fileKeyRef.
 */
export function dropGatedContainerFields(spec: unknown, old: unknown): void {
  if (!isRecord(spec)) return;
  const was = isRecord(old) ? old : {};
  const all = (s: Obj) => [...records(s.initContainers), ...records(s.containers), ...records(s.ephemeralContainers)];
  const rulesInUse = records(was.initContainers).some((c) => (typeof c.restartPolicy === "string" && c.restartPolicy !== "Always") || list(c.restartPolicyRules).length > 0) || [...records(was.containers), ...records(was.ephemeralContainers)].some((c) => c.restartPolicy !== undefined || c.restartPolicyRules !== undefined);
  if (!rulesInUse) {
    for (const c of records(spec.initContainers)) {
      if (c.restartPolicy !== "Always") delete c.restartPolicy;
      delete c.restartPolicyRules;
    }
    for (const c of [...records(spec.containers), ...records(spec.ephemeralContainers)]) {
      delete c.restartPolicy;
      delete c.restartPolicyRules;
    }
  }
  // ContainerStopSignals: a lifecycle left with nothing else goes too.
  if (!all(was).some((c) => isRecord(c.lifecycle) && c.lifecycle.stopSignal !== undefined)) {
    for (const c of all(spec)) {
      if (!isRecord(c.lifecycle) || c.lifecycle.stopSignal === undefined) continue;
      delete c.lifecycle.stopSignal;
      if (Object.keys(c.lifecycle).length === 0) delete c.lifecycle;
    }
  }
  const fileKeysInUse = all(was).some((c) => records(c.env).some((e) => isRecord(e.valueFrom) && isRecord(e.valueFrom.fileKeyRef)));
  if (!fileKeysInUse) for (const c of all(spec)) for (const e of records(c.env)) if (isRecord(e.valueFrom)) delete e.valueFrom.fileKeyRef;
}

/** ValidatePodCreate's own rule, or ValidatePodTemplateSpec's: no ephemeral containers yet. */
export function ephemeralErrors(spec: Obj, at: string, pod: boolean): FieldError[] {
  return list(spec.ephemeralContainers).length ? [forbidden(`${at}.ephemeralContainers`, pod ? "cannot be set on create" : "ephemeral containers not allowed in pod template")] : [];
}
