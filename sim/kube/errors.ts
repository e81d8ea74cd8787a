// Kubernetes `Status` failures with the apiserver's exact reasons, codes and message shapes.
import { qualifiedKind, qualifiedResource } from "./resources.ts";
import type { ResourceDef } from "./types.ts";

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A failed API call; `status` is the body the apiserver would send. */
export class ApiError extends Error {
  readonly status: Status;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
  }
  get code(): number {
    return this.status.code;
  }
}

function resourceDetails(def: ResourceDef, name: string | undefined): StatusDetails {
  return { ...(name ? { name } : {}), ...(def.group ? { group: def.group } : {}), kind: def.plural };
}

/** 404 `<res> "name" not found`. */
export function notFound(def: ResourceDef, name: string): ApiError {
  return new ApiError(404, "NotFound", `${qualifiedResource(def)} "${name}" not found`, resourceDetails(def, name));
}

/** 404 for a path no served API group or resource matches. */
export function pathNotFound(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource", {});
}

/** 409 `<res> "name" already exists`, said of an object being deleted (`terminating`) as genericregistry's Create says it. */
export function alreadyExists(def: ResourceDef, name: string, terminating = false): ApiError {
  return new ApiError(409, "AlreadyExists", `${terminating ? "object is being deleted: " : ""}${qualifiedResource(def)} "${name}" already exists`, resourceDetails(def, name));
}

/** 409 Conflict; the default detail is the stale-resourceVersion sentence. */
export function conflict(def: ResourceDef, name: string, detail = "the object has been modified; please apply your changes to the latest version and try again"): ApiError {
  return new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(def)} "${name}": ${detail}`, resourceDetails(def, name));
}

/** A field error before aggregation, e.g. {field:"metadata.name", type:"FieldValueInvalid", body:'Invalid value: "x": …'}. */
export interface FieldError {
  field: string;
  type: "FieldValueInvalid" | "FieldValueRequired" | "FieldValueForbidden" | "FieldValueNotSupported" | "FieldValueDuplicate" | "FieldValueTooLong" | "FieldValueTooMany" | "FieldValueTypeInvalid" | "FieldValueNotFound";
  body: string;
}

/**
 * 422 `<Kind>.<group> "name" is invalid: <field>: <body>` with one cause per field error; the message names each
 * distinct error once (ErrorList.ToAggregate drops repeats), the causes keep them all.
 */
export function invalid(def: ResourceDef, name: string, errors: FieldError[]): ApiError {
  const parts = [...new Set(errors.map((e) => `${e.field}: ${e.body}`))];
  const summary = parts.length === 1 ? (parts[0] ?? "") : `[${parts.join(", ")}]`;
  const causes = errors.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  const details: StatusDetails = { ...(name ? { name } : {}), ...(def.group ? { group: def.group } : {}), kind: def.kind, causes };
  return new ApiError(422, "Invalid", `${qualifiedKind(def)} "${name}" is invalid: ${summary}`, details);
}

/** 403 with the authorizer's sentence appended: `<res> "name" is forbidden: User "…" cannot …`. */
export function forbidden(def: { group: string; plural: string }, name: string | undefined, sentence: string): ApiError {
  const res = def.group ? `${def.plural}.${def.group}` : def.plural;
  const subject = name ? `${res} "${name}"` : res;
  return new ApiError(403, "Forbidden", `${subject} is forbidden: ${sentence}`, {
    ...(name ? { name } : {}),
    ...(def.group ? { group: def.group } : {}),
    kind: def.plural,
  });
}

/**
 * NamespaceLifecycle's refusal of a create in a Namespace being deleted (k8s.io/apiserver v0.34
 * admission/plugin/namespace/lifecycle): 403 naming the resource and the object (its generateName when it has no name
 * yet), with a NamespaceTerminating cause that controllers recognise.
 */
export function namespaceTerminating(def: { group: string; plural: string }, name: string | undefined, namespace: string): ApiError {
  const error = forbidden(def, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  error.status.details = { ...error.status.details, causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }] };
  return error;
}

/** Whether an error is NamespaceLifecycle's refusal (apierrors.HasStatusCause(err, NamespaceTerminatingCause)). */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof ApiError && !!err.status.details?.causes?.some((c) => c.reason === "NamespaceTerminating");
}

/**
 * An error that is no API status (an ErrorList.ToAggregate, a strategic-merge error), which kube-apiserver answers as
 * a 500 with no reason and the error's text as its message.
 */
/**
 * A Go runtime panic in kube-apiserver's handler (a map lookup with an unhashable key, say): its recovery ends the
 * request without an answer, the HTTP/2 stream reset or the connection closed. http.ts closes the socket.
 */
export class HandlerPanic extends Error {}

export function bareError(message: string): ApiError {
  const error = new ApiError(500, "", message);
  delete (error.status as { reason?: string }).reason;
  return error;
}

/** 400 BadRequest with a free-form message. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/** 405 for a verb the resource does not support. */
export function methodNotAllowed(): ApiError {
  return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});
}

/** 415 for a body in a format the server does not take here; `why` (the simulator's own words) is added in brackets. */
export function unsupportedMediaType(accepted: string[], why?: string): ApiError {
  const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`;
  return new ApiError(415, "UnsupportedMediaType", why ? `${message} (${why})` : message);
}

/** 422 for a JSON patch that cannot be applied (GenericServerResponse shape). */
export function patchRejected(reason: string): ApiError {
  return new ApiError(422, "Invalid", "the server rejected our request due to an error in our request", {
    causes: [{ reason: "UnexpectedServerResponse", message: reason }],
  });
}

/** 410 Expired `too old resource version: X (Y)`. */
export function expired(requested: number, oldest: number): ApiError {
  return new ApiError(410, "Expired", `too old resource version: ${requested} (${oldest})`);
}

/** 422 for bad list options: `ListOptions.meta.k8s.io "" is invalid: <field>: <body>`, as ValidateListOptions answers. */
export function invalidListOptions(errors: FieldError[]): ApiError {
  return invalidOptions("ListOptions", errors);
}

/** 422 for bad request options (`<Kind>.meta.k8s.io "" is invalid: …`), the message naming each distinct error once. */
export function invalidOptions(kind: string, errors: FieldError[]): ApiError {
  const parts = [...new Set(errors.map((e) => `${e.field}: ${e.body}`))];
  const summary = parts.length === 1 ? (parts[0] ?? "") : `[${parts.join(", ")}]`;
  const causes = errors.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  return new ApiError(422, "Invalid", `${kind}.meta.k8s.io "" is invalid: ${summary}`, { group: "meta.k8s.io", kind, causes });
}

/** 504 for an Exact list at a revision the server has not reached (its watch cache waits 3 s for it, then gives up). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(504, "Timeout", `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds: 1,
  });
}

/** 400 for a resourceVersion that is not a number, worded as kube-apiserver's versioner (strconv.ParseUint) words it. */
export function invalidResourceVersion(rv: string): ApiError {
  return badRequest(`invalid resource version: resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
}
