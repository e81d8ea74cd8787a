// ServiceAccount tokens: the TokenRequest subresource (`kubectl create token`) and the bearer tokens it issues, JWTs
// with kube-apiserver's claims, signed RS256 with a key pair this simulator makes on its first token.
import { createHash, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import { ApiError, badRequest, invalid, notFound } from "./errors.ts";
import { isRecord, timestamp } from "./json.ts";
import { defForKind } from "./resources.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

/** The issuer and the one audience of `npm run cluster`'s kube-apiserver (its --service-account-issuer). */
export const TOKEN_ISSUER = "https://kubernetes.default.svc.cluster.local";

const TOKEN_REQUEST = { group: "authentication.k8s.io", kind: "TokenRequest" } as ResourceDef;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** What a token says (pkg/serviceaccount/claims.go). */
export interface TokenClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  "kubernetes.io": { namespace: string; serviceaccount: { name: string; uid: string }; pod?: Ref; secret?: Ref; node?: Ref };
  nbf: number;
  sub: string;
}

interface Ref {
  name: string;
  uid?: string;
}

/** Signs tokens and checks the ones it signed. */
export class TokenIssuer {
  #keys?: { privateKey: KeyObject; publicKey: KeyObject; kid: string };

  // RSA key generation takes a moment: only a simulator that is asked for a token pays it.
  #keyPair(): { privateKey: KeyObject; publicKey: KeyObject; kid: string } {
    if (!this.#keys) {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      // The key id kube-apiserver writes: the base64url SHA-256 of the public key's DER.
      const kid = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("base64url");
      this.#keys = { privateKey, publicKey, kid };
    }
    return this.#keys;
  }

  /** A signed JWT of `claims`. */
  issue(claims: TokenClaims): string {
    const { privateKey, kid } = this.#keyPair();
    const body = `${base64url({ alg: "RS256", kid })}.${base64url(claims)}`;
    return `${body}.${sign("sha256", Buffer.from(body), privateKey).toString("base64url")}`;
  }

  /** The claims of a token this issuer signed, or undefined for any other string. */
  read(token: string): TokenClaims | undefined {
    const [header, payload, signature] = token.split(".");
    if (!this.#keys || !header || !payload || signature === undefined) return undefined;
    if (!verify("sha256", Buffer.from(`${header}.${payload}`), this.#keys.publicKey, Buffer.from(signature, "base64url"))) return undefined;
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
  }
}

/** The object a token is bound to (`kubectl create token --bound-object-kind`), as the claims name it. */
function boundRefs(store: ObjectStore, namespace: string, account: string, ref: Record<string, unknown>): Pick<TokenClaims["kubernetes.io"], "pod" | "secret" | "node"> {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const [kind, apiVersion, name, uid] = [text(ref.kind), text(ref.apiVersion), text(ref.name), text(ref.uid)];
  const get = (k: string, ns?: string) => {
    const obj = store.get(k, ns, name);
    if (!obj) throw notFound(defForKind(k), name);
    if (uid && uid !== obj.metadata.uid) {
      throw new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${kind} "${name}": the UID in the bound object reference (${uid}) does not match the UID in record. The object might have been deleted and then recreated`, { name, kind });
    }
    return { name, uid: obj.metadata.uid ?? "" };
  };
  if (apiVersion === "v1" && kind === "Pod") {
    const pod = store.get("Pod", namespace, name);
    const spec = isRecord(pod?.spec) ? pod.spec : {};
    if (pod && spec.serviceAccountName !== account) throw badRequest(`cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`);
    const nodeName = typeof spec.nodeName === "string" ? spec.nodeName : "";
    const node = nodeName ? store.get("Node", undefined, nodeName) : undefined;
    return { pod: get("Pod", namespace), ...(nodeName ? { node: { name: nodeName, ...(node?.metadata.uid ? { uid: node.metadata.uid } : {}) } } : {}) };
  }
  if (apiVersion === "v1" && kind === "Secret") return { secret: get("Secret", namespace) };
  if (apiVersion === "v1" && kind === "Node") return { node: get("Node") };
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
}

/**
 * Answers a TokenRequest for the account `name` (pkg/registry/core/serviceaccount/storage/token.go): the request
 * echoed with the account's name, namespace and uid, the default audience and 3600 s, and status.token and
 * status.expirationTimestamp; 404 without the account, 422 for less than 10 minutes.
 */
export function requestToken(store: ObjectStore, issuer: TokenIssuer, namespace: string, name: string, body: unknown): KubeObject {
  const req = isRecord(body) ? body : {};
  const meta = isRecord(req.metadata) ? req.metadata : {};
  const spec = isRecord(req.spec) ? req.spec : {};
  const mismatch = (field: string, value: unknown, what: string) => invalid(TOKEN_REQUEST, name, [{ field: `metadata.${field}`, type: "FieldValueInvalid", body: `Invalid value: ${JSON.stringify(value)}: must match the service account ${what} if specified` }]);
  if (meta.name && meta.name !== name) throw mismatch("name", meta.name, "name");
  if (meta.namespace && meta.namespace !== namespace) throw mismatch("namespace", meta.namespace, "namespace");
  const account = store.get("ServiceAccount", namespace, name);
  if (!account) throw notFound(defForKind("ServiceAccount"), name);
  const seconds = typeof spec.expirationSeconds === "number" ? spec.expirationSeconds : 3600;
  const tooShort = seconds < 600 && "may not specify a duration less than 10 minutes";
  const tooLong = seconds > 2 ** 32 && "may not specify a duration larger than 2^32 seconds";
  if (tooShort || tooLong) throw invalid(TOKEN_REQUEST, "", [{ field: "spec.expirationSeconds", type: "FieldValueInvalid", body: `Invalid value: ${seconds}: ${tooShort || tooLong}` }]);
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? (spec.audiences as string[]) : [TOKEN_ISSUER];
  const bound = isRecord(spec.boundObjectRef) ? spec.boundObjectRef : null;
  const refs = bound ? boundRefs(store, namespace, name, bound) : {};
  const now = Date.now();
  const iat = Math.floor(now / 1000);
  const uid = account.metadata.uid ?? "";
  const token = issuer.issue({
    aud: audiences,
    exp: iat + seconds,
    iat,
    iss: TOKEN_ISSUER,
    jti: randomUUID(),
    "kubernetes.io": { namespace, ...refs, serviceaccount: { name, uid } },
    nbf: iat,
    sub: `system:serviceaccount:${namespace}:${name}`,
  });
  return {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { ...meta, name, namespace, uid, creationTimestamp: timestamp(now) },
    spec: { ...spec, audiences, expirationSeconds: seconds, boundObjectRef: bound },
    status: { token, expirationTimestamp: timestamp(now + seconds * 1000) },
  };
}
