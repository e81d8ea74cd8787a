// Service accounts as kube-apiserver and kube-controller-manager v1.34 keep them: a new namespace gets its `default`
// account within moments (again when it is deleted); the ServiceAccount admission plugin refuses a Pod whose account
// does not exist (the ReplicaSet controller's Pods too: a FailedCreate event), mounts the token unless the account says
// not to and copies its imagePullSecrets; `kubectl create token` (TokenRequest) issues a JWT with the real claims, and
// the root-ca-cert-publisher keeps `kube-root-ca.crt` in every namespace; a token's success is cached 10 s;
// `kubectl auth whoami` (SelfSubjectReview) reports the kubeconfig's user, a token's account, or whom `--as` names.
// Run on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts);
// only tokens, uids, resourceVersions and times are masked.
import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";

type Kubectl = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
/** POSTs a JSON body with `Authorization: Bearer <token>` (kubectl sends no token to the simulator's plain HTTP). */
type PostAs = (token: string, path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

/** authentication.k8s.io/v1 UserInfo. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

const ISSUER = "https://kubernetes.default.svc.cluster.local";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const TOKEN_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  [claim: string]: unknown;
}

/** The header and claims of a JWT. */
function decodeJwt(token: string): { header: Record<string, unknown>; claims: Claims } {
  const [header = "", claims = ""] = token.trim().split(".");
  const read = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
  return { header: read(header) as Record<string, unknown>, claims: read(claims) as Claims };
}

/** The claims with their times and id checked and masked. */
function maskedClaims(token: string, seconds: number): Record<string, unknown> {
  const { header, claims } = decodeJwt(token);
  expect(header).toEqual({ alg: "RS256", kid: expect.stringMatching(/^[\w-]{43}$/) as unknown });
  expect([claims.exp - claims.iat, claims.nbf]).toEqual([seconds, claims.iat]);
  expect(Math.abs(claims.iat * 1000 - Date.now())).toBeLessThan(60_000);
  expect(claims.jti).toMatch(UUID);
  return { ...claims, exp: "<exp>", iat: "<iat>", nbf: "<iat>", jti: "<jti>" };
}

/** A Pod as kubectl run makes it, -o json. */
interface Pod {
  spec: { serviceAccountName?: string; serviceAccount?: string; volumes?: { name: string }[]; imagePullSecrets?: unknown[]; containers: { volumeMounts?: unknown[] }[] };
}

/**
 * Runs every case in a fresh namespace, removed after; `self` is what `kubectl auth whoami` reports for the
 * kubeconfig's own user on this target.
 */
export async function checkServiceAccounts(kubectl: Kubectl, postAs: PostAs, self: UserInfo): Promise<void> {
  const ns = `sa-${Date.now().toString(36)}`;
  const dir = await mkdtemp(join(tmpdir(), "sa-cases-"));
  const json = async <T>(...args: string[]): Promise<T> => {
    const out = await kubectl(...args, "-o", "json");
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as T;
  };
  type Account = { metadata: { uid: string; resourceVersion: string; creationTimestamp: string } & Record<string, unknown> } & Record<string, unknown>;
  const account = async (name: string) => {
    const sa = await json<Account>("get", "serviceaccount", name, "-n", ns);
    expect([sa.metadata.uid, sa.metadata.creationTimestamp]).toEqual([expect.stringMatching(UUID), expect.stringMatching(TIME)]);
    return sa;
  };
  try {
    expect((await kubectl("create", "namespace", ns)).code).toBe(0);

    // The serviceaccount controller: `default` within moments, as kubectl get -o json shows it; again once deleted.
    await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", ns)).code).toBe(0), { timeout: 5_000, interval: 100 });
    const first = await account("default");
    expect({ ...first, metadata: { ...first.metadata, uid: "<uid>", resourceVersion: "<rv>", creationTimestamp: "<time>" } }).toEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: ns, uid: "<uid>", resourceVersion: "<rv>", creationTimestamp: "<time>" },
    });
    expect((await kubectl("delete", "serviceaccount", "default", "-n", ns)).code).toBe(0);
    await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", ns)).code).toBe(0), { timeout: 5_000, interval: 100 });
    const saUid = (await account("default")).metadata.uid;
    expect(saUid).not.toBe(first.metadata.uid);

    // The root-ca-cert-publisher: `kube-root-ca.crt` with the cluster's CA certificate and its description, made again
    // when deleted, its data and annotation put back when changed (another annotation stays).
    type ConfigMap = { metadata: { annotations?: Record<string, string> } & Record<string, unknown>; data?: Record<string, string> } & Record<string, unknown>;
    const rootCa = async () => {
      const cm = await json<ConfigMap>("get", "configmap", "kube-root-ca.crt", "-n", ns);
      const { uid, resourceVersion, creationTimestamp, ...meta } = cm.metadata;
      expect([uid, resourceVersion, creationTimestamp]).toEqual([expect.stringMatching(UUID), expect.any(String), expect.stringMatching(TIME)]);
      return { ...cm, metadata: meta, data: { "ca.crt": new X509Certificate(cm.data?.["ca.crt"] ?? "").raw.length > 0 ? "<a certificate>" : "" }, uid };
    };
    const published = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kube-root-ca.crt", namespace: ns, annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } },
      data: { "ca.crt": "<a certificate>" },
    };
    await vi.waitFor(async () => expect((await kubectl("get", "configmap", "kube-root-ca.crt", "-n", ns)).code).toBe(0), { timeout: 5_000, interval: 100 });
    const { uid: caUid, ...ca } = await rootCa();
    expect(ca).toEqual(published);
    const pem = (await json<ConfigMap>("get", "configmap", "kube-root-ca.crt", "-n", ns)).data?.["ca.crt"];
    expect((await kubectl("delete", "configmap", "kube-root-ca.crt", "-n", ns)).code).toBe(0);
    await vi.waitFor(async () => expect((await rootCa()).uid).not.toBe(caUid), { timeout: 5_000, interval: 100 });
    const patch = { metadata: { annotations: { "kubernetes.io/description": null, mine: "kept" } }, data: { "ca.crt": "x", extra: "y" } };
    expect((await kubectl("patch", "configmap", "kube-root-ca.crt", "-n", ns, "--type=merge", "-p", JSON.stringify(patch))).code).toBe(0);
    await vi.waitFor(async () => {
      const { uid: _u, ...restored } = await rootCa();
      expect(restored).toEqual({ ...published, metadata: { ...published.metadata, annotations: { ...published.metadata.annotations, mine: "kept" } } });
    }, { timeout: 5_000, interval: 100 });
    expect((await json<ConfigMap>("get", "configmap", "kube-root-ca.crt", "-n", ns)).data?.["ca.crt"]).toBe(pem);

    // The admission plugin: no such account, no Pod.
    const refused = await kubectl("run", "lost", "-n", ns, "--image=x", "--overrides", JSON.stringify({ spec: { serviceAccountName: "missing" } }));
    expect([refused.code, refused.stderr.trim()]).toEqual([1, `Error from server (Forbidden): pods "lost" is forbidden: error looking up service account ${ns}/missing: serviceaccount "missing" not found`]);

    // The default account's token mounted in every container.
    const mounted = await json<Pod>("run", "mounted", "-n", ns, "--image=x");
    const volume = mounted.spec.volumes?.[0]?.name ?? "";
    expect(volume).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect([mounted.spec.serviceAccountName, mounted.spec.serviceAccount, mounted.spec.containers[0]?.volumeMounts]).toEqual(["default", "default", [{ name: volume, readOnly: true, mountPath: TOKEN_MOUNT }]]);

    // An account that does not automount and carries an image pull secret (created as protobuf, as kubectl sends it).
    expect((await kubectl("create", "serviceaccount", "quiet", "-n", ns)).code).toBe(0);
    expect((await kubectl("patch", "serviceaccount", "quiet", "-n", ns, "--type=merge", "-p", JSON.stringify({ automountServiceAccountToken: false, imagePullSecrets: [{ name: "regcred" }] }))).code).toBe(0);
    const quiet = await json<Pod>("run", "quiet", "-n", ns, "--image=x", "--overrides", JSON.stringify({ spec: { serviceAccountName: "quiet" } }));
    expect([quiet.spec.volumes, quiet.spec.containers[0]?.volumeMounts, quiet.spec.imagePullSecrets]).toEqual([undefined, undefined, [{ name: "regcred" }]]);
    expect((await kubectl("get", "serviceaccounts", "-n", ns)).stdout).toMatch(/^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\S+\nquiet\s+0\s+\S+\n$/);

    // An account annotated kubernetes.io/enforce-mountable-secrets admits only the secrets it lists, the first other one named.
    const strict = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "strict", annotations: { "kubernetes.io/enforce-mountable-secrets": "true" } }, secrets: [{ name: "listed" }], imagePullSecrets: [{ name: "pull" }] };
    await writeFile(join(dir, "strict.json"), JSON.stringify(strict));
    expect((await kubectl("create", "-n", ns, "-f", join(dir, "strict.json"))).code).toBe(0);
    const runStrict = (name: string, spec: Record<string, unknown>) => kubectl("run", name, "-n", ns, "--image=x", "--overrides", JSON.stringify({ spec: { serviceAccountName: "strict", ...spec } }));
    const secretEnv = (secret: string) => [{ name: "E", valueFrom: { secretKeyRef: { name: secret, key: "k" } } }];
    const unlisted = [
      ["vol", { volumes: [{ name: "s", secret: { secretName: "other" } }] }, 'volume with secret.secretName="other" is not allowed because service account strict does not reference that secret'],
      ["env", { containers: [{ name: "env", image: "x", env: secretEnv("other") }] }, 'container env with envVar E referencing secret.secretName="other" is not allowed because service account strict does not reference that secret'],
      ["from", { containers: [{ name: "from", image: "x", envFrom: [{ secretRef: { name: "other" } }] }] }, 'container from with envFrom referencing secret.secretName="other" is not allowed because service account strict does not reference that secret'],
      ["init", { initContainers: [{ name: "i", image: "x", env: secretEnv("other") }] }, 'init container i with envVar E referencing secret.secretName="other" is not allowed because service account strict does not reference that secret'],
      ["pull", { imagePullSecrets: [{ name: "pull" }, { name: "listed" }] }, 'imagePullSecrets[1].name="listed" is not allowed because service account strict does not reference that imagePullSecret'],
    ] as const;
    for (const [name, spec, message] of unlisted) {
      const res = await runStrict(name, spec);
      expect([res.code, res.stderr.trim()]).toEqual([1, `Error from server (Forbidden): pods "${name}" is forbidden: ${message}`]);
    }
    const allowed = await runStrict("allowed", { volumes: [{ name: "s", secret: { secretName: "listed" } }], containers: [{ name: "allowed", image: "x", env: secretEnv("listed") }] });
    expect(allowed.code, allowed.stderr).toBe(0);

    // The ReplicaSet controller's Pods go through the same admission: a Warning FailedCreate on the ReplicaSet.
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "lost" }, spec: { selector: { matchLabels: { app: "lost" } }, template: { metadata: { labels: { app: "lost" } }, spec: { serviceAccountName: "missing", containers: [{ name: "c", image: "x" }] } } } };
    await writeFile(join(dir, "lost.json"), JSON.stringify(deployment));
    expect((await kubectl("create", "-n", ns, "-f", join(dir, "lost.json"))).code).toBe(0);
    await vi.waitFor(
      async () => {
        const rs = (await json<{ items: { metadata: { name: string } }[] }>("get", "rs", "-n", ns)).items[0]?.metadata.name;
        const events = await json<{ items: { type: string; reason: string; message: string; involvedObject: { kind: string; name: string }; source: unknown }[] }>("get", "events", "-n", ns, "--field-selector", "reason=FailedCreate");
        const { type, reason, message, involvedObject, source } = events.items[0] ?? {};
        expect({ type, reason, message, kind: involvedObject?.kind, name: involvedObject?.name, source }).toEqual({
          type: "Warning",
          reason: "FailedCreate",
          message: `Error creating: pods "${rs}-" is forbidden: error looking up service account ${ns}/missing: serviceaccount "missing" not found`,
          kind: "ReplicaSet",
          name: rs,
          source: { component: "replicaset-controller" },
        });
      },
      { timeout: 15_000, interval: 200 },
    );
    // The refusal is a ReplicaFailure condition on the ReplicaSet, which the deployment controller copies (its times the
    // ReplicaSet condition's lastTransitionTime), after Progressing and Available.
    type Conditions = { status?: { conditions?: Record<string, string>[] } };
    const failures = async () => {
      const rs = (await json<{ items: Conditions[] }>("get", "rs", "-n", ns, "-l", "app=lost")).items[0]?.status?.conditions ?? [];
      const deploy = (await json<Conditions>("get", "deployment", "lost", "-n", ns)).status?.conditions ?? [];
      return { rs, deploy };
    };
    await vi.waitFor(
      async () => {
        const { rs, deploy } = await failures();
        const rsName = (await json<{ items: { metadata: { name: string } }[] }>("get", "rs", "-n", ns)).items[0]?.metadata.name;
        const message = `pods "${rsName}-" is forbidden: error looking up service account ${ns}/missing: serviceaccount "missing" not found`;
        expect(rs).toEqual([{ type: "ReplicaFailure", status: "True", lastTransitionTime: expect.stringMatching(TIME) as unknown, reason: "FailedCreate", message }]);
        const since = rs[0]?.lastTransitionTime;
        expect(deploy.map((c) => c.type)).toEqual(["Progressing", "Available", "ReplicaFailure"]);
        expect(deploy[2]).toEqual({ type: "ReplicaFailure", status: "True", lastUpdateTime: since, lastTransitionTime: since, reason: "FailedCreate", message });
      },
      { timeout: 15_000, interval: 200 },
    );
    // The controller tries again on its backoff (it does not watch ServiceAccounts): once the account exists, the Pod is
    // made and both conditions go.
    expect((await kubectl("create", "serviceaccount", "missing", "-n", ns)).code).toBe(0);
    await vi.waitFor(async () => expect((await json<{ items: { spec: Pod["spec"] }[] }>("get", "pods", "-n", ns, "-l", "app=lost")).items.map((p) => p.spec.serviceAccountName)).toEqual(["missing"]), { timeout: 15_000, interval: 200 });
    await vi.waitFor(
      async () => {
        const { rs, deploy } = await failures();
        expect([rs, deploy.map((c) => c.type)]).toEqual([[], ["Available", "Progressing"]]);
      },
      { timeout: 15_000, interval: 200 },
    );

    // kubectl create token: the default hour, the default audience, the account's uid in the claims.
    const token = await kubectl("create", "token", "default", "-n", ns);
    expect(token.code, token.stderr).toBe(0);
    expect(maskedClaims(token.stdout, 3600)).toEqual({
      aud: [ISSUER],
      exp: "<exp>",
      iat: "<iat>",
      iss: ISSUER,
      jti: "<jti>",
      "kubernetes.io": { namespace: ns, serviceaccount: { name: "default", uid: saUid } },
      nbf: "<iat>",
      sub: `system:serviceaccount:${ns}:default`,
    });
    const audience = await kubectl("create", "token", "default", "-n", ns, "--duration=20m", "--audience=https://example.test");
    expect(maskedClaims(audience.stdout, 1200)).toMatchObject({ aud: ["https://example.test"] });
    const short = await kubectl("create", "token", "default", "-n", ns, "--duration=5m");
    expect([short.code, short.stderr.trim()]).toEqual([1, 'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes']);
    const nobody = await kubectl("create", "token", "nobody", "-n", ns);
    expect([nobody.code, nobody.stderr.trim()]).toEqual([1, 'error: failed to create token: serviceaccounts "nobody" not found']);
    // The TokenRequest itself, as JSON (server-side apply's managedFields are not simulated).
    await writeFile(join(dir, "request.json"), JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} }));
    const raw = await kubectl("create", "--raw", `/api/v1/namespaces/${ns}/serviceaccounts/default/token`, "-f", join(dir, "request.json"));
    const { metadata, status, ...request } = JSON.parse(raw.stdout) as { metadata: Record<string, unknown>; status: { token: string; expirationTimestamp: string } };
    const { managedFields: _m, creationTimestamp, ...meta } = metadata;
    expect([creationTimestamp, status.expirationTimestamp, Date.parse(status.expirationTimestamp) - Date.parse(String(creationTimestamp))]).toEqual([expect.stringMatching(TIME), expect.stringMatching(TIME), 3_600_000]);
    expect(maskedClaims(status.token, 3600)).toMatchObject({ sub: `system:serviceaccount:${ns}:default` });
    expect({ ...request, metadata: meta }).toEqual({
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name: "default", namespace: ns, uid: saUid },
      spec: { audiences: [ISSUER], expirationSeconds: 3600, boundObjectRef: null },
    });

    // kubectl auth whoami: the kubeconfig's user, a token's account (with the token's id), whom --as names.
    const review = await json<{ metadata: { creationTimestamp: string }; status: unknown }>("auth", "whoami");
    expect(review).toEqual({ kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", metadata: { creationTimestamp: expect.stringMatching(TIME) as unknown }, status: { userInfo: self } });
    const viaToken = await postAs(token.stdout.trim(), "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
    expect(viaToken.status).toBe(201);
    const accountGroups = ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"];
    expect(viaToken.body.status).toEqual({ userInfo: {
      username: `system:serviceaccount:${ns}:default`,
      uid: saUid,
      groups: accountGroups,
      extra: { "authentication.kubernetes.io/credential-id": [`JTI=${decodeJwt(token.stdout).claims.jti}`] },
    } });
    expect((await json<{ status: { userInfo: UserInfo } }>("auth", "whoami", `--as=system:serviceaccount:${ns}:default`)).status.userInfo).toEqual({ username: `system:serviceaccount:${ns}:default`, groups: accountGroups });
    const jane = await kubectl("auth", "whoami", "--as=jane", "--as-group=devs");
    expect(jane.stdout).toBe("ATTRIBUTE   VALUE\nUsername    jane\nGroups      [devs system:authenticated]\n");

    // kube-apiserver caches a token's success for 10 s and no failure: once its account is deleted, a token used just
    // before still works for a while, then is refused; one never used is refused at once.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));
    const whoami = (bearer: string) => postAs(bearer, "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
    expect((await kubectl("create", "serviceaccount", "brief", "-n", ns)).code).toBe(0);
    const [used, unused] = await Promise.all([kubectl("create", "token", "brief", "-n", ns), kubectl("create", "token", "brief", "-n", ns)]);
    expect((await whoami(used.stdout.trim())).status).toBe(201);
    const deletedAt = Date.now();
    expect((await kubectl("delete", "serviceaccount", "brief", "-n", ns)).code).toBe(0);
    // The token authenticator reads accounts from kube-apiserver's informer, which sees a delete a moment after it is
    // answered: a token first used within that moment would pass (and be cached), so the check waits 1 s.
    await settle();
    expect((await whoami(unused.stdout.trim())).status).toBe(401);
    const cached = await whoami(used.stdout.trim());
    if (Date.now() - deletedAt < 5_000) expect(cached.status).toBe(201);
    await vi.waitFor(async () => expect((await whoami(used.stdout.trim())).status).toBe(401), { timeout: 15_000, interval: 250 });

    // Nor is a token for another audience taken (kube-apiserver's own is its issuer), nor one bound to a Pod that is gone.
    expect((await whoami(audience.stdout.trim())).status).toBe(401);
    expect((await kubectl("run", "holder", "-n", ns, "--image=x")).code).toBe(0);
    const bind = ["create", "token", "default", "-n", ns, "--bound-object-kind=Pod", "--bound-object-name=holder"];
    const bound = (await kubectl(...bind)).stdout.trim();
    expect((await kubectl("delete", "pod", "holder", "-n", ns, "--grace-period=0", "--force")).code).toBe(0);
    await settle();
    expect((await whoami(bound)).status).toBe(401);
    expect((await kubectl("run", "holder", "-n", ns, "--image=x")).code).toBe(0);
    expect((await whoami(bound)).status).toBe(401);
    expect((await whoami((await kubectl(...bind)).stdout.trim())).status).toBe(201);
  } finally {
    await kubectl("delete", "namespace", ns, "--wait=false");
    await rm(dir, { recursive: true, force: true });
  }
}
