// Who is calling: the kubeconfig's identity, or the service account of a token the simulator issued, then whoever
// `kubectl --as` impersonates; and the SelfSubjectReview (`kubectl auth whoami`) that reports it.
import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "./errors.ts";
import { timestamp } from "./json.ts";
import { forbiddenFor, isAllowed, type ForbidRule } from "./rbac.ts";
import type { ObjectStore } from "./store.ts";
import { TOKEN_ISSUER, type TokenClaims, type TokenIssuer } from "./tokens.ts";
import type { KubeObject } from "./types.ts";

/** The authenticated user, as authentication.k8s.io/v1 UserInfo. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

const AUTHENTICATED = "system:authenticated";
const ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** The groups every service account's user is in (serviceaccount.MakeGroupNames). */
function accountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`];
}

function unauthorized(): ApiError {
  return new ApiError(401, "Unauthorized", "Unauthorized");
}

/**
 * kube-apiserver caches a token's successful authentication for 10 s (TokenSuccessCacheTTL; failures are not cached):
 * a token used just before its account is deleted or it expires is still taken until then, one never seen is checked.
 */
const SUCCESS_TTL_MS = 10_000;
/** Enough for every token a test or a demo uses; the oldest entry goes first beyond it. */
const CACHE_MAX = 4096;
const successes = new WeakMap<TokenIssuer, Map<string, { user: UserInfo; until: number }>>();

function cachedSuccess(issuer: TokenIssuer, token: string, check: () => UserInfo): UserInfo {
  let cache = successes.get(issuer);
  if (!cache) successes.set(issuer, (cache = new Map<string, { user: UserInfo; until: number }>()));
  const hit = cache.get(token);
  if (hit && hit.until > Date.now()) return hit.user;
  cache.delete(token);
  const user = check();
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? "");
  cache.set(token, { user, until: Date.now() + SUCCESS_TTL_MS });
  return user;
}

/** The user a bearer token stands for: a token this simulator issued is its account's, any other the kubeconfig's `user`. */
function authenticate(headers: IncomingHttpHeaders, store: ObjectStore, issuer: TokenIssuer, user: string): UserInfo {
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  const claims = bearer ? issuer.read(bearer) : undefined;
  if (bearer && claims) return cachedSuccess(issuer, bearer, () => accountOf(claims, store));
  const account = ACCOUNT.exec(user);
  if (!account?.[1] || !account[2]) return { username: user, groups: [AUTHENTICATED] };
  const uid = store.get("ServiceAccount", account[1], account[2])?.metadata.uid;
  return { username: user, ...(uid ? { uid } : {}), groups: [...accountGroups(account[1]), AUTHENTICATED] };
}

/** go-jose's DefaultLeeway: the token's times are taken a minute either way, and so is an object's deletion. */
const LEEWAY_MS = 60_000;

/** Whether the object a token names is still the one it was issued for: there, the same uid, not deleted over a minute ago. */
function stillThere(obj: KubeObject | undefined, uid: string | undefined, now: number): boolean {
  const deleted = obj?.metadata.deletionTimestamp;
  return obj !== undefined && obj.metadata.uid === uid && !(deleted && Date.parse(deleted) < now - LEEWAY_MS);
}

/**
 * The service account a token this simulator issued stands for, as the JWT authenticator and its validator
 * (pkg/serviceaccount) decide: 401 unless the token is for this API server's audience (its issuer: no --api-audiences),
 * within its times, and its account and the Pod, Secret or Node it is bound to are still those it names.
 */
function accountOf(claims: TokenClaims, store: ObjectStore): UserInfo {
  const k8s = claims["kubernetes.io"];
  const now = Date.now();
  const ns = k8s.namespace;
  const valid =
    claims.aud.includes(TOKEN_ISSUER) &&
    claims.exp * 1000 + LEEWAY_MS >= now &&
    claims.nbf * 1000 - LEEWAY_MS <= now &&
    stillThere(store.get("ServiceAccount", ns, k8s.serviceaccount.name), k8s.serviceaccount.uid, now) &&
    (!k8s.secret || stillThere(store.get("Secret", ns, k8s.secret.name), k8s.secret.uid, now)) &&
    (!k8s.pod || stillThere(store.get("Pod", ns, k8s.pod.name), k8s.pod.uid, now)) &&
    // A Node binding is checked only when the token is not bound to a Pod (that one merely names the Pod's Node).
    (!k8s.node || k8s.pod !== undefined || stillThere(store.get("Node", undefined, k8s.node.name), k8s.node.uid, now));
  if (!valid) throw unauthorized();
  const extra: Record<string, string[]> = { "authentication.kubernetes.io/credential-id": [`JTI=${claims.jti}`] };
  for (const [kind, ref] of [["node", k8s.node], ["pod", k8s.pod]] as const) {
    if (ref) extra[`authentication.kubernetes.io/${kind}-name`] = [ref.name];
    if (ref?.uid) extra[`authentication.kubernetes.io/${kind}-uid`] = [ref.uid];
  }
  return { username: claims.sub, uid: k8s.serviceaccount.uid, groups: [...accountGroups(k8s.namespace), AUTHENTICATED], extra };
}

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The caller of a request (the authentication and impersonation filters): `Impersonate-User`/`-Group`/`-Uid`/`-Extra-*`
 * headers replace the authenticated user when the deny list allows `impersonate` on each (403 otherwise).
 */
export function callerOf(headers: IncomingHttpHeaders, store: ObjectStore, issuer: TokenIssuer, user: string, rules: readonly ForbidRule[]): UserInfo {
  const actual = authenticate(headers, store, issuer, user);
  const name = values(headers["impersonate-user"])[0];
  if (name === undefined) return actual;
  const check = (resource: string, who: string, namespace?: string) => {
    const attrs = { verb: "impersonate", group: "", resource, name: who, ...(namespace ? { namespace } : {}) };
    if (!isAllowed(rules, attrs)) throw forbiddenFor(attrs, actual.username);
  };
  const account = ACCOUNT.exec(name);
  if (account?.[1] && account[2]) check("serviceaccounts", account[2], account[1]);
  else check("users", name);
  const asked = values(headers["impersonate-group"]).flatMap((g) => g.split(",").map((s) => s.trim()));
  asked.forEach((g) => check("groups", g));
  const groups = asked.length === 0 && account?.[1] ? accountGroups(account[1]) : asked;
  if (!groups.includes(AUTHENTICATED) && !groups.includes("system:unauthenticated")) groups.push(AUTHENTICATED);
  const uid = values(headers["impersonate-uid"])[0];
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith("impersonate-extra-")) continue;
    const key = decodeURIComponent(header.slice("impersonate-extra-".length));
    extra[key] = values(value).flatMap((v) => v.split(",").map((s) => s.trim()));
  }
  return { username: name, ...(uid ? { uid } : {}), groups, ...(Object.keys(extra).length ? { extra } : {}) };
}

/** The SelfSubjectReview kube-apiserver answers (pkg/registry/authentication/selfsubjectreview): the caller's UserInfo. */
export function selfSubjectReview(user: UserInfo): Record<string, unknown> {
  return { kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", metadata: { creationTimestamp: timestamp() }, status: { userInfo: user } };
}
