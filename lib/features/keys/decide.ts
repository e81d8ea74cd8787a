// The forward-auth decision, pure: a bearer key and Traefik's forwarded method and URI → 200, 401 or 403 with a reason.
import "server-only";
import { keyId, verifyKey } from "./key";
import { canonicalPath, scopeAllows } from "../../shared/keys/scope";
import type { KeyRecord } from "../../shared/keys/types";

export interface ForwardedRequest {
  authorization: string | null;
  method: string | null;
  uri: string | null;
}

export interface Decision {
  status: 200 | 401 | 403;
  /** Short machine-readable reason, sent as X-Forward-Auth-Reason. */
  reason: string;
  /** The key the request presented, once proven (counters are kept per key). */
  keyId: string | undefined;
}

const BEARER = /^Bearer ([^\s]+)$/;

/** Decides one forwarded request. `lookup` finds a stored key by its public id; `now` is compared with expiry. */
export function decide(req: ForwardedRequest, lookup: (id: string) => KeyRecord | undefined, pepper: string, now: number): Decision {
  const refuse = (status: 401 | 403, reason: string, id?: string): Decision => ({ status, reason, keyId: id });
  if (!req.authorization) return refuse(401, "missing-authorization");
  const bearer = BEARER.exec(req.authorization.trim());
  if (!bearer?.[1]) return refuse(401, "malformed-authorization");
  const id = keyId(bearer[1]);
  if (!id) return refuse(401, "malformed-key");
  const record = lookup(id);
  // verifyKey does the same work for an unknown id, so timing does not tell which ids exist.
  if (!verifyKey(pepper, bearer[1], record?.hash) || !record) return refuse(401, "unknown-key");
  if (record.expiresAt && Date.parse(record.expiresAt) <= now) return refuse(401, "expired-key", id);
  if (!req.method || !req.uri) return refuse(403, "missing-forwarded-request", id);
  const path = canonicalPath(req.uri);
  if (!path.ok) return refuse(403, path.reason, id);
  if (!scopeAllows(record.scope, req.method, path.path)) return refuse(403, "outside-scope", id);
  return { status: 200, reason: "ok", keyId: id };
}
