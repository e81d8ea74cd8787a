// ValidatePodSpec (kube-apiserver v1.34, pkg/apis/core/validation) after the volumes, for a Pod and a workload's pod
// template: each container's name, image, termination message policy, ports, env, envFrom, volume mounts, pull policy,
// resources, lifecycle handlers, probes and restart policy; init containers; host port clashes; then the pod's restart
// and DNS policies, node selector, DNS config, readiness and scheduling gates, topology spread, account, node and host
// names, deadline, tolerations, host aliases and priority class; security contexts, affinity and label keys, volume
// devices, resize policies, sysctls, host networking, the OS. Not emulated: Windows host-process pods. Shared cases:
// tests/support/pod-validation-cases.ts.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { labelErrors, labelSelectorErrors, labelValueMessages, qualifiedNameMessages } from "./meta-validation.ts";
import { quantityNumber } from "./quantity.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { fieldSelectorErrors, resourceSelectorErrors } from "./volume-files.ts";
import { forbidden, int, invalid, list, noBacksteps, type Obj, records, required, str, tooLong, unsupported } from "./volume-fields.ts";

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

const duplicate = (field: string, value: string): FieldError => ({ field, type: "FieldValueDuplicate", body: `Duplicate value: ${JSON.stringify(value)}` });
const notFound = (field: string, value: string): FieldError => ({ field, type: "FieldValueNotFound", body: `Not found: ${JSON.stringify(value)}` });
const nonNegative = (value: unknown, at: string): FieldError[] => (int(value) < 0 ? [invalid(at, int(value), NEGATIVE)] : []);
const messages = (value: string, at: string, found: string[]): FieldError[] => found.map((m) => invalid(at, value, m));

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

/** validateLocalDescendingPath: relative and without `..`; real files these under the mount list, not the mount. */
const descendingPath = (p: string, at: string): FieldError[] => [...(p.startsWith("/") ? [invalid(at, p, "must be a relative path")] : []), ...noBacksteps(p, at)];

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

const ID_RANGE = "must be between 0 and 2147483647, inclusive";
const idErrors = (value: unknown, at: string): FieldError[] => (typeof value === "number" && (value < 0 || value > 2147483647) ? [invalid(at, value, ID_RANGE)] : []);
const SECCOMP_TYPES = ["Localhost", "RuntimeDefault", "Unconfined"];

/**
 * validateSeccompProfileField: a type, a localhost profile exactly when the type is Localhost (relative, no `..`); the
 * bad value of a stray profile is the internal struct, whose JSON has Go's field names (it has no json tags).
 */
function seccompErrors(profile: unknown, at: string): FieldError[] {
  if (!isRecord(profile)) return [];
  const type = str(profile.type);
  const local = profile.localhostProfile;
  return [
    ...(!type ? [required(`${at}.type`, "type is required when seccompProfile is set")] : SECCOMP_TYPES.includes(type) ? [] : [unsupported(`${at}.type`, type, SECCOMP_TYPES)]),
    ...(type === "Localhost"
      ? typeof local === "string" ? descendingPath(local, `${at}.localhostProfile`) : [required(`${at}.localhostProfile`, "must be set when seccomp type is Localhost")]
      : typeof local === "string" ? [invalid(`${at}.localhostProfile`, { Type: type, LocalhostProfile: local }, "can only be set when seccomp type is Localhost")] : []),
  ];
}

/** ValidateAppArmorProfileField: a type; a localhost profile, unpadded and at most 4095 bytes, only with Localhost. */
function appArmorErrors(profile: unknown, at: string): FieldError[] {
  if (!isRecord(profile)) return [];
  const [type, local] = [str(profile.type), profile.localhostProfile];
  if (type === "Localhost") {
    if (typeof local !== "string") return [required(`${at}.localhostProfile`, "must be set when AppArmor type is Localhost")];
    return [
      ...(local.trim() !== local ? [invalid(`${at}.localhostProfile`, local, "must not be padded with whitespace")] : local === "" ? [required(`${at}.localhostProfile`, "must be set when AppArmor type is Localhost")] : []),
      ...(Buffer.byteLength(local) > 4095 ? [tooLong(`${at}.localhostProfile`, 4095)] : []),
    ];
  }
  if (type === "RuntimeDefault" || type === "Unconfined") return typeof local === "string" ? [invalid(`${at}.localhostProfile`, local, "can only be set when AppArmor type is Localhost")] : [];
  return type ? [unsupported(`${at}.type`, type, ["Localhost", "RuntimeDefault", "Unconfined"])] : [required(`${at}.type`, "type is required when appArmorProfile is set")];
}

/** validateWindowsSecurityContextOptions, its common cases: a GMSA spec name that is a DNS subdomain, a non-empty spec, a user name. */
function windowsOptionErrors(options: unknown, at: string): FieldError[] {
  if (!isRecord(options)) return [];
  const errors: FieldError[] = [];
  const [gmsaName, gmsa, user] = [options.gmsaCredentialSpecName, options.gmsaCredentialSpec, options.runAsUserName];
  if (typeof gmsaName === "string") errors.push(...messages(gmsaName, `${at}.gmsaCredentialSpecName`, dnsSubdomainMessages(gmsaName)));
  if (gmsa === "") errors.push(invalid(`${at}.gmsaCredentialSpec`, gmsa, "gmsaCredentialSpec cannot be an empty string"));
  if (typeof user === "string") {
    const here = `${at}.runAsUserName`;
    const parts = user.split("\\");
    const control = /[\x00-\x1f\x7f]/.test(user);
    if (user === "") errors.push(invalid(here, user, "runAsUserName cannot be an empty string"));
    else if (control) errors.push(invalid(here, user, "runAsUserName cannot contain control characters"));
    else if (parts.length > 2) errors.push(invalid(here, user, "runAsUserName cannot contain more than one backslash"));
    else if (!(parts.at(-1) ?? "")) errors.push(invalid(here, user, "runAsUserName's User cannot be empty"));
  }
  return errors;
}

/**
 * ValidateSecurityContext of a container: user and group ids, procMount, seccomp and AppArmor profiles (privileged is
 * allowed, as by the real cluster's kube-apiserver).
 */
function containerSecurityErrors(sc: unknown, at: string, hostUsers: boolean): FieldError[] {
  if (!isRecord(sc)) return [];
  const mount = sc.procMount;
  return [
    ...idErrors(sc.runAsUser, `${at}.runAsUser`),
    ...idErrors(sc.runAsGroup, `${at}.runAsGroup`),
    ...(typeof mount === "string" && mount !== "Default" && mount !== "Unmasked" ? [unsupported(`${at}.procMount`, mount, ["Default", "Unmasked"])] : []),
    ...(hostUsers && mount === "Unmasked" ? [invalid(`${at}.procMount`, mount, "`hostUsers` must be false to use `Unmasked`")] : []),
    ...seccompErrors(sc.seccompProfile, `${at}.seccompProfile`),
    ...windowsOptionErrors(sc.windowsOptions, `${at}.windowsOptions`),
    ...appArmorErrors(sc.appArmorProfile, `${at}.appArmorProfile`),
  ];
}

const SYSCTL_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const SYSCTL_RE = `(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}`;

/** The kernel namespace of a sysctl (GetNamespace, after NormalizeName swaps `/` and `.` when `/` comes first). */
function sysctlNamespace(name: string): "Net" | "IPC" | "" {
  const first = name.search(/[./]/);
  const normal = first !== -1 && name[first] === "/" ? name.replace(/[./]/g, (c) => (c === "." ? "/" : ".")) : name;
  const star = normal.indexOf("*");
  const base = star === -1 ? normal : normal.slice(0, star);
  const ipc = ["kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.shm", "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg"];
  if (ipc.includes(base)) return "IPC";
  return base.startsWith("net.") ? "Net" : base.startsWith("fs.mqueue.") ? "IPC" : "";
}

/** validateSysctls: a name of at most 253 characters in the sysctl syntax, not repeated, and none of the host's own namespace. */
function sysctlErrors(sysctls: unknown, at: string, spec: Obj): FieldError[] {
  const seen = new Set<string>();
  return records(sysctls).flatMap((x, i) => {
    const name = str(x.name);
    const here = `${at}[${i}].name`;
    const errors: FieldError[] = [];
    if (!name) errors.push(required(here));
    else if (name.length > 253 || !new RegExp(`^${SYSCTL_RE}$`).test(name)) errors.push(invalid(here, name, `must have at most 253 characters and match regex ^${SYSCTL_RE}$`));
    else if (seen.has(name)) errors.push(duplicate(here, name));
    const ns = sysctlNamespace(name);
    if (spec.hostNetwork === true && ns === "Net") errors.push(invalid(here, name, "may not be specified when 'hostNetwork' is true"));
    else if (spec.hostIPC === true && ns === "IPC") errors.push(invalid(here, name, "may not be specified when 'hostIPC' is true"));
    seen.add(name);
    return errors;
  });
}

/** validatePodSpecSecurityContext: ids, shareProcessNamespace against hostPID, fsGroupChangePolicy, profiles, supplementalGroupsPolicy. */
function podSecurityErrors(spec: Obj, at: string): FieldError[] {
  const sc = spec.securityContext;
  if (!isRecord(sc)) return [];
  const [change, groups] = [sc.fsGroupChangePolicy, sc.supplementalGroupsPolicy];
  return [
    ...idErrors(sc.fsGroup, `${at}.fsGroup`),
    ...idErrors(sc.runAsUser, `${at}.runAsUser`),
    ...idErrors(sc.runAsGroup, `${at}.runAsGroup`),
    ...list(sc.supplementalGroups).flatMap((g, i) => idErrors(g, `${at}.supplementalGroups[${i}]`)),
    // Both are PodSpec fields in v1, held by the internal PodSecurityContext, hence the path.
    ...(spec.shareProcessNamespace === true && spec.hostPID === true ? [invalid(`${at}.shareProcessNamespace`, true, "ShareProcessNamespace and HostPID cannot both be enabled")] : []),
    ...sysctlErrors(sc.sysctls, `${at}.sysctls`, spec),
    ...(typeof change === "string" && change !== "Always" && change !== "OnRootMismatch" ? [unsupported(`${at}.fsGroupChangePolicy`, change, ["Always", "OnRootMismatch"])] : []),
    ...seccompErrors(sc.seccompProfile, `${at}.seccompProfile`),
    ...windowsOptionErrors(sc.windowsOptions, `${at}.windowsOptions`),
    ...appArmorErrors(sc.appArmorProfile, `${at}.appArmorProfile`),
    ...(typeof groups === "string" && groups !== "Merge" && groups !== "Strict" ? [unsupported(`${at}.supplementalGroupsPolicy`, groups, ["Merge", "Strict"])] : []),
  ];
}

/** ValidateNodeSelectorRequirement (a node label expression): the operator and its values, the key, the values as label values unless preferred. */
function nodeExpressionErrors(r: Obj, at: string, checkValues: boolean): FieldError[] {
  const [operator, key, values] = [str(r.operator), str(r.key), list(r.values).map(str)];
  const errors: FieldError[] =
    operator === "In" || operator === "NotIn"
      ? values.length ? [] : [required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'")]
      : operator === "Exists" || operator === "DoesNotExist"
        ? values.length ? [forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")] : []
        : operator === "Gt" || operator === "Lt"
          ? values.length === 1 ? [] : [required(`${at}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'")]
          : [invalid(`${at}.operator`, operator, "not a valid selector operator")];
  errors.push(...messages(key, `${at}.key`, qualifiedNameMessages(key)));
  if (checkValues) values.forEach((v, i) => errors.push(...messages(v, `${at}.values[${i}]`, labelValueMessages(v))));
  return errors;
}

/** ValidateNodeSelectorTerm: its label expressions, then its field expressions (only metadata.name, In or NotIn with one value). */
function nodeTermErrors(term: unknown, at: string, checkValues: boolean): FieldError[] {
  const t = isRecord(term) ? term : {};
  return [
    ...records(t.matchExpressions).flatMap((r, j) => nodeExpressionErrors(r, `${at}.matchExpressions[${j}]`, checkValues)),
    ...records(t.matchFields).flatMap((r, j) => {
      const here = `${at}.matchFields[${j}]`;
      const [operator, key, values] = [str(r.operator), str(r.key), list(r.values).map(str)];
      return [
        ...(operator === "In" || operator === "NotIn" ? (values.length === 1 ? [] : [required(`${here}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector")]) : [invalid(`${here}.operator`, operator, "not a valid selector operator")]),
        ...(key === "metadata.name" ? values.flatMap((v, i) => messages(v, `${here}.values[${i}]`, dnsSubdomainMessages(v))) : [invalid(`${here}.key`, key, "not a valid field selector key")]),
      ];
    }),
  ];
}

/** validateLabelKeys: label names, and only beside a selector. */
function labelKeyErrors(keys: string[], at: string, selector: unknown): FieldError[] {
  if (!keys.length) return [];
  if (!isRecord(selector)) return [forbidden(at, "must not be specified when labelSelector is not set")];
  return keys.flatMap((k, i) => messages(k, `${at}[${i}]`, qualifiedNameMessages(k)));
}

/**
 * ValidateMatchLabelKeysAndMismatchLabelKeys on a term or constraint at `at`, after its selector took the merged keys: the
 * keys' names; a match key the selector already had (named `at[i]`, without `matchLabelKeys`); a key in both lists.
 */
function matchLabelKeyErrors(term: Obj, at: string, mismatchToo: boolean): FieldError[] {
  const [match, mismatch] = [list(term.matchLabelKeys).map(str), mismatchToo ? list(term.mismatchLabelKeys).map(str) : []];
  const selector = term.labelSelector;
  const errors = [...labelKeyErrors(match, `${at}.matchLabelKeys`, selector), ...labelKeyErrors(mismatch, `${at}.mismatchLabelKeys`, selector)];
  if (isRecord(selector)) {
    const index = new Map(match.map((k, i) => [k, i]));
    const seen = new Set(isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels) : []);
    for (const e of records(selector.matchExpressions)) {
      const key = str(e.key);
      const i = index.get(key);
      if (i !== undefined && seen.has(key)) errors.push(invalid(`${at}[${i}]`, key, "exists in both matchLabelKeys and labelSelector"));
      seen.add(key);
    }
  }
  match.forEach((k, i) => {
    if (mismatch.includes(k)) errors.push(invalid(`${at}.matchLabelKeys[${i}]`, k, "exists in both matchLabelKeys and mismatchLabelKeys"));
  });
  return errors;
}

/** validatePodAffinityTerm: its selectors, namespaces (named under `namespace`, no index), label keys, a topology key that is a label name. */
function podAffinityTermErrors(term: unknown, at: string): FieldError[] {
  const t = isRecord(term) ? term : {};
  const key = str(t.topologyKey);
  return [
    ...labelSelectorErrors(t.labelSelector, `${at}.labelSelector`),
    ...labelSelectorErrors(t.namespaceSelector, `${at}.namespaceSelector`),
    ...list(t.namespaces).flatMap((n) => messages(str(n), `${at}.namespace`, dnsLabelMessages(str(n)))),
    ...matchLabelKeyErrors(t, at, true),
    ...(key ? [] : [required(`${at}.topologyKey`, "can not be empty")]),
    ...messages(key, `${at}.topologyKey`, qualifiedNameMessages(key)),
  ];
}

const weightErrors = (weight: unknown, at: string): FieldError[] => (int(weight) <= 0 || int(weight) > 100 ? [invalid(at, int(weight), "must be in the range 1-100")] : []);

/** validateAffinity: node affinity (required terms, preferred weights and terms), then pod affinity and anti-affinity terms. */
function affinityErrors(affinity: unknown, at: string): FieldError[] {
  if (!isRecord(affinity)) return [];
  const errors: FieldError[] = [];
  const node = affinity.nodeAffinity;
  if (isRecord(node)) {
    const requiredTerms = node.requiredDuringSchedulingIgnoredDuringExecution;
    const here = `${at}.nodeAffinity`;
    if (isRecord(requiredTerms)) {
      const terms = records(requiredTerms.nodeSelectorTerms);
      const termsAt = `${here}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      errors.push(...(terms.length ? terms.flatMap((t, i) => nodeTermErrors(t, `${termsAt}[${i}]`, true)) : [required(termsAt, "must have at least one node selector term")]));
    }
    records(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pAt = `${here}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      errors.push(...weightErrors(p.weight, `${pAt}.weight`), ...nodeTermErrors(p.preference, `${pAt}.preference`, false));
    });
  }
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const pod = affinity[kind];
    if (!isRecord(pod)) continue;
    const here = `${at}.${kind}`;
    records(pod.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => errors.push(...podAffinityTermErrors(t, `${here}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)));
    records(pod.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const wAt = `${here}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      errors.push(...weightErrors(w.weight, `${wAt}.weight`), ...podAffinityTermErrors(w.podAffinityTerm, `${wAt}.podAffinityTerm`));
    });
  }
  return errors;
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

/** validateSchedulingGates: each name qualified and not repeated. */
function schedulingGateErrors(gates: unknown, at: string): FieldError[] {
  const seen = new Set<string>();
  return records(gates).flatMap((g, i) => {
    const name = str(g.name);
    const errors = messages(name, `${at}[${i}]`, qualifiedNameMessages(name));
    if (seen.has(name)) errors.push(duplicate(`${at}[${i}]`, name));
    seen.add(name);
    return errors;
  });
}

/** ParseIPSloppy: IPv4 (octets may have leading zeros, as StrictIPCIDRValidation is off) or IPv6. */
function sloppyIp(value: string): boolean {
  const v4 = (s: string) => {
    const parts = s.split(".");
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  };
  if (v4(value)) return true;
  if (!value.includes(":")) return false;
  const tail = value.slice(value.lastIndexOf(":") + 1);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const groups = tail.includes(".") ? (v4(tail) ? `${value.slice(0, value.lastIndexOf(":") + 1)}0:0` : "") : value;
  return groups !== "" && isIPv6Groups(groups);
}

function isIPv6Groups(value: string): boolean {
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string | undefined) => (h ? h.split(":") : []);
  const [head, tail] = [groups(halves[0]), groups(halves[1])];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

const IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const SEARCH_LABEL = "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const SEARCH_RE = `${SEARCH_LABEL}(\\.${SEARCH_LABEL})*`;
const SEARCH_TEXT = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SEARCH_RE}')`;
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const SCHEDULE_ACTIONS = ["DoNotSchedule", "ScheduleAnyway"];
const NODE_POLICIES = ["Honor", "Ignore"];

/** ValidateTolerations: key, the operator against key and value, tolerationSeconds only with NoExecute, the effect. */
function tolerationErrors(tolerations: unknown, at: string): FieldError[] {
  return records(tolerations).flatMap((t, i) => {
    const here = `${at}[${i}]`;
    const [key, operator, value, effect] = [str(t.key), str(t.operator), str(t.value), str(t.effect)];
    const errors = key ? messages(key, `${here}.key`, qualifiedNameMessages(key)) : [];
    if (!key && operator !== "Exists") errors.push(invalid(`${here}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (typeof t.tolerationSeconds === "number" && effect !== "NoExecute") errors.push(invalid(`${here}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (operator === "Equal" || operator === "") {
      const found = labelValueMessages(value);
      if (found.length) errors.push(invalid(`${here}.operator`, value, found.join(";")));
    } else if (operator === "Exists") {
      if (value) errors.push(invalid(`${here}.operator`, value, "value must be empty when `operator` is 'Exists'"));
    } else errors.push(unsupported(`${here}.operator`, operator, ["Equal", "Exists"]));
    if (effect && !TAINT_EFFECTS.includes(effect)) errors.push(unsupported(`${here}.effect`, effect, TAINT_EFFECTS));
    return errors;
  });
}

/** ValidateHostAliases: each IP, each hostname a DNS subdomain. */
function hostAliasErrors(aliases: unknown, at: string): FieldError[] {
  return records(aliases).flatMap((a, i) => [
    ...(sloppyIp(str(a.ip)) ? [] : [invalid(`${at}[${i}].ip`, str(a.ip), IP_MESSAGE)]),
    ...list(a.hostnames).flatMap((h, j) => messages(str(h), `${at}[${i}].hostnames[${j}]`, dnsSubdomainMessages(str(h)))),
  ]);
}

/** validatePodDNSConfig: dnsPolicy None needs nameservers; at most 3 nameservers (IPs), 32 searches of 2048 characters in all, named options. */
function dnsConfigErrors(config: unknown, policy: string, at: string): FieldError[] {
  if (policy === "None" && !isRecord(config)) return [required(at, "must provide `dnsConfig` when `dnsPolicy` is None")];
  if (!isRecord(config)) return [];
  const [servers, searches] = [list(config.nameservers).map(str), list(config.searches).map(str)];
  if (policy === "None" && !servers.length) return [required(`${at}.nameservers`, "must provide at least one DNS nameserver when `dnsPolicy` is None")];
  return [
    ...(servers.length > 3 ? [invalid(`${at}.nameservers`, servers, "must not have more than 3 nameservers")] : []),
    ...servers.flatMap((ip, i) => (sloppyIp(ip) ? [] : [invalid(`${at}.nameservers[${i}]`, ip, IP_MESSAGE)])),
    ...(searches.length > 32 ? [invalid(`${at}.searches`, searches, "must not have more than 32 search paths")] : []),
    ...(searches.join(" ").length > 2048 ? [invalid(`${at}.searches`, searches, "must not have more than 2048 characters (including spaces) in the search list")] : []),
    // RelaxedDNSSearchValidation is on in v1.34: "." alone is taken, underscores are allowed, a trailing dot is ignored.
    ...searches.flatMap((search, i) => {
      if (search === ".") return [];
      const name = search.endsWith(".") ? search.slice(0, -1) : search;
      const found = [...(name.length > 253 ? ["must be no more than 253 characters"] : []), ...(new RegExp(`^${SEARCH_RE}$`).test(name) ? [] : [SEARCH_TEXT])];
      return messages(name, `${at}.searches[${i}]`, found);
    }),
    ...records(config.options).flatMap((o, i) => (str(o.name) ? [] : [required(`${at}.options[${i}]`, "must not be empty")])),
  ];
}

/** validateTopologySpreadConstraints: maxSkew above zero, a topology key, the action, no repeated key and action, minDomains, the node policies, the selector. */
function spreadErrors(constraints: unknown, at: string): FieldError[] {
  const all = records(constraints);
  return all.flatMap((c, i) => {
    const here = `${at}[${i}]`;
    const [key, action] = [str(c.topologyKey), str(c.whenUnsatisfiable)];
    const repeated = all.slice(i + 1).some((o) => str(o.topologyKey) === key && str(o.whenUnsatisfiable) === action);
    const min = c.minDomains;
    return [
      ...(int(c.maxSkew) <= 0 ? [invalid(`${here}.maxSkew`, int(c.maxSkew), "must be greater than zero")] : []),
      ...(key ? [] : [required(`${here}.topologyKey`, "can not be empty")]),
      ...(SCHEDULE_ACTIONS.includes(action) ? [] : [unsupported(`${here}.whenUnsatisfiable`, action, SCHEDULE_ACTIONS)]),
      ...(repeated ? [duplicate(`${here}.{topologyKey, whenUnsatisfiable}`, `{${key}, ${action}}`)] : []),
      ...(typeof min === "number" ? [...(min <= 0 ? [invalid(`${here}.minDomains`, min, "must be greater than zero")] : []), ...(action !== "DoNotSchedule" ? [invalid(`${here}.minDomains`, min, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`)] : [])] : []),
      ...["nodeAffinityPolicy", "nodeTaintsPolicy"].flatMap((k) => (typeof c[k] === "string" && !NODE_POLICIES.includes(str(c[k])) ? [unsupported(`${here}.${k}`, c[k], NODE_POLICIES)] : [])),
      ...matchLabelKeyErrors(c, here, false),
      ...labelSelectorErrors(c.labelSelector, `${here}.labelSelector`),
    ];
  });
}

/** What a Windows pod may not set: the pod's own fields and its security context's, in validateWindows' order. */
const WINDOWS_POD = ["securityContext.appArmorProfile", "securityContext.seLinuxOptions", "hostUsers", "hostPID", "hostIPC", "securityContext.seccompProfile", "securityContext.fsGroup", "securityContext.fsGroupChangePolicy", "securityContext.sysctls", "shareProcessNamespace", "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.supplementalGroups", "securityContext.supplementalGroupsPolicy", "securityContext.seLinuxChangePolicy"];
const WINDOWS_CONTAINER = ["appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities", "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount", "runAsUser", "runAsGroup"];

/** A pod field as the internal type sees it: hostPID and hostIPC count when true, the others when set (an empty sysctl list is none). */
function podFieldSet(spec: Obj, path: string): boolean {
  const [head = "", tail] = path.split(".");
  const holder = spec[head];
  const value = tail === undefined ? holder : isRecord(holder) ? holder[tail] : undefined;
  if (path === "hostPID" || path === "hostIPC") return value === true;
  if (path === "securityContext.sysctls") return list(value).length > 0;
  return value !== undefined && value !== null;
}

/** validateOS: a name, linux or windows; a linux pod carries no Windows options, a Windows pod none of the Linux-only fields. */
function osErrors(spec: Obj, at: string): FieldError[] {
  if (!isRecord(spec.os)) return [];
  const name = str(spec.os.name);
  if (!name) return [required(`${at}.os.name`)];
  if (name !== "linux" && name !== "windows") return [unsupported(`${at}.os`, name, ["linux", "windows"])];
  if (name === "windows") {
    const containers = [...records(spec.initContainers).map((c, i) => [c, `initContainers[${i}]`] as const), ...records(spec.containers).map((c, i) => [c, `containers[${i}]`] as const)];
    return [
      ...WINDOWS_POD.filter((path) => podFieldSet(spec, path)).map((path) => forbidden(`${at}.${path}`, "cannot be set for a windows pod")),
      ...containers.flatMap(([c, path]) => {
        const sc = isRecord(c.securityContext) ? c.securityContext : {};
        return WINDOWS_CONTAINER.filter((k) => sc[k] !== undefined && sc[k] !== null).map((k) => forbidden(`${at}.${path}.securityContext.${k}`, "cannot be set for a windows pod"));
      }),
    ];
  }
  const windows = (sc: unknown) => isRecord(sc) && isRecord(sc.windowsOptions);
  const containers = [...records(spec.containers).map((c, i) => [c, `containers[${i}]`] as const), ...records(spec.initContainers).map((c, i) => [c, `initContainers[${i}]`] as const)];
  return [
    ...(windows(spec.securityContext) ? [forbidden(`${at}.securityContext.windowsOptions`, "windows options cannot be set for a linux pod")] : []),
    ...containers.flatMap(([c, path]) => (windows(c.securityContext) ? [forbidden(`${at}.${path}.securityContext.windowsOptions`, "windows options cannot be set for a linux pod")] : [])),
  ];
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
  // hostUsers defaults to true: only `securityContext.hostUsers: false` turns user namespaces on.
  const hostUsers = !(isRecord(spec.securityContext) && spec.securityContext.hostUsers === false);
  return [
    ...(typeof spec.terminationGracePeriodSeconds === "number" ? [] : [required(`${at}.terminationGracePeriodSeconds`)]),
    ...containerErrors(spec, `${at}.containers`, volumes, grace, hostUsers),
    ...initContainerErrors(spec, `${at}.initContainers`, volumes, grace, hostUsers),
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
    ...named("serviceAccountName", dnsSubdomainMessages),
    ...named("nodeName", dnsSubdomainMessages),
    ...(typeof deadline === "number" && (deadline < 1 || deadline > 2147483647) ? [invalid(`${at}.activeDeadlineSeconds`, deadline, "must be between 1 and 2147483647, inclusive")] : []),
    ...named("hostname", dnsLabelMessages),
    ...named("subdomain", dnsLabelMessages),
    ...tolerationErrors(spec.tolerations, `${at}.tolerations`),
    ...hostAliasErrors(spec.hostAliases, `${at}.hostAliases`),
    ...named("priorityClassName", dnsSubdomainMessages),
    ...osErrors(spec, at),
    ...(pod ? records(spec.containers).flatMap((c, i) => (str(c.image) !== str(c.image).trim() ? [invalid(`${at}.containers[${i}].image`, str(c.image), "must not have leading or trailing whitespace")] : [])) : []),
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

const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/";

/** ValidateSeccompProfile for an annotation: runtime/default, docker/default, unconfined or localhost/<relative path>. */
function seccompAnnotationErrors(value: string, at: string): FieldError[] {
  if (value === "runtime/default" || value === "docker/default" || value === "unconfined") return [];
  return value.startsWith("localhost/") ? descendingPath(value.slice("localhost/".length), at) : [invalid(at, value, "must be a valid seccomp profile")];
}

/** Every container name of a pod spec (regular, init, ephemeral). */
const containerNames = (spec: Obj) => [...records(spec.containers), ...records(spec.initContainers), ...records(spec.ephemeralContainers)].map((c) => str(c.name));

/**
 * ValidatePodSpecificAnnotations under `at` (a Pod's metadata.annotations, a template's spec.template.annotations): a
 * mirror pod needs a node, a deletion cost is a 32-bit integer, seccomp annotations name a profile (keyed with `.`),
 * AppArmor annotations name a container and a profile (keyed with `[…]`). The tolerations annotation is not checked.
 */
export function podAnnotationErrors(annotations: unknown, spec: Obj, at: string): FieldError[] {
  const all = isRecord(annotations) ? Object.entries(annotations).map(([k, v]) => [k, str(v)] as const) : [];
  const get = (key: string) => all.find(([k]) => k === key)?.[1];
  const errors: FieldError[] = [];
  const mirror = get("kubernetes.io/config.mirror");
  if (mirror !== undefined && !str(spec.nodeName)) errors.push(invalid(`${at}[kubernetes.io/config.mirror]`, mirror, "must set spec.nodeName if mirror pod annotation is set"));
  const cost = get("controller.kubernetes.io/pod-deletion-cost");
  if (cost !== undefined && !(/^(0|-?[1-9]\d*|-0\d*)$/.test(cost) && Number(cost) >= -2147483648 && Number(cost) <= 2147483647)) errors.push(invalid(`${at}[controller.kubernetes.io/pod-deletion-cost]`, cost, "must be a 32bit integer"));
  const seccompPod = get(SECCOMP_POD);
  if (seccompPod !== undefined) errors.push(...seccompAnnotationErrors(seccompPod, `${at}.${SECCOMP_POD}`));
  for (const [k, v] of all) if (k.startsWith(SECCOMP_CONTAINER)) errors.push(...seccompAnnotationErrors(v, `${at}.${k}`));
  for (const [k, v] of all) {
    if (!k.startsWith(APPARMOR_CONTAINER)) continue;
    const name = k.slice(APPARMOR_CONTAINER.length);
    if (!containerNames(spec).includes(name)) errors.push(invalid(`${at}[${k}]`, name, "container not found"));
    if (v !== "" && v !== "runtime/default" && v !== "unconfined" && !v.startsWith("localhost/")) errors.push(invalid(`${at}[${k}]`, v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
  }
  return errors;
}

/** validateSeccompAnnotationsAndFieldsMatch: an annotation beside a seccompProfile field must say the same. */
function seccompMatchError(annotation: string, profile: unknown, at: string): FieldError[] {
  if (!isRecord(profile)) return [];
  const type = str(profile.type);
  if (type === "Unconfined" && annotation !== "unconfined") return [forbidden(`${at}.type`, "seccomp type in annotation and field must match")];
  if (type === "RuntimeDefault" && annotation !== "runtime/default" && annotation !== "docker/default") return [forbidden(`${at}.type`, "seccomp type in annotation and field must match")];
  if (type !== "Localhost") return [];
  if (!annotation.startsWith("localhost/")) return [forbidden(`${at}.type`, "seccomp type in annotation and field must match")];
  return annotation.slice("localhost/".length) !== profile.localhostProfile ? [forbidden(`${at}.localhostProfile`, "seccomp profile in annotation and field must match")] : [];
}

/**
 * validateSeccompAnnotationsAndFields and validateAppArmorAnnotationsAndFieldsMatchOnCreate: where a deprecated
 * annotation and the field both say something, they must agree (AppArmor not on a Windows pod; a container's profile
 * falls back to the pod's).
 */
export function profileMatchErrors(annotations: unknown, spec: Obj, at: string): FieldError[] {
  const notes = isRecord(annotations) ? annotations : {};
  const sc = isRecord(spec.securityContext) ? spec.securityContext : {};
  const containers = [...records(spec.initContainers).map((c, i) => [c, `${at}.initContainers[${i}]`] as const), ...records(spec.containers).map((c, i) => [c, `${at}.containers[${i}]`] as const)];
  const errors: FieldError[] = [];
  if (isRecord(sc.seccompProfile) && typeof notes[SECCOMP_POD] === "string") errors.push(...seccompMatchError(notes[SECCOMP_POD], sc.seccompProfile, `${at}.securityContext.seccompProfile`));
  for (const [c, path] of containers) {
    const note = notes[`${SECCOMP_CONTAINER}${str(c.name)}`];
    if (isRecord(c.securityContext) && typeof note === "string") errors.push(...seccompMatchError(note, c.securityContext.seccompProfile, `${path}.securityContext.seccompProfile`));
  }
  if (isRecord(spec.os) && spec.os.name === "windows") return errors;
  for (const [c, path] of containers) {
    const own = isRecord(c.securityContext) && isRecord(c.securityContext.appArmorProfile) ? c.securityContext.appArmorProfile : undefined;
    const profile = own ?? (isRecord(sc.appArmorProfile) ? sc.appArmorProfile : undefined);
    const note = notes[`${APPARMOR_CONTAINER}${str(c.name)}`];
    if (!profile || typeof note !== "string") continue;
    const here = `${path}.securityContext.appArmorProfile`;
    const type = str(profile.type);
    const mismatch = (type === "Unconfined" && note !== "unconfined") || (type === "RuntimeDefault" && note !== "runtime/default") || (type === "Localhost" && !note.startsWith("localhost/"));
    if (mismatch) errors.push(forbidden(`${here}.type`, "apparmor type in annotation and field must match"));
    else if (type === "Localhost" && note.slice("localhost/".length) !== profile.localhostProfile) errors.push(forbidden(`${here}.localhostProfile`, "apparmor profile in annotation and field must match"));
  }
  return errors;
}
