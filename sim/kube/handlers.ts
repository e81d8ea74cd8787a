// The verbs on a resource: get, list, watch, create, update, patch, delete (and status / log subresources).
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { badRequest, methodNotAllowed, notFound, pathNotFound, patchRejected, unsupportedPatch } from "./errors.ts";
import { parseJson, readBody, sendJson } from "./http.ts";
import { isRecord } from "./json.ts";
import type { PodLogs } from "./logs.ts";
import { jsonPatch, mergePatch, PatchError } from "./patch.ts";
import { reviewAccess, type ForbidRule } from "./rbac.ts";
import type { RequestInfo } from "./request.ts";
import { apiVersionOf, defForKind } from "./resources.ts";
import { parseSelector } from "./selectors.ts";
import type { ObjectStore } from "./store.ts";
import { deleteObject, prepareCreate, prepareUpdate, type DeleteOptions } from "./strategy.ts";
import { TABLE_CONTENT_TYPE, toTable, wantsTable } from "./tables.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import type { WatchHub } from "./watch.ts";

/** What the verb handlers need from the simulator. */
export interface HandlerDeps {
  store: ObjectStore;
  watches: WatchHub;
  logs: PodLogs;
  forbid(): readonly ForbidRule[];
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  def: ResourceDef;
  query: URLSearchParams;
  deps: HandlerDeps;
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

function list(call: Call): void {
  const { store } = call.deps;
  const selector = parseSelector(call.def, call.query.get("labelSelector"), call.query.get("fieldSelector"));
  const rv = store.resourceVersion;
  const items = store.list(call.def.kind, call.info.namespace).filter((o) => selector.matches(o));
  if (wantsTable(call.req.headers.accept)) {
    sendJson(call.res, 200, toTable(call.def, items, rv, call.query.get("includeObject")), TABLE_CONTENT_TYPE);
    return;
  }
  // Built-in lists carry kind/apiVersion once, on the list; custom resources keep them on every item.
  const shown = call.def.crd ? items : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  sendJson(call.res, 200, { kind: `${call.def.kind}List`, apiVersion: apiVersionOf(call.def), metadata: { resourceVersion: rv }, items: shown });
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

async function create(call: Call): Promise<void> {
  const body = parseJson(await readBody(call.req));
  if (call.def.kind === "SelfSubjectAccessReview") {
    if (!isRecord(body)) throw badRequest("Object 'Kind' is missing in request body");
    sendJson(call.res, 201, reviewAccess(call.deps.forbid(), body));
    return;
  }
  const ns = call.info.namespace;
  if (ns !== undefined && call.def.namespaced && !call.deps.store.get("Namespace", undefined, ns)) throw notFound(defForKind("Namespace"), ns);
  sendObject(call, 201, call.deps.store.create(prepareCreate(call.def, body, ns)));
}

async function update(call: Call, name: string): Promise<void> {
  const body = parseJson(await readBody(call.req));
  const old = existing(call, name);
  sendObject(call, 200, call.deps.store.replace(prepareUpdate(call.def, body, old, call.info.subresource)));
}

function applyPatch(def: ResourceDef, contentType: string, old: KubeObject, text: string): unknown {
  switch (contentType) {
    case "application/json-patch+json":
      try {
        return jsonPatch(old, parseJson(text));
      } catch (err) {
        if (err instanceof PatchError) throw patchRejected(err.message);
        throw err;
      }
    case "application/strategic-merge-patch+json":
      if (def.crd) throw unsupportedPatch(true);
      return mergePatch(old, parseJson(text));
    case "application/merge-patch+json":
      return mergePatch(old, parseJson(text));
    case "application/apply-patch+yaml":
      return mergePatch(old, parseYaml(text) as unknown);
    default:
      throw unsupportedPatch(def.crd === true);
  }
}

async function patch(call: Call, name: string): Promise<void> {
  const text = await readBody(call.req);
  const old = existing(call, name);
  const contentType = (call.req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  const patched = applyPatch(call.def, contentType, old, text);
  sendObject(call, 200, call.deps.store.replace(prepareUpdate(call.def, patched, old, call.info.subresource)));
}

async function remove(call: Call, name: string): Promise<void> {
  const text = await readBody(call.req);
  const options = (text.trim() ? parseJson(text) : {}) as DeleteOptions;
  const grace = call.query.get("gracePeriodSeconds");
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  sendObject(call, 200, deleteObject(call.deps.store, call.def, call.info.namespace, name, options));
}

/** Runs one resource request whose path, group and permissions are already checked. */
export async function handleResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, def: ResourceDef, query: URLSearchParams, deps: HandlerDeps): Promise<void> {
  const call: Call = { req, res, info, def, query, deps };
  const { verb, name, subresource } = info;
  if (def.namespaced && info.namespace === undefined && verb !== "list" && verb !== "watch") throw pathNotFound();
  if (subresource === "log") {
    if (verb !== "get") throw methodNotAllowed();
    deps.logs.serve(res, deps.store, info.namespace ?? "", name ?? "", query);
    return;
  }
  if (!def.verbs.includes(verb) || (subresource === "status" && !["get", "update", "patch"].includes(verb))) throw methodNotAllowed();
  if (verb === "list") return list(call);
  if (verb === "watch") return watch(call);
  if (verb === "create") return create(call);
  if (name === undefined) throw methodNotAllowed();
  if (verb === "get") return sendObject(call, 200, existing(call, name));
  if (verb === "update") return update(call, name);
  if (verb === "patch") return patch(call, name);
  return remove(call, name);
}
