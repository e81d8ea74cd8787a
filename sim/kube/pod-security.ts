// A pod spec's security: ValidatePodSpec's pod and container security contexts (ids, profiles, Windows options,
// sysctls), validateOS with validateLinux and validateWindows, and the checks of a Pod's or template's own annotations
// (ValidatePodSpecificAnnotations, the seccomp and AppArmor annotation-field agreement), as kube-apiserver v1.34 makes
// them. Used by pod-validation.ts; shared cases: tests/support/pod-validation-cases.ts.
import type { FieldError } from "./errors.ts";
import { type GoType, goUnmarshal } from "./go-json.ts";
import { isRecord } from "./json.ts";
import { tolerationErrors } from "./pod-scheduling.ts";
import { dnsSubdomainMessages } from "./validation.ts";
import { descendingPath, duplicate, forbidden, GoPointer, invalid, list, type Obj, records, required, str, tooLong, unsupported } from "./volume-fields.ts";

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

const GMSA_MAX_KIB = 64;
const DOMAIN_MAX = 256;
const USER_MAX = 104;
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL_FORMAT = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";
const WINDOWS_DOMAIN_DNS = new RegExp(`^${DNS_LABEL_FORMAT}(?:\\.${DNS_LABEL_FORMAT})*$`);
/** Go's [[:cntrl:]]: ASCII controls only. */
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * validateWindowsSecurityContextOptions: a GMSA spec name that is a DNS subdomain, a spec neither empty nor over 64 KiB,
 * and a user name `[domain\\]user` whose domain is a NetBIOS or DNS name under 256 bytes and whose user is 1 to 104
 * bytes, not only dots and spaces, without "/\\:;|=,+*?<>@[]. All three are *string, so a bad value is printed as JSON.
 */
function windowsOptionErrors(options: unknown, at: string): FieldError[] {
  if (!isRecord(options)) return [];
  const errors: FieldError[] = [];
  const [gmsaName, gmsa, user] = [options.gmsaCredentialSpecName, options.gmsaCredentialSpec, options.runAsUserName];
  if (typeof gmsaName === "string") errors.push(...dnsSubdomainMessages(gmsaName).map((m) => invalid(`${at}.gmsaCredentialSpecName`, new GoPointer(gmsaName), m)));
  if (typeof gmsa === "string") {
    if (gmsa === "") errors.push(invalid(`${at}.gmsaCredentialSpec`, new GoPointer(gmsa), "gmsaCredentialSpec cannot be an empty string"));
    else if (Buffer.byteLength(gmsa) > GMSA_MAX_KIB * 1024) errors.push(invalid(`${at}.gmsaCredentialSpec`, new GoPointer(gmsa), `gmsaCredentialSpec size must be under ${GMSA_MAX_KIB} KiB`));
  }
  if (typeof user !== "string") return errors;
  const here = `${at}.runAsUserName`;
  const bad = (detail: string) => errors.push(invalid(here, new GoPointer(user), detail));
  const parts = user.split("\\");
  if (user === "") bad("runAsUserName cannot be an empty string");
  else if (CONTROL.test(user)) bad("runAsUserName cannot contain control characters");
  else if (parts.length > 2) bad("runAsUserName cannot contain more than one backslash");
  else {
    const [domain, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
    if (Buffer.byteLength(domain ?? "") >= DOMAIN_MAX) bad(`runAsUserName's Domain length must be under ${DOMAIN_MAX} characters`);
    if (domain !== undefined && !NETBIOS.test(domain) && !WINDOWS_DOMAIN_DNS.test(domain)) bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
    if (name === "") bad("runAsUserName's User cannot be empty");
    else if (Buffer.byteLength(name) > USER_MAX) bad(`runAsUserName's User length must not be longer than ${USER_MAX} characters`);
    if (/^[. ]+$/.test(name)) bad("runAsUserName's User cannot contain only periods or spaces");
    if (/["/\\:;|=,+*?<>@[\]]/.test(name)) bad(`runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`);
  }
  return errors;
}

/** VisitContainersWithPath: init containers, containers, then ephemeral containers, each with its path under `at`. */
const visitContainers = (spec: Obj, at: string): [Obj, string][] =>
  (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((key) => records(spec[key]).map((c, i): [Obj, string] => [c, `${at}.${key}[${i}]`]));

const hostProcessOf = (sc: unknown): boolean | undefined => {
  const options = isRecord(sc) && isRecord(sc.windowsOptions) ? sc.windowsOptions : {};
  return typeof options.hostProcess === "boolean" ? options.hostProcess : undefined;
};

/**
 * validateWindowsHostProcessPod: a container's hostProcess must agree with the pod's where both say; once any container
 * is a host process (itself or by the pod's), all must be and the pod must use the host network. The real servers here
 * allow privileged containers, so host processes are not refused by cluster policy.
 */
export function hostProcessErrors(spec: Obj, at: string): FieldError[] {
  const pod = hostProcessOf(spec.securityContext);
  const errors: FieldError[] = [];
  const containers = visitContainers(spec, at);
  let hostProcesses = 0;
  for (const [c, path] of containers) {
    const own = hostProcessOf(c.securityContext);
    if (pod !== undefined && own !== undefined && pod !== own) errors.push(invalid(`${path}.securityContext.windowsOptions.hostProcess`, own, `pod hostProcess value must be identical if both are specified, was ${pod}`));
    if (own ?? pod) hostProcesses++;
  }
  if (hostProcesses === 0) return errors;
  if (hostProcesses !== containers.length) errors.push(invalid(at, "", "If pod contains any hostProcess containers then all containers must be HostProcess containers"));
  if (spec.hostNetwork !== true) errors.push(invalid(`${at}.hostNetwork`, false, "hostNetwork must be true if pod contains any hostProcess containers"));
  return errors;
}

/**
 * validateHostUsers: a pod in a user namespace (hostUsers false) may not share the host's network, PID or IPC
 * namespaces (real names the last two by their Go field names), nor use block devices. (Real lets an update keep block
 * devices an old spec in a user namespace had; the simulator checks every write as a create.)
 */
export function hostUserErrors(spec: Obj, at: string): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const when = "when `hostUsers` is false";
  const errors: FieldError[] = [];
  if (spec.hostNetwork === true) errors.push(forbidden(`${at}.hostNetwork`, when));
  if (spec.hostPID === true) errors.push(forbidden(`${at}.HostPID`, when));
  if (spec.hostIPC === true) errors.push(forbidden(`${at}.HostIPC`, when));
  for (const [c, path] of visitContainers(spec, at)) if (list(c.volumeDevices).length > 0) errors.push(forbidden(`${path}.volumeDevices`, when));
  return errors;
}

/**
 * ValidateSecurityContext of a container: user and group ids, procMount, seccomp and AppArmor profiles (privileged is
 * allowed, as by the real cluster's kube-apiserver).
 */
export function containerSecurityErrors(sc: unknown, at: string, hostUsers: boolean): FieldError[] {
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
export function podSecurityErrors(spec: Obj, at: string): FieldError[] {
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
export function osErrors(spec: Obj, at: string): FieldError[] {
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

export const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";

export const SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";

export const APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/";

/** ValidateSeccompProfile for an annotation: runtime/default, docker/default, unconfined or localhost/<relative path>. */
function seccompAnnotationErrors(value: string, at: string): FieldError[] {
  if (value === "runtime/default" || value === "docker/default" || value === "unconfined") return [];
  return value.startsWith("localhost/") ? descendingPath(value.slice("localhost/".length), at) : [invalid(at, value, "must be a valid seccomp profile")];
}

export const TOLERATIONS_ANNOTATION = "scheduler.alpha.kubernetes.io/tolerations";

/** The internal core.Toleration, with no JSON tags: its keys are its Go field names, matched without regard to case. */
const TOLERATIONS: GoType = {
  kind: "slice",
  name: "[]core.Toleration",
  elem: {
    kind: "struct",
    name: "core.Toleration",
    fields: {
      Key: { kind: "string", name: "string" },
      Operator: { kind: "string", name: "core.TolerationOperator" },
      Value: { kind: "string", name: "string" },
      Effect: { kind: "string", name: "core.TaintEffect" },
      TolerationSeconds: { kind: "pointer", elem: { kind: "int64", name: "int64" } },
    },
  },
};

/** Every container name of a pod spec (regular, init, ephemeral). */
const containerNames = (spec: Obj) => [...records(spec.containers), ...records(spec.initContainers), ...records(spec.ephemeralContainers)].map((c) => str(c.name));

/**
 * ValidatePodSpecificAnnotations under `at` (a Pod's metadata.annotations, a template's spec.template.annotations): a
 * mirror pod needs a node, a deletion cost is a 32-bit integer, seccomp annotations name a profile (keyed with `.`),
 * AppArmor annotations name a container and a profile (keyed with `[…]`). A non-empty tolerations annotation must be
 * JSON that Go decodes into []core.Toleration (its decoder's error quoted as real quotes it, under the annotations
 * themselves), and each toleration in it is checked as a spec's are, under the annotation's key.
 */
export function podAnnotationErrors(annotations: unknown, spec: Obj, at: string): FieldError[] {
  const all = isRecord(annotations) ? Object.entries(annotations).map(([k, v]) => [k, str(v)] as const) : [];
  const get = (key: string) => all.find(([k]) => k === key)?.[1];
  const errors: FieldError[] = [];
  const mirror = get("kubernetes.io/config.mirror");
  if (mirror !== undefined && !str(spec.nodeName)) errors.push(invalid(`${at}[kubernetes.io/config.mirror]`, mirror, "must set spec.nodeName if mirror pod annotation is set"));
  const tolerations = get(TOLERATIONS_ANNOTATION);
  if (tolerations) {
    const decoded = goUnmarshal(tolerations, TOLERATIONS);
    errors.push(...(decoded.ok ? tolerationErrors(decoded.value, `${at}.${TOLERATIONS_ANNOTATION}`) : [invalid(at, TOLERATIONS_ANNOTATION, decoded.error)]));
  }
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
