// Shapes shared by the Kubernetes simulator: objects, resource definitions, store events.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  /** Who set which fields (managed-fields.ts); its entries are read and written there only. */
  managedFields?: unknown[];
}

/** Any Kubernetes object as JSON: apiVersion, kind, metadata and free-form fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type Subresource = "status" | "log" | "scale" | "token" | "binding" | "eviction" | "ephemeralcontainers" | "proxy" | "finalize";

/** One served resource (plural) of one group-version, as discovery advertises it. */
export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: Subresource[];
  /** Custom resource (items in lists keep apiVersion/kind; generation always tracked). */
  crd?: boolean;
  /** metadata.generation is bumped when anything outside metadata/status changes. */
  generation?: boolean;
  /** Name validation: RFC 1123 subdomain (default), RFC 1123 label, or RFC 1035 label. */
  nameRule?: "label" | "dns1035";
  /** Extra field-selector labels beyond metadata.name / metadata.namespace. */
  fieldLabels?: string[];
  /** Served only while the snapshot API is switched on. */
  snapshotApi?: boolean;
  /** An update of an object that is not there creates it (its strategy's AllowCreateOnUpdate), through /status too. */
  createOnUpdate?: boolean;
  /** Its etcd key's prefix when it is not the plural (a Service's is `services/specs`). */
  storagePrefix?: string;
}

export type StoreEventType = "ADDED" | "MODIFIED" | "DELETED";

/** One change in the store, as watchers and controllers see it. */
export interface StoreEvent {
  type: StoreEventType;
  def: ResourceDef;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED change. */
  old?: KubeObject;
  rv: number;
}
