// API keys for Traefik forwardAuth (issue #16): create (shown once), list with usage, revoke, and the per-request check.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { decide, type Decision, type ForwardedRequest } from "./decide";
import { generateKey, hashKey } from "./key";
import { KeyStore, keysDisabled } from "./store";
import type { CreatedKey, CreateKeyInput, KeyRecord, KeysResponse, KeyView } from "../../shared/keys/types";
import { countDecision, NO_KEY, usageOf } from "./usage";

const stores = new Map<string, KeyStore>();

function storeFor(target: Target, name: string): KeyStore {
  const key = `${target.context ?? ""}|${target.namespace}|${name}`;
  let store = stores.get(key);
  if (!store) {
    store = new KeyStore(target, name);
    stores.set(key, store);
  }
  return store;
}

function settings(): { target: Target; pepper: string | undefined; store: KeyStore } {
  const cfg = config();
  return { target: cfg.target, pepper: cfg.keys.pepper, store: storeFor(cfg.target, cfg.keys.configMap) };
}

function view(record: KeyRecord, now: number): KeyView {
  const { hash: _hash, ...rest } = record;
  return { ...rest, usage: usageOf(record.id), expired: record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now };
}

/** Checks one request Traefik forwarded; counts it per key. Never throws: a failure is a refusal. */
export async function forwardAuth(req: ForwardedRequest, now = Date.now()): Promise<Decision> {
  const { pepper, store } = settings();
  let decision: Decision;
  if (!pepper) decision = { status: 401, reason: "keys-disabled", keyId: undefined };
  else {
    const snap = await store.snapshot(now).catch(() => ({ ok: false as const, reason: "key-store-unavailable" }));
    decision = snap.ok ? decide(req, (id) => snap.keys.get(id), pepper, now) : { status: 401, reason: snap.reason, keyId: undefined };
  }
  countDecision(decision.keyId ?? NO_KEY, decision.status === 200, now);
  return decision;
}

/** Every key with this replica's usage; `enabled` false without a pepper. */
export async function listKeys(now = Date.now()): Promise<KeysResponse> {
  const { pepper, store } = settings();
  if (!pepper) return { enabled: false, disabledReason: keysDisabled().message, keys: [] };
  const keys = await store.list();
  return { enabled: true, disabledReason: undefined, keys: keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((k) => view(k, now)) };
}

/** Creates a key; the secret is in this answer only (the ConfigMap keeps its HMAC). */
export async function createKey(input: CreateKeyInput, user: SessionUser, now = Date.now()): Promise<CreatedKey> {
  const { pepper, store } = settings();
  if (!pepper) throw keysDisabled();
  const { id, key } = generateKey();
  const record: KeyRecord = {
    id,
    name: input.name,
    scope: input.scope,
    note: input.note,
    createdAt: new Date(now).toISOString(),
    createdBy: user.name,
    ...(input.expiresInDays ? { expiresAt: new Date(now + input.expiresInDays * 86_400_000).toISOString() } : {}),
    hash: hashKey(pepper, key),
  };
  try {
    await store.update((keys) => {
      if (keys.some((k) => k.name === input.name)) throw new AppError("conflict", `A key named "${input.name}" already exists`);
      return [...keys, record];
    });
  } catch (err) {
    audit(user, { action: "CreateApiKey", subject: input.name, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
  audit(user, { action: "CreateApiKey", subject: input.name, outcome: "success", message: `scope ${input.scope}, id ${id}` });
  await store.settled(id, true);
  return { key: view(record, now), secret: key };
}

/** Removes a key: every replica's watch drops it within seconds, and its next request is refused. */
export async function revokeKey(id: string, user: SessionUser): Promise<void> {
  const { pepper, store } = settings();
  if (!pepper) throw keysDisabled();
  let name = id;
  await store.update((keys) => {
    const found = keys.find((k) => k.id === id);
    if (!found) throw new AppError("not_found", `No API key with id ${id}`);
    name = found.name;
    return keys.filter((k) => k.id !== id);
  });
  audit(user, { action: "RevokeApiKey", subject: name, outcome: "success", message: `id ${id}` });
  await store.settled(id, false);
}

/** Names of stored keys by id, for labelling /metrics (no key material). Empty when keys are off or unreadable. */
export async function keyNames(): Promise<Map<string, string>> {
  const { pepper, store } = settings();
  if (!pepper) return new Map();
  const snap = await store.snapshot().catch(() => undefined);
  return snap?.ok ? new Map([...snap.keys.values()].map((k) => [k.id, k.name])) : new Map();
}
