// A DELETE's DeleteOptions, read as kube-apiserver v1.34's delete handler reads them (handlers/delete.go): from the body
// when there is one (any byte, even a lone newline), and then the query is not read at all, not even its dryRun;
// from the query only when the body is empty. A body that is not JSON, is not an object, names another kind or holds a
// field of the wrong type is a 500 with the decoder's words. Then ValidateDeleteOptions: orphanDependents and
// propagationPolicy not both, a known propagationPolicy, dryRun only `All` (422 `DeleteOptions.meta.k8s.io "" is
// invalid`), all before the object is looked up. `ignoreStoreReadErrorWithClusterBreakingPotential` is dropped (its
// feature gate, AllowUnsafeMalformedObjectDeletion, is off by default).
import { badRequest, bareError, invalidOptions, type FieldError } from "./errors.ts";
import { goUnmarshal, type GoType } from "./go-json.ts";
import { isRecord } from "./json.ts";
import type { DeleteOptions, Propagation } from "./strategy.ts";
import { invalid, unsupported } from "./volume-fields.ts";

const int64: GoType = { kind: "pointer", elem: { kind: "int64", name: "int64" } };
const bool: GoType = { kind: "pointer", elem: { kind: "bool", name: "bool" } };
const uid: GoType = { kind: "pointer", elem: { kind: "string", name: "types.UID" } };
const text: GoType = { kind: "pointer", elem: { kind: "string", name: "string" } };

/** metav1.DeleteOptions as sigs.k8s.io/json decodes it (keys matched exactly). */
const DELETE_OPTIONS: GoType = {
  kind: "struct",
  name: "v1.DeleteOptions",
  exact: true,
  fields: {
    kind: { kind: "string", name: "string" },
    apiVersion: { kind: "string", name: "string" },
    gracePeriodSeconds: int64,
    preconditions: { kind: "pointer", elem: { kind: "struct", name: "v1.Preconditions", exact: true, fields: { uid, resourceVersion: text } } },
    orphanDependents: bool,
    propagationPolicy: { kind: "pointer", elem: { kind: "string", name: "v1.DeletionPropagation" } },
    dryRun: { kind: "slice", name: "[]string", elem: { kind: "string", name: "string" } },
    ignoreStoreReadErrorWithClusterBreakingPotential: bool,
  },
};

const POLICIES = ["Foreground", "Background", "Orphan"];

const internal = bareError;

/** The body's options: its type meta first (a JSON error is the "couldn't get version/kind" one), then its fields. */
function fromBody(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const syntax = goUnmarshal(body, DELETE_OPTIONS);
    throw internal(`couldn't get version/kind; json parse error: ${syntax.ok ? "unexpected end of JSON input" : syntax.error}`);
  }
  if (!isRecord(parsed) && parsed !== null) {
    const kind = Array.isArray(parsed) ? "array" : typeof parsed === "string" ? "string" : typeof parsed === "boolean" ? "bool" : "number";
    throw internal(`couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const meta = isRecord(parsed) ? parsed : {};
  const kind = typeof meta.kind === "string" ? meta.kind : "";
  if (kind && kind !== "DeleteOptions") {
    // The meta scheme knows Status, but has no conversion from it; any other kind it does not know.
    if (kind === "Status") throw internal("converting (v1.Status) to (v1.DeleteOptions): unknown conversion");
    const version = typeof meta.apiVersion === "string" && meta.apiVersion ? meta.apiVersion : "meta.k8s.io/v1";
    throw internal(`no kind "${kind}" is registered for version "${version}" in scheme "pkg/runtime/scheme.go:110"`);
  }
  const decoded = goUnmarshal(body, DELETE_OPTIONS);
  if (!decoded.ok) throw internal(decoded.error);
  return isRecord(decoded.value) ? decoded.value : {};
}

/**
 * The query's options (DecodeParameters): a bool is false only for `false` or `0` (any other value, even an empty
 * one, is true); gracePeriodSeconds must parse as an int64 (else 400 with strconv's words).
 */
function fromQuery(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const grace = query.get("gracePeriodSeconds");
  if (grace !== null) {
    if (!/^[+-]?\d+$/.test(grace) || BigInt(grace) >= 2n ** 63n || BigInt(grace) < -(2n ** 63n)) {
      throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(grace)}: ${/^[+-]?\d+$/.test(grace) ? "value out of range" : "invalid syntax"}`);
    }
    out.gracePeriodSeconds = Number(grace);
  }
  const orphan = query.get("orphanDependents");
  if (orphan !== null) out.orphanDependents = orphan !== "false" && orphan !== "0";
  const policy = query.get("propagationPolicy");
  if (policy !== null) out.propagationPolicy = policy;
  const dryRun = query.getAll("dryRun");
  if (dryRun.length) out.dryRun = dryRun;
  return out;
}

/** A delete's options and whether it is a dry run; a bad one throws the apiserver's error. */
export function readDeleteOptions(body: string, query: URLSearchParams): { options: DeleteOptions; dryRun: boolean } {
  const raw = body.length ? fromBody(body) : fromQuery(query);
  const policy = typeof raw.propagationPolicy === "string" ? raw.propagationPolicy : undefined;
  const orphan = typeof raw.orphanDependents === "boolean" ? raw.orphanDependents : undefined;
  const dryRun = Array.isArray(raw.dryRun) ? (raw.dryRun as string[]) : [];
  const errors: FieldError[] = [];
  if (policy !== undefined && orphan !== undefined) errors.push(invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set"));
  if (policy !== undefined && !POLICIES.includes(policy)) errors.push(unsupported("propagationPolicy", policy, [...POLICIES, "nil"]));
  if (dryRun.some((v) => v !== "All")) errors.push(unsupported("dryRun", dryRun, ["All"]));
  if (errors.length) throw invalidOptions("DeleteOptions", errors);
  const pre = isRecord(raw.preconditions) ? raw.preconditions : undefined;
  const options: DeleteOptions = {
    ...(typeof raw.gracePeriodSeconds === "number" ? { gracePeriodSeconds: raw.gracePeriodSeconds } : {}),
    ...(pre ? { preconditions: { ...(typeof pre.uid === "string" ? { uid: pre.uid } : {}), ...(typeof pre.resourceVersion === "string" ? { resourceVersion: pre.resourceVersion } : {}) } } : {}),
    ...(orphan !== undefined ? { orphanDependents: orphan } : {}),
    ...(policy !== undefined ? { propagationPolicy: policy as Propagation } : {}),
  };
  return { options, dryRun: dryRun.length > 0 };
}
