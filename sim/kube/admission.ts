// The admission plugins that read other objects (k8s.io/kubernetes v1.34 plugin/pkg/admission): ServiceAccount (a
// new Pod names an account that exists in its namespace, or is refused) and DefaultStorageClass (a new claim that
// names no class gets the default one).
import { forbidden } from "./errors.ts";
import { isRecord } from "./json.ts";
import { isGeneratedFrom, randomSuffix } from "./names.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

type Obj = Record<string, unknown>;
type FindAccount = (namespace: string, name: string) => KubeObject | undefined;

const records = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const text = (v: unknown): string => (typeof v === "string" ? v : "");
const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The account a new Pod runs as: its serviceAccountName, or `default`. */
function accountName(pod: KubeObject): string {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  return typeof spec.serviceAccountName === "string" && spec.serviceAccountName ? spec.serviceAccountName : "default";
}

/**
 * The real server names a Pod only after admission, so its refusal names a generated Pod by its generateName: the
 * simulator names it before, and recognises the name it made (generateName and five characters of its alphabet).
 */
function generatedFrom(pod: KubeObject): string | undefined {
  const { name, generateName } = pod.metadata;
  return generateName && isGeneratedFrom(name, generateName) ? generateName : undefined;
}

/** The projected volume the plugin mounts (TokenVolumeSource). */
function tokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    },
  };
}

/** mountServiceAccountToken: the token volume (one named kube-api-access-* is reused) mounted in every container without one. */
function mountToken(spec: Obj): void {
  const volumes = records(spec.volumes);
  const existing = volumes.find((v) => String(v.name).startsWith("kube-api-access-"));
  const name = existing ? String(existing.name) : `kube-api-access-${randomSuffix()}`;
  let needed = false;
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
    const mounts = records(c.volumeMounts);
    if (mounts.some((m) => m.mountPath === TOKEN_PATH)) continue;
    c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: TOKEN_PATH }];
    needed = true;
  }
  if (needed && !existing) spec.volumes = [...volumes, tokenVolume(name)];
}

/**
 * Admits a new Pod as the plugin does: 403 `pods "x" is forbidden: error looking up service account ns/sa: serviceaccount
 * "sa" not found` without its account; else the account named, its token mounted unless the Pod (first) or the account
 * says `automountServiceAccountToken: false`, and the account's imagePullSecrets when the Pod has none; then, for an
 * account that enforces mountable secrets, a 403 for a secret it does not list.
 */
export function admitServiceAccount(pod: KubeObject, find: FindAccount): void {
  if (!isRecord(pod.spec)) return;
  const spec = pod.spec;
  const namespace = pod.metadata.namespace ?? "";
  const name = accountName(pod);
  const account = find(namespace, name);
  if (!account) {
    const subject = generatedFrom(pod) ?? pod.metadata.name;
    throw forbidden({ group: "", plural: "pods" }, subject, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  }
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  const automount = typeof spec.automountServiceAccountToken === "boolean" ? spec.automountServiceAccountToken : account.automountServiceAccountToken !== false;
  if (automount) mountToken(spec);
  const pullSecrets = records(account.imagePullSecrets);
  if (records(spec.imagePullSecrets).length === 0 && pullSecrets.length > 0) spec.imagePullSecrets = pullSecrets.map((s) => ({ name: s.name }));
  const refused = account.metadata.annotations?.[ENFORCE_MOUNTABLE] === "true" ? unlistedSecret(spec, account) : undefined;
  if (refused) throw forbidden({ group: "", plural: "pods" }, generatedFrom(pod) ?? pod.metadata.name, refused);
}

const ENFORCE_MOUNTABLE = "kubernetes.io/enforce-mountable-secrets";

/**
 * limitSecretReferences, for an account annotated `kubernetes.io/enforce-mountable-secrets: "true"`: the first secret
 * the Pod uses that the account does not list (secret volumes, then each init container's and container's env
 * secretKeyRefs and envFrom secretRefs, then imagePullSecrets against the account's), in the plugin's words.
 */
function unlistedSecret(spec: Obj, account: KubeObject): string | undefined {
  const names = (v: unknown) => new Set(records(v).map((s) => text(s.name)));
  const [mountable, pullable] = [names(account.secrets), names(account.imagePullSecrets)];
  const tail = (what = "secret") => `is not allowed because service account ${account.metadata.name} does not reference that ${what}`;
  for (const volume of records(spec.volumes)) {
    const secret = isRecord(volume.secret) ? text(volume.secret.secretName) : undefined;
    if (secret !== undefined && !mountable.has(secret)) return `volume with secret.secretName="${secret}" ${tail()}`;
  }
  for (const [group, label] of [["initContainers", "init container"], ["containers", "container"]] as const) {
    for (const c of records(spec[group])) {
      for (const env of records(c.env)) {
        const ref = isRecord(env.valueFrom) && isRecord(env.valueFrom.secretKeyRef) ? text(env.valueFrom.secretKeyRef.name) : undefined;
        if (ref !== undefined && !mountable.has(ref)) return `${label} ${text(c.name)} with envVar ${text(env.name)} referencing secret.secretName="${ref}" ${tail()}`;
      }
      for (const from of records(c.envFrom)) {
        const ref = isRecord(from.secretRef) ? text(from.secretRef.name) : undefined;
        if (ref !== undefined && !mountable.has(ref)) return `${label} ${text(c.name)} with envFrom referencing secret.secretName="${ref}" ${tail()}`;
      }
    }
  }
  const pull = records(spec.imagePullSecrets).findIndex((s) => !pullable.has(text(s.name)));
  return pull < 0 ? undefined : `imagePullSecrets[${pull}].name="${text(records(spec.imagePullSecrets)[pull]?.name)}" ${tail("imagePullSecret")}`;
}

/** The store's accounts, as the plugin's lister sees them. */
export function storeAccounts(store: ObjectStore): FindAccount {
  return (namespace, name) => store.get("ServiceAccount", namespace, name);
}

/**
 * Before refusing a Pod for want of the `default` account, the plugin asks again up to ten times, 100–200 ms apart
 * (the controller makes it moments after the namespace): a Pod created right after its namespace waits rather than fails.
 */
export async function awaitDefaultAccount(store: ObjectStore, pod: KubeObject): Promise<void> {
  const namespace = pod.metadata.namespace ?? "";
  if (accountName(pod) !== "default") return;
  const pause = 100 + Math.floor(Math.random() * 100);
  for (let i = 1; i < 10 && !store.get("ServiceAccount", namespace, "default"); i++) await new Promise((resolve) => setTimeout(resolve, pause));
}

const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

/** Whether a claim asks for no class (storageClassName absent, not "", and no legacy `volume.beta.kubernetes.io/storage-class` annotation). */
export function namesNoClass(claim: KubeObject): boolean {
  const spec = isRecord(claim.spec) ? claim.spec : undefined;
  return !!spec && (spec.storageClassName === undefined || spec.storageClassName === null) && claim.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] === undefined;
}

/** The default StorageClass (k8s.io/kubernetes pkg/volume/util GetDefaultClass): the newest of those marked, then by name. */
export function defaultStorageClass(store: ObjectStore): string | undefined {
  const created = (c: KubeObject) => Date.parse(c.metadata.creationTimestamp ?? "") || 0;
  const defaults = store
    .list("StorageClass")
    .filter((c) => DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === "true"))
    .sort((a, b) => created(b) - created(a) || (a.metadata.name < b.metadata.name ? -1 : 1));
  return defaults[0]?.metadata.name;
}

/**
 * The DefaultStorageClass admission plugin: a new claim that names no class gets the default one. Its field is
 * nobody's: admission runs after the field manager. (The persistent volume controller later does the same to a claim
 * made while there was no default: controllers/pvcs.ts.)
 */
export function admitDefaultStorageClass(claim: KubeObject, store: ObjectStore): void {
  if (!namesNoClass(claim)) return;
  const name = defaultStorageClass(store);
  if (name) (claim.spec as Record<string, unknown>).storageClassName = name;
}
