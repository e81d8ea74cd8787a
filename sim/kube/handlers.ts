// The verbs on a resource: get, list, watch, create, update, patch, delete (and status / log / scale subresources).
import type { IncomingMessage, ServerResponse } from "node:http";
import { readDeleteOptions } from "./delete-options.ts";
import { ENDPOINTS_DEPRECATION } from "./endpoints.ts";
import { ApiError, badRequest, conflict, invalidListOptions, invalidResourceVersion, methodNotAllowed, namespaceTerminating, notFound, pathNotFound, tooLargeResourceVersion, unsupportedMediaType } from "./errors.ts";
import { awaitDefaultAccount } from "./admission.ts";
import { bindPod } from "./binding.ts";
import { evictPod } from "./eviction.ts";
import { parseJson, readBody, sendJson } from "./http.ts";
import { selfSubjectReview, type UserInfo } from "./identity.ts";
import { getNumber, isRecord } from "./json.ts";
import type { PodLogs } from "./logs.ts";
import { applyPatch, patchTypes } from "./patch.ts";
import { decodeObject } from "./protobuf.ts";
import { reviewAccess, type ForbidRule } from "./rbac.ts";
import type { RequestInfo } from "./request.ts";
import { apiVersionOf, defForKind } from "./resources.ts";
import { parseSelector } from "./selectors.ts";
import type { ObjectStore } from "./store.ts";
import { deleteWithOutcome, prepareCreate, prepareUpdate } from "./strategy.ts";
import { admitUpdate } from "./validation.ts";
import { type FieldWriter, managerOf, scaleWrite } from "./managed-fields.ts";
import { serverSideApply } from "./server-side-apply.ts";
import { checkWriteOptions, type WriteOptions } from "./write-options.ts";
import { bodyProblems, dropUnknown, type FieldValidation, patchProblems, strictBody, strictPatch } from "./field-validation.ts";
import { TABLE_CONTENT_TYPE, toTable, wantsTable } from "./tables.ts";
import { requestToken, type TokenIssuer } from "./tokens.ts";
import { type ClaimStats, statsSummary } from "./kubelet-summary.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import type { WatchHub } from "./watch.ts";
import { setWarnings, warningsOnCreate, warningsOnUpdate } from "./warnings.ts";

/** What the verb handlers need from the simulator. */
export interface HandlerDeps {
  store: ObjectStore;
  watches: WatchHub;
  logs: PodLogs;
  issuer: TokenIssuer;
  forbid(): readonly ForbidRule[];
  /** The figures of a claim's filesystem, for the kubelet's Summary (node proxy). */
  claimStats: ClaimStats;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  def: ResourceDef;
  query: URLSearchParams;
  deps: HandlerDeps;
  user: UserInfo;
}

function sendObject(call: Call, code: number, obj: KubeObject): void {
  if (wantsTable(call.req.headers.accept)) {
    sendJson(call.res, code, toTable(call.def, [obj], obj.metadata.resourceVersion, call.query.get("includeObject")), TABLE_CONTENT_TYPE);
  } else sendJson(call.res, code, obj);
}

function existing(call: Call, name: string): KubeObject {
  const obj = call.deps.store.get(call.def.kind, call.info.namespace, name);
  if (!obj) throw notFound(call.def, name);
  return obj;
}

async function list(call: Call): Promise<void> {
  const { store } = call.deps;
  const selector = parseSelector(call.def, call.query.get("labelSelector"), call.query.get("fieldSelector"));
  const exact = listedAt(call);
  // A revision not reached yet: the watch cache waits up to 3 s for it (blockTimeout) before answering 504.
  if (exact !== undefined && exact > Number(store.resourceVersion)) await new Promise((resolve) => setTimeout(resolve, 3_000));
  const rv = exact === undefined ? store.resourceVersion : String(exact);
  const items = (exact === undefined ? store.list(call.def.kind, call.info.namespace) : objectsAt(call, exact)).filter((o) => selector.matches(o));
  if (wantsTable(call.req.headers.accept)) {
    sendJson(call.res, 200, toTable(call.def, items, rv, call.query.get("includeObject")), TABLE_CONTENT_TYPE);
    return;
  }
  // Built-in lists carry kind/apiVersion once, on the list; custom resources keep them on every item.
  const shown = call.def.crd ? items : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  // Pages as kube-apiserver does with ?limit: a `continue` token and remainingItemCount (found against a real server).
  const start = continueStart(call.query.get("continue"));
  const limit = Number(call.query.get("limit") ?? 0);
  const page = limit > 0 ? shown.slice(start, start + limit) : shown.slice(start);
  const rest = shown.length - start - page.length;
  const metadata = rest > 0 ? { resourceVersion: rv, continue: Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: Number(rv), start: start + page.length })).toString("base64url"), remainingItemCount: rest } : { resourceVersion: rv };
  sendJson(call.res, 200, { kind: `${call.def.kind}List`, apiVersion: apiVersionOf(call.def), metadata, items: page });
}

/**
 * The revision a `resourceVersionMatch=Exact` list asks for; undefined for a list of the latest state. The options are
 * checked as ValidateListOptions checks them (k8s.io/apimachinery v0.34).
 */
function listedAt(call: Call): number | undefined {
  const match = call.query.get("resourceVersionMatch");
  const rv = call.query.get("resourceVersion") ?? "";
  if (rv && !/^\d+$/.test(rv)) throw invalidResourceVersion(rv);
  if (!match) return undefined;
  const forbidden = (body: string) => ({ field: "resourceVersionMatch", type: "FieldValueForbidden" as const, body: `Forbidden: ${body}` });
  const errors = [];
  if (!rv) errors.push(forbidden("resourceVersionMatch is forbidden unless resourceVersion is provided"));
  if (call.query.get("continue")) errors.push(forbidden("resourceVersionMatch is forbidden when continue is provided"));
  if (match !== "Exact" && match !== "NotOlderThan") {
    errors.push({ field: "resourceVersionMatch", type: "FieldValueNotSupported" as const, body: `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan", ""` });
  }
  if (match === "Exact" && rv === "0") errors.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  if (errors.length) throw invalidListOptions(errors);
  return match === "Exact" ? Number(rv) : undefined;
}

/** The objects at an Exact revision, as etcd serves them: 410 once compacted (the simulator's history is its window). */
function objectsAt(call: Call, rv: number): KubeObject[] {
  const at = call.deps.store.listAt(call.def.kind, call.info.namespace, rv);
  if (at === undefined) throw new ApiError(410, "Expired", "The resourceVersion for the provided list is too old.");
  if (at === "future") throw tooLargeResourceVersion(rv, Number(call.deps.store.resourceVersion));
  return at;
}

/** The offset a `continue` token carries (0 without one); BadRequest for a token this server did not issue. */
function continueStart(token: string | null): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { start?: unknown };
    if (typeof parsed.start === "number" && parsed.start >= 0) return parsed.start;
  } catch {
    // falls through
  }
  throw badRequest("continue key is not valid: invalid continue token");
}

function watch(call: Call): void {
  const { query, def, info } = call;
  const fields = [query.get("fieldSelector"), info.name !== undefined ? `metadata.name=${info.name}` : null].filter((s) => s).join(",");
  const table = wantsTable(call.req.headers.accept);
  const timeout = query.get("timeoutSeconds");
  call.deps.watches.serve(call.res, {
    def,
    namespace: info.namespace,
    selector: parseSelector(def, query.get("labelSelector"), fields || null),
    resourceVersion: query.get("resourceVersion"),
    timeoutSeconds: timeout !== null ? Number(timeout) : undefined,
    bookmarks: query.get("allowWatchBookmarks") === "true",
    render: (obj) => (table ? toTable(def, [obj], obj.metadata.resourceVersion, query.get("includeObject")) : obj),
  });
}

function contentType(call: Call): string {
  return (call.req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
}

/** A create or update body (`kind`: the one a subresource takes): JSON, or protobuf as kubectl's typed clients send it. */
async function readObject(call: Call, kind?: string): Promise<unknown> {
  const raw = await readBody(call.req);
  if (contentType(call) !== "application/vnd.kubernetes.protobuf") return parseJson(raw);
  return kind ? decodeObject(raw, kind) : decodeObject(raw, call.def.kind, call.info.subresource);
}

/**
 * The body of a create or update of the resource itself, decoded as its kind: a JSON body's unknown fields dropped,
 * and with them and its repeated keys refused (Strict) or returned as warnings (fieldValidation.ts).
 */
async function readChecked(call: Call, validation: FieldValidation): Promise<{ body: unknown; warnings: string[] }> {
  const raw = await readBody(call.req);
  if (contentType(call) === "application/vnd.kubernetes.protobuf") return { body: decodeObject(raw, call.def.kind, call.info.subresource), warnings: [] };
  const body = parseJson(raw);
  const problems = bodyProblems(call.def, raw.toString());
  const warnings = strictBody(call.def, validation, problems);
  dropUnknown(body, problems);
  return { body, warnings };
}

/** Who a write is recorded as in managedFields: the fieldManager parameter, else the client's user agent. */
function writerOf(call: Call): FieldWriter {
  return { manager: managerOf(call.query.get("fieldManager"), call.req.headers["user-agent"]) };
}

/** A PATCH's options, once its content type is known to be one the resource takes (else 415 first). */
function checkPatchOptions(call: Call): WriteOptions {
  const type = contentType(call);
  if (!patchTypes(call.def).includes(type)) throw unsupportedMediaType(patchTypes(call.def));
  return checkWriteOptions("PatchOptions", call.query, type);
}

/**
 * NamespaceLifecycle for a write in a namespace: it must exist (else 404 for the Namespace), and a create (`creating`:
 * the object's name, or its generateName before one is made) is refused while it is being deleted.
 */
function requireNamespace(call: Call, creating?: string): void {
  const ns = call.info.namespace;
  if (ns === undefined || !call.def.namespaced) return;
  if (!call.deps.store.get("Namespace", undefined, ns)) throw notFound(defForKind("Namespace"), ns);
  if (creating !== undefined && call.deps.store.terminating(ns)) throw namespaceTerminating(call.def, creating, ns);
}

/** The name admission sees for a new object: its own, or its generateName (the registry makes the name after admission). */
function admissionName(body: unknown): string {
  const meta = isRecord(body) && isRecord(body.metadata) ? body.metadata : {};
  return typeof meta.name === "string" && meta.name ? meta.name : typeof meta.generateName === "string" ? meta.generateName : "";
}

async function create(call: Call): Promise<void> {
  const { dryRun, fieldValidation } = checkWriteOptions("CreateOptions", call.query);
  const { body, warnings } = await readChecked(call, fieldValidation);
  if (call.def.kind === "SelfSubjectAccessReview") {
    if (!isRecord(body)) throw badRequest("Object 'Kind' is missing in request body");
    sendJson(call.res, 201, reviewAccess(call.deps.forbid(), body));
    return;
  }
  if (call.def.kind === "SelfSubjectReview") return sendJson(call.res, 201, selfSubjectReview(call.user));
  requireNamespace(call, admissionName(body));
  const obj = prepareCreate(call.def, body, call.info.namespace, writerOf(call));
  if (call.def.kind === "Pod") await awaitDefaultAccount(call.deps.store, obj);
  setWarnings(call.res, [...warnings, ...warningsOnCreate(call.def, obj)]);
  sendObject(call, 201, call.deps.store.create(obj, dryRun));
}

// serviceaccounts/{name}/token: a TokenRequest (`kubectl create token`).
async function token(call: Call, name: string): Promise<void> {
  const body = await readObject(call, "TokenRequest");
  requireNamespace(call, name);
  sendJson(call.res, 201, requestToken(call.deps.store, call.deps.issuer, call.info.namespace ?? "", name, body));
}

// pods/{name}/binding and the older bindings resource: a scheduler's assignment of a Pod to a node.
async function bind(call: Call, name: string | undefined): Promise<void> {
  const body = await readObject(call, "Binding");
  requireNamespace(call, name ?? admissionName(body));
  sendJson(call.res, 201, bindPod(call.deps.store, call.info.namespace ?? "", name, body));
}

// pods/{name}/eviction: a policy/v1 Eviction, as `kubectl drain` sends.
async function evict(call: Call, name: string): Promise<void> {
  const body = await readObject(call, "Eviction");
  requireNamespace(call, name);
  sendJson(call.res, 201, evictPod(call.deps.store, call.info.namespace ?? "", name, body));
}

/** Stores an update (unless a dry run) and answers it, with the warnings its strategy gives. */
function sendUpdated(call: Call, next: KubeObject, old: KubeObject, dryRun: boolean, fieldWarnings: string[]): void {
  const stored = call.deps.store.replace(next, call.info.subresource === undefined, dryRun);
  setWarnings(call.res, [...fieldWarnings, ...warningsOnUpdate(call.def, stored, old, call.info.subresource)]);
  sendObject(call, 200, stored);
}

async function update(call: Call, name: string): Promise<void> {
  const { dryRun, fieldValidation } = checkWriteOptions("UpdateOptions", call.query);
  const { body, warnings } = await readChecked(call, fieldValidation);
  const old = call.deps.store.get(call.def.kind, call.info.namespace, name);
  if (!old) return createOnUpdate(call, name, body, warnings, dryRun);
  requireNamespace(call);
  const next = prepareUpdate(call.def, body, old, call.info.subresource, writerOf(call));
  admitUpdate(call.deps.store, call.def, next, old, call.info.subresource);
  sendUpdated(call, next, old, dryRun, warnings);
}

/** Whether an update of `name`, not there, creates it: the kind's strategy allows it, through the object or its status. */
function createsOnUpdate(call: Call, name: string): "status" | undefined {
  const subresource = call.info.subresource;
  if (!call.def.createOnUpdate || (subresource !== undefined && subresource !== "status")) throw notFound(call.def, name);
  return subresource;
}

/**
 * A PUT of an object that is not there (genericregistry.Store.Update): of a kind whose strategy allows it, the object
 * is created as sent (201), its resourceVersion ignored, a uid it names failing the storage's precondition.
 */
function createOnUpdate(call: Call, name: string, body: unknown, warnings: string[], dryRun: boolean): void {
  const subresource = createsOnUpdate(call, name);
  const meta = isRecord(body) && isRecord(body.metadata) ? body.metadata : undefined;
  if (typeof meta?.name === "string" && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  if (typeof meta?.uid === "string" && meta.uid) {
    const key = `/${call.def.storagePrefix ?? call.def.plural}/${call.def.namespaced ? `${call.info.namespace}/` : ""}${name}`;
    throw conflict(call.def, name, `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: `);
  }
  requireNamespace(call, name);
  const obj = prepareCreate(call.def, isRecord(body) && meta ? { ...body, metadata: { ...meta, name } } : body, call.info.namespace, writerOf(call), subresource);
  setWarnings(call.res, [...warnings, ...warningsOnCreate(call.def, obj)]);
  sendObject(call, 201, call.deps.store.create(obj, dryRun));
}

/**
 * A server-side apply (server-side-apply.ts): the config must be of the resource's version and carry no
 * managedFields; an object that is not there is created by it (201).
 */
async function apply(call: Call, name: string, text: string, dryRun: boolean): Promise<void> {
  const config = applyPatch(call.def, "application/apply-patch+yaml", {}, text);
  if (!isRecord(config)) throw badRequest("the body of the apply patch must be an object");
  const version = typeof config.apiVersion === "string" ? config.apiVersion : "";
  // Each served kind has one version: another is one the decoder does not know.
  const kind = typeof config.kind === "string" ? config.kind : "";
  if (version !== apiVersionOf(call.def)) throw badRequest(`invalid object type: ${version.includes("/") ? version : `/${version}`}, Kind=${kind}`);
  if (isRecord(config.metadata) && config.metadata.managedFields !== undefined && config.metadata.managedFields !== null) throw badRequest("metadata.managedFields must be nil");
  const current = call.deps.store.get(call.def.kind, call.info.namespace, name);
  const subresource = call.info.subresource;
  // Through a subresource an apply creates only what an update there would.
  const through = !current && subresource ? createsOnUpdate(call, name) : undefined;
  const applied = serverSideApply(call.def, current, config, writerOf(call).manager, call.query.get("force") === "true", subresource);
  const withFields = (obj: KubeObject): KubeObject => {
    const { managedFields: _m, ...metadata } = obj.metadata;
    obj.metadata = applied.managedFields ? { ...metadata, managedFields: applied.managedFields } : metadata;
    return obj;
  };
  if (!current) {
    requireNamespace(call, name);
    const obj = withFields(prepareCreate(call.def, { ...applied.object, metadata: { ...(isRecord(applied.object?.metadata) ? applied.object.metadata : {}), name } }, call.info.namespace, undefined, through));
    if (call.def.kind === "Pod") await awaitDefaultAccount(call.deps.store, obj);
    setWarnings(call.res, warningsOnCreate(call.def, obj));
    return sendObject(call, 201, call.deps.store.create(obj, dryRun));
  }
  requireNamespace(call);
  const next = withFields(prepareUpdate(call.def, applied.object ?? current, current, subresource));
  admitUpdate(call.deps.store, call.def, next, current, subresource);
  sendUpdated(call, next, current, dryRun, []);
}

async function patch(call: Call, name: string): Promise<void> {
  const { dryRun, fieldValidation } = checkPatchOptions(call);
  const text = (await readBody(call.req)).toString();
  if (contentType(call) === "application/apply-patch+yaml" && (call.info.subresource === undefined || call.info.subresource === "status")) return apply(call, name, text, dryRun);
  const old = existing(call, name);
  requireNamespace(call);
  const type = contentType(call);
  const patched = applyPatch(call.def, type, old, text);
  // A patch that takes the name away leaves nothing to say which object it is.
  if (!isRecord(patched) || !isRecord(patched.metadata) || !patched.metadata.name) throw badRequest(`the name of the object (${name} based on URL) was undeterminable: name must be provided`);
  let warnings: string[] = [];
  if (type !== "application/apply-patch+yaml") {
    const problems = patchProblems(call.def, type, text, patched);
    warnings = strictPatch(fieldValidation, problems, type, problems.messages.length ? parseJson(Buffer.from(text)) : undefined, patched);
    dropUnknown(patched, problems);
  }
  const next = prepareUpdate(call.def, patched, old, call.info.subresource, writerOf(call));
  admitUpdate(call.deps.store, call.def, next, old, call.info.subresource);
  sendUpdated(call, next, old, dryRun, warnings);
}

function toScale(deploy: KubeObject): Record<string, unknown> {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deploy.metadata;
  const matchLabels = (deploy.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    // Scale.spec.replicas has omitempty: a scale of 0 is `spec: {}`.
    spec: getNumber(deploy, "spec.replicas") === 0 ? {} : { replicas: getNumber(deploy, "spec.replicas") ?? 1 },
    status: { replicas: getNumber(deploy, "status.replicas") ?? 0, selector: Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(",") },
  };
}

// deployments/{name}/scale: an autoscaling/v1 Scale view of spec.replicas (what `kubectl scale` uses).
async function scale(call: Call, name: string): Promise<void> {
  const deploy = existing(call, name);
  if (call.info.verb === "get") return sendJson(call.res, 200, toScale(deploy));
  const { dryRun } = call.info.verb === "patch" ? checkPatchOptions(call) : checkWriteOptions("UpdateOptions", call.query);
  const text = (await readBody(call.req)).toString();
  const wanted = call.info.verb === "patch" ? applyPatch(call.def, contentType(call), toScale(deploy), text) : parseJson(text);
  const rv = isRecord(wanted) && isRecord(wanted.metadata) ? wanted.metadata.resourceVersion : undefined;
  if (rv && rv !== deploy.metadata.resourceVersion) throw conflict(call.def, name);
  const replicas = getNumber(wanted, "spec.replicas");
  if (replicas === undefined || replicas < 0) throw badRequest("spec.replicas must be a non-negative integer");
  sendJson(call.res, 200, toScale(call.deps.store.replace(scaleWrite(call.def, deploy, replicas, writerOf(call).manager), false, dryRun)));
}

// The registries that answer a delete with the object deleted; the others answer a Status (finalizeDelete).
const RETURNS_DELETED = new Set(["Pod", "Service", "Namespace", "PersistentVolumeClaim", "ServiceAccount", "StorageClass"]);

async function remove(call: Call, name: string): Promise<void> {
  const { options, dryRun } = readDeleteOptions((await readBody(call.req)).toString(), call.query);
  const { object, removed } = deleteWithOutcome(call.deps.store, call.def, call.info.namespace, name, options, dryRun);
  if (!removed || RETURNS_DELETED.has(call.def.kind)) return sendObject(call, 200, object);
  const details = { name, ...(call.def.group ? { group: call.def.group } : {}), kind: call.def.plural, uid: object.metadata.uid };
  sendJson(call.res, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details });
}

/**
 * The node proxy, to the node's kubelet: its Summary API at `stats/summary` (kubelet-summary.ts); any other path is the
 * kubelet's mux answering 404 in plain text.
 */
function nodeProxy(call: Call, name: string): void {
  const node = existing(call, name);
  if (call.info.proxyPath !== "stats/summary") {
    call.res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
    return;
  }
  sendJson(call.res, 200, statsSummary(call.deps.store, node, call.deps.claimStats, call.query.get("only_cpu_and_memory") === "true"));
}

/** Runs one resource request whose path, group and permissions are already checked. */
export async function handleResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, def: ResourceDef, query: URLSearchParams, deps: HandlerDeps, user: UserInfo): Promise<void> {
  const call: Call = { req, res, info, def, query, deps, user };
  const { verb, name, subresource } = info;
  // The deprecated v1 Endpoints say so on every request, whatever comes of it.
  if (def.kind === "Endpoints") setWarnings(res, [ENDPOINTS_DEPRECATION]);
  if (def.namespaced && info.namespace === undefined && verb !== "list" && verb !== "watch") throw pathNotFound();
  if (subresource === "log") {
    if (verb !== "get") throw methodNotAllowed();
    deps.logs.serve(res, deps.store, info.namespace ?? "", name ?? "", query);
    return;
  }
  if (subresource === "proxy") {
    if (verb !== "get" || name === undefined) throw methodNotAllowed();
    return nodeProxy(call, name);
  }
  if (subresource === "token") {
    if (verb !== "create" || name === undefined) throw methodNotAllowed();
    return token(call, name);
  }
  if (subresource === "eviction") {
    if (verb !== "create" || name === undefined) throw methodNotAllowed();
    return evict(call, name);
  }
  if (subresource === "binding" || def.kind === "Binding") {
    if (verb !== "create" || (subresource === "binding") !== (name !== undefined)) throw methodNotAllowed();
    return bind(call, name);
  }
  // namespaces/<name>/finalize takes a PUT only (FinalizeREST has Update and nothing else).
  if (subresource === "finalize" && (verb !== "update" || name === undefined)) throw methodNotAllowed();
  if (!def.verbs.includes(verb) || (subresource !== undefined && !["get", "update", "patch"].includes(verb))) throw methodNotAllowed();
  if (subresource === "scale" && name !== undefined) return scale(call, name);
  if (verb === "list") return list(call);
  if (verb === "watch") return watch(call);
  if (verb === "create") return create(call);
  if (name === undefined) throw methodNotAllowed();
  if (verb === "get") return sendObject(call, 200, existing(call, name));
  if (verb === "update") return update(call, name);
  if (verb === "patch") return patch(call, name);
  return remove(call, name);
}
