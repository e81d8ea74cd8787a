// A pod spec's scheduling and naming fields as ValidatePodSpec (kube-apiserver v1.34) checks them: affinity with its
// label keys, tolerations, topology spread constraints, scheduling gates, DNS config and host aliases (with
// ParseIPSloppy's IP syntax). Used by pod-validation.ts; shared cases: tests/support/pod-validation-cases.ts.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { labelSelectorErrors, labelValueMessages, qualifiedNameMessages } from "./meta-validation.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { duplicate, forbidden, int, invalid, list, messages, type Obj, records, required, str, unsupported } from "./volume-fields.ts";

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
export function affinityErrors(affinity: unknown, at: string): FieldError[] {
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

/** validateSchedulingGates: each name qualified and not repeated. */
export function schedulingGateErrors(gates: unknown, at: string): FieldError[] {
  const seen = new Set<string>();
  return records(gates).flatMap((g, i) => {
    const name = str(g.name);
    const errors = messages(name, `${at}[${i}]`, qualifiedNameMessages(name));
    if (seen.has(name)) errors.push(duplicate(`${at}[${i}]`, name));
    seen.add(name);
    return errors;
  });
}

/** The four octets of a dotted IPv4 address, leading zeros allowed (ParseIPSloppy), or undefined. */
export function ipv4Octets(value: string): number[] | undefined {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255) ? parts.map(Number) : undefined;
}

/** ParseIPSloppy: IPv4 (octets may have leading zeros, as StrictIPCIDRValidation is off) or IPv6. */
export function sloppyIp(value: string): boolean {
  const v4 = (s: string) => ipv4Octets(s) !== undefined;
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
export function tolerationErrors(tolerations: unknown, at: string): FieldError[] {
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
export function hostAliasErrors(aliases: unknown, at: string): FieldError[] {
  return records(aliases).flatMap((a, i) => [
    ...(sloppyIp(str(a.ip)) ? [] : [invalid(`${at}[${i}].ip`, str(a.ip), IP_MESSAGE)]),
    ...list(a.hostnames).flatMap((h, j) => messages(str(h), `${at}[${i}].hostnames[${j}]`, dnsSubdomainMessages(str(h)))),
  ]);
}

/** validatePodDNSConfig: dnsPolicy None needs nameservers; at most 3 nameservers (IPs), 32 searches of 2048 characters in all, named options. */
export function dnsConfigErrors(config: unknown, policy: string, at: string): FieldError[] {
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
export function spreadErrors(constraints: unknown, at: string): FieldError[] {
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
