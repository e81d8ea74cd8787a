// The structural schemas of the custom resources the simulator serves, as kube-apiserver's apiextensions handler
// applies them (k8s.io/apiextensions-apiserver v0.34 pkg/apiserver/schema: pruning, defaulting): a field the schema
// does not declare is dropped and reported (`unknown field "spec.foo"`, the pruned paths sorted), unless an
// `x-kubernetes-preserve-unknown-fields` node keeps what is below it; a null where the schema allows none is dropped
// silently, or takes the field's default if it declares one; a declared default fills an absent field. apiVersion, kind and metadata are the root's
// own (metadata is read as an ObjectMeta, field-validation.ts). The schemas are the CRDs the real tier installs
// (tools/realstack/cluster.ts), read at run time from their modules in the Go module cache (fetched through the Go
// toolchain if absent, as the real tier does): the simulator carries no copy. Without Go or the module proxy nothing
// is pruned or validated, and it says so once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { moduleDir, SNAPSHOTTER_MODULE, TRAEFIK_MODULE } from "../../tools/realstack/binaries.ts";
import { isRecord } from "./json.ts";
import type { ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

/** The parts of a structural schema node that pruning, defaulting and validation (crd-validation.ts) read. */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  nullable?: boolean;
  default?: unknown;
  format?: string;
  enum?: unknown[];
  required?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  anyOf?: SchemaNode[];
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-validations"?: { rule: string; message?: string }[];
}

/** Where each served custom resource's CRD is: a file in a module. */
const CRD_FILES: Record<string, { module: string; file: string }> = {
  VolumeSnapshot: { module: SNAPSHOTTER_MODULE, file: "config/crd/snapshot.storage.k8s.io_volumesnapshots.yaml" },
  VolumeSnapshotClass: { module: SNAPSHOTTER_MODULE, file: "config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml" },
  VolumeSnapshotContent: { module: SNAPSHOTTER_MODULE, file: "config/crd/snapshot.storage.k8s.io_volumesnapshotcontents.yaml" },
  IngressRoute: { module: TRAEFIK_MODULE, file: "docs/content/reference/dynamic-configuration/traefik.io_ingressroutes.yaml" },
  Middleware: { module: TRAEFIK_MODULE, file: "docs/content/reference/dynamic-configuration/traefik.io_middlewares.yaml" },
};

const schemas = new Map<string, SchemaNode | null>();
let warned = false;

/** The served version's openAPIV3Schema of `def`'s CRD, or undefined (with one line on stderr) when it cannot be read. */
export function crdSchema(def: ResourceDef): SchemaNode | undefined {
  const key = `${def.kind}/${def.version}`;
  if (!schemas.has(key)) schemas.set(key, readSchema(def));
  return schemas.get(key) ?? undefined;
}

function readSchema(def: ResourceDef): SchemaNode | null {
  const where = CRD_FILES[def.kind];
  if (!where) return null;
  let path = `${where.module} ${where.file}`;
  try {
    path = join(moduleDir(where.module), where.file);
    for (const doc of parseAllDocuments(readFileSync(path, "utf8"))) {
      const crd = doc.toJS() as { spec?: { versions?: { name: string; schema?: { openAPIV3Schema?: SchemaNode } }[] } } | null;
      const version = crd?.spec?.versions?.find((v) => v.name === def.version);
      if (version?.schema?.openAPIV3Schema) return version.schema.openAPIV3Schema;
    }
  } catch {
    // reported below
  }
  if (!warned) {
    warned = true;
    console.error(`kube sim: custom resources are neither pruned nor validated: their CRD cannot be read (${path}); it comes from the Go module proxy through the Go toolchain`);
  }
  return null;
}

const ROOT_FIELDS = new Set(["apiVersion", "kind", "metadata"]);
const path = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/** What pruning takes from a custom resource: its undeclared fields (as printed, and as keys and indexes), sorted as kube-apiserver sorts them, and the nulls it drops silently. */
export interface Pruned {
  fields: [string, (string | number)[]][];
  nulls: (string | number)[][];
}

/** Prunes `obj` (a custom resource, in place) by `schema`. */
export function prune(obj: Obj, schema: SchemaNode): Pruned {
  const out: [string, (string | number)[]][] = [];
  const nulls: (string | number)[][] = [];
  const walk = (x: unknown, s: SchemaNode | undefined, shown: string, at: (string | number)[], root: boolean, preserve: boolean): void => {
    const keepsUnknown = preserve || s?.["x-kubernetes-preserve-unknown-fields"] === true || s?.additionalProperties === true;
    if (Array.isArray(x)) {
      x.forEach((item, i) => walk(item, s?.items, `${shown}[${i}]`, [...at, i], false, keepsUnknown && !s?.items));
      return;
    }
    if (!isRecord(x)) return;
    for (const key of Object.keys(x)) {
      if (root && ROOT_FIELDS.has(key)) continue;
      const child = s?.properties?.[key] ?? (isRecord(s?.additionalProperties) ? s.additionalProperties : undefined);
      if (child) {
        if (x[key] === null && !child.nullable && child.default === undefined) {
          nulls.push([...at, key]);
          delete x[key];
        }
        else walk(x[key], child, path(shown, key), [...at, key], false, false);
      } else if (!keepsUnknown) {
        out.push([path(shown, key), [...at, key]]);
        delete x[key];
      }
    }
  };
  walk(obj, schema, "", [], true, false);
  return { fields: out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), nulls };
}

/** Fills the defaults `schema` declares for absent fields of `obj`, or null where null is not allowed (in place), below the fields that are there. */
export function applySchemaDefaults(obj: unknown, schema: SchemaNode | undefined): void {
  if (!schema) return;
  if (Array.isArray(obj)) {
    for (const item of obj) applySchemaDefaults(item, schema.items);
    return;
  }
  if (!isRecord(obj)) return;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const absent = obj[key] === undefined || (obj[key] === null && !child.nullable);
    if (absent && child.default !== undefined) obj[key] = structuredClone(child.default);
    applySchemaDefaults(obj[key], child);
  }
  if (isRecord(schema.additionalProperties)) {
    for (const [key, value] of Object.entries(obj)) if (!schema.properties?.[key]) applySchemaDefaults(value, schema.additionalProperties);
  }
}
