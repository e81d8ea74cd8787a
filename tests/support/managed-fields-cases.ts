// metadata.managedFields as kube-apiserver v1.34.4 keeps them for writes that are no server-side apply: who (the
// fieldManager parameter, else the user agent's product, else `unknown`) set which fields (FieldsV1), through which
// subresource; a write takes the fields it changes from their owners, a removed field leaves everyone, a status write
// owns no spec, an admission plugin's or an allocator's fields are nobody's, a client may replace or clear the list,
// an object with none gets none, the eleventh Update manager folds the oldest into `ancient-changes`, and a scale
// write goes through the ScaleHandler's quirks. The write options are checked first (422 on CreateOptions & co).
// Every expectation was read from the real control plane first. Called from wire-null-cases.ts, so it runs on the real
// control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
/** One metadata.managedFields entry as a server answers it. */
export interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  subresource?: string;
  time?: string;
  fieldsType: string;
  fieldsV1: Obj;
}

const MERGE = "application/merge-patch+json";

/** The entries by manager (and subresource), each with its fields and whether it has a time. */
function owners(body: Obj): Record<string, { apiVersion: string; fields: Obj; timed: boolean }> {
  const meta = body.metadata as { managedFields?: Entry[] };
  const out: Record<string, { apiVersion: string; fields: Obj; timed: boolean }> = {};
  for (const e of meta.managedFields ?? []) {
    expect(e.fieldsType).toBe("FieldsV1");
    expect(["Update", "Apply"]).toContain(e.operation);
    out[e.subresource ? `${e.manager}/${e.subresource}` : e.manager] = { apiVersion: e.apiVersion, fields: e.fieldsV1, timed: typeof e.time === "string" };
  }
  return out;
}

const leaf = {};
const keyed = (fields: Obj) => ({ ".": leaf, ...fields });

export async function checkManagedFields(target: WireTarget, ns: string): Promise<void> {
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => target.send(method, path, body, headers);
  const ok = async (method: string, path: string, body?: unknown) => {
    const { status, body: answer } = await send(method, path, body);
    expect(status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  const invalidOptions = (kind: string, causes: { reason: string; message: string; field: string }[]) => ({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${kind}.meta.k8s.io "" is invalid: ${causes.length === 1 ? `${causes[0]?.field}: ${causes[0]?.message}` : `[${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}]`}`,
    reason: "Invalid",
    details: { group: "meta.k8s.io", kind, causes },
    code: 422,
  });

  // The options of a write, refused before anything else.
  const tooLong = { reason: "FieldValueTooLong", message: "Too long: may not be more than 128 bytes", field: "fieldManager" };
  const cm = (name: string, extra: Obj = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, ...extra });
  expect(await send("POST", `${cms}?fieldManager=${"m".repeat(129)}`, cm("mf-long"))).toMatchObject({ status: 422, body: invalidOptions("CreateOptions", [tooLong]) });
  expect(await send("POST", `${cms}?dryRun=Foo&fieldManager=a%01b`, cm("mf-bad"))).toMatchObject({
    status: 422,
    body: invalidOptions("CreateOptions", [
      { reason: "FieldValueInvalid", message: 'Invalid value: "a\\x01b": invalid character U+0001 (at position 1)', field: "fieldManager" },
      { reason: "FieldValueNotSupported", message: 'Unsupported value: ["Foo"]: supported values: "All"', field: "dryRun" },
    ]),
  });
  expect(await send("POST", `${cms}?fieldValidation=Foo`, cm("mf-bad"))).toMatchObject({
    status: 422,
    body: invalidOptions("CreateOptions", [{ reason: "FieldValueNotSupported", message: 'Unsupported value: "Foo": supported values: "", "Ignore", "Strict", "Warn"', field: "fieldValidation" }]),
  });

  // A ConfigMap: created, replaced by another manager, patched without change, by user agents, cleared.
  const created = await ok("POST", `${cms}?fieldManager=mf-a`, cm("mf", { metadata: { name: "mf", labels: { a: "1", b: "2" }, annotations: { x: "y" } }, data: { k1: "v1", k2: "v2" } }));
  const labelsAB = { "f:labels": keyed({ "f:a": leaf, "f:b": leaf }), "f:annotations": keyed({ "f:x": leaf }) };
  expect(owners(created)).toEqual({ "mf-a": { apiVersion: "v1", timed: true, fields: { "f:data": keyed({ "f:k1": leaf, "f:k2": leaf }), "f:metadata": labelsAB } } });
  expect(await send("PUT", `${cms}/mf?fieldManager=${"x".repeat(129)}`, created)).toMatchObject({ status: 422, body: invalidOptions("UpdateOptions", [tooLong]) });
  expect(await target.patch(`${cms}/mf?force=true`, MERGE, { data: { z: "1" } })).toMatchObject({
    status: 422,
    body: invalidOptions("PatchOptions", [{ reason: "FieldValueForbidden", message: "Forbidden: may not be specified for non-apply patch", field: "force" }]),
  });
  expect(await target.patch(`${cms}/mf`, "application/apply-patch+yaml", cm("mf", { data: { z: "1" } }))).toMatchObject({
    status: 422,
    body: invalidOptions("PatchOptions", [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }]),
  });
  const replaced = await ok("PUT", `${cms}/mf?fieldManager=mf-b`, { ...created, data: { k1: "changed", k3: "new" }, metadata: { ...(created.metadata as Obj), labels: { a: "1" } } });
  // mf-a keeps `data` itself (it added the map) but loses k1 (changed by mf-b), k2 and label b (removed).
  const aAfter = { apiVersion: "v1", timed: true, fields: { "f:data": leaf, "f:metadata": { "f:labels": keyed({ "f:a": leaf }), "f:annotations": keyed({ "f:x": leaf }) } } };
  const b = { apiVersion: "v1", timed: true, fields: { "f:data": { "f:k1": leaf, "f:k3": leaf } } };
  expect(owners(replaced)).toEqual({ "mf-a": aAfter, "mf-b": b });
  const times = (body: Obj) => ((body.metadata as { managedFields: Entry[] }).managedFields ?? []).map((e) => e.time);
  const unchanged = await ok("PATCH", `${cms}/mf?fieldManager=mf-a`, { data: { k1: "changed" } });
  expect({ owners: owners(unchanged), times: times(unchanged) }).toEqual({ owners: { "mf-a": aAfter, "mf-b": b }, times: times(replaced) });
  // Without a fieldManager: the user agent up to its first slash, or `unknown` when that is empty.
  const byAgent = async (agent: string, data: Obj) => {
    const { status, body } = await send("PATCH", `${cms}/mf?fieldManager=`, { data }, { "User-Agent": agent });
    expect(status).toBe(200);
    return owners(body);
  };
  await byAgent("Mozilla/5.0 (X11; Linux x86_64)", { k4: "x" });
  await byAgent("/v1 no product", { k5: "x" });
  const agents = await byAgent("Mozilla/6.0", { k6: "x" });
  expect(Object.keys(agents).sort()).toEqual(["Mozilla", "mf-a", "mf-b", "unknown"]);
  expect([agents.Mozilla?.fields, agents.unknown?.fields]).toEqual([{ "f:data": { "f:k4": leaf, "f:k6": leaf } }, { "f:data": { "f:k5": leaf } }]);
  const set = await ok("PATCH", `${cms}/mf`, { metadata: { managedFields: [{ manager: "custom", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:k1": {} } } }] } });
  expect(owners(set)).toEqual({ custom: { apiVersion: "v1", timed: false, fields: { "f:data": { "f:k1": leaf } } } });
  const cleared = await ok("PATCH", `${cms}/mf`, { metadata: { managedFields: [{}] }, data: { k7: "x" } });
  expect((cleared.metadata as Obj).managedFields).toBeUndefined();
  const stillNone = await ok("PATCH", `${cms}/mf?fieldManager=mf-c`, { data: { k8: "x" } });
  expect((stillNone.metadata as Obj).managedFields).toBeUndefined();
  // A create that sets nothing but metadata the server owns records nobody.
  expect((((await ok("POST", `${cms}?fieldManager=mf-a`, cm("mf-empty"))) as Obj).metadata as Obj).managedFields).toBeUndefined();

  // Eleven managers: the two oldest fold into ancient-changes (the oldest of one second by name).
  await ok("POST", `${cms}?fieldManager=cap-00`, cm("mf-cap", { data: { base: "x" } }));
  for (let i = 1; i <= 12; i++) await ok("PATCH", `${cms}/mf-cap?fieldManager=cap-${String(i).padStart(2, "0")}`, { data: { [`k${i}`]: "v" } });
  const capped = owners(await ok("GET", `${cms}/mf-cap`));
  expect(Object.keys(capped).length).toBe(10);
  expect(Object.keys(capped)).toContain("ancient-changes");
  expect(Object.keys((capped["ancient-changes"]?.fields["f:data"] ?? {}) as Obj).length).toBeGreaterThanOrEqual(4);

  // A Deployment: every field its decoder defaulted is the creator's; a later patch takes what it changes.
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const container = { name: "c", image: "img:1", args: ["a"], ports: [{ containerPort: 80, name: "http" }], env: [{ name: "E", value: "1" }, { name: "F", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }], resources: { limits: { cpu: "1" } }, volumeMounts: [{ name: "v", mountPath: "/v" }], readinessProbe: { httpGet: { path: "/", port: 80 } } };
  const template = { metadata: { labels: { app: "mf" } }, spec: { nodeSelector: { gpu: "true" }, tolerations: [{ key: "t", operator: "Exists" }], containers: [container], volumes: [{ name: "v", emptyDir: {} }, { name: "s", secret: { secretName: "s" } }] } };
  const deployment = await ok("POST", `${deployments}?fieldManager=mf-create`, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "mf", labels: { app: "mf" } }, spec: { paused: true, replicas: 0, selector: { matchLabels: { app: "mf" } }, template } });
  const containerFields = keyed({
    "f:args": leaf,
    "f:env": keyed({ 'k:{"name":"E"}': keyed({ "f:name": leaf, "f:value": leaf }), 'k:{"name":"F"}': keyed({ "f:name": leaf, "f:valueFrom": keyed({ "f:fieldRef": leaf }) }) }),
    "f:image": leaf,
    "f:imagePullPolicy": leaf,
    "f:name": leaf,
    "f:ports": keyed({ 'k:{"containerPort":80,"protocol":"TCP"}': keyed({ "f:containerPort": leaf, "f:name": leaf, "f:protocol": leaf }) }),
    "f:readinessProbe": keyed({ "f:failureThreshold": leaf, "f:httpGet": keyed({ "f:path": leaf, "f:port": leaf, "f:scheme": leaf }), "f:periodSeconds": leaf, "f:successThreshold": leaf, "f:timeoutSeconds": leaf }),
    "f:resources": keyed({ "f:limits": keyed({ "f:cpu": leaf }) }),
    "f:terminationMessagePath": leaf,
    "f:terminationMessagePolicy": leaf,
    "f:volumeMounts": keyed({ 'k:{"mountPath":"/v"}': keyed({ "f:mountPath": leaf, "f:name": leaf }) }),
  });
  const podSpecFields = {
    "f:containers": { 'k:{"name":"c"}': containerFields },
    "f:dnsPolicy": leaf,
    "f:nodeSelector": leaf,
    "f:restartPolicy": leaf,
    "f:schedulerName": leaf,
    "f:securityContext": leaf,
    "f:terminationGracePeriodSeconds": leaf,
    "f:tolerations": leaf,
    "f:volumes": keyed({ 'k:{"name":"s"}': keyed({ "f:name": leaf, "f:secret": keyed({ "f:defaultMode": leaf, "f:secretName": leaf }) }), 'k:{"name":"v"}': keyed({ "f:emptyDir": leaf, "f:name": leaf }) }),
  };
  const createdFields = {
    "f:metadata": { "f:labels": keyed({ "f:app": leaf }) },
    "f:spec": {
      "f:paused": leaf,
      "f:progressDeadlineSeconds": leaf,
      "f:replicas": leaf,
      "f:revisionHistoryLimit": leaf,
      "f:selector": leaf,
      "f:strategy": { "f:rollingUpdate": keyed({ "f:maxSurge": leaf, "f:maxUnavailable": leaf }), "f:type": leaf },
      "f:template": { "f:metadata": { "f:labels": keyed({ "f:app": leaf }) }, "f:spec": podSpecFields },
    },
  };
  expect(owners(deployment)).toEqual({ "mf-create": { apiVersion: "apps/v1", timed: true, fields: createdFields } });
  const patched = await target.patch(`${deployments}/mf?fieldManager=mf-patch`, "application/strategic-merge-patch+json", { spec: { revisionHistoryLimit: 3, template: { spec: { containers: [{ name: "c", image: "img:2" }] } } } });
  expect(owners(patched.body)["mf-patch"]).toEqual({ apiVersion: "apps/v1", timed: true, fields: { "f:spec": { "f:revisionHistoryLimit": leaf, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"c"}': { "f:image": leaf } } } } } } });
  const creatorAfter = owners(patched.body)["mf-create"]?.fields as { "f:spec": Obj & { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"c"}': Obj } } } } };
  expect([creatorAfter["f:spec"]["f:revisionHistoryLimit"], creatorAfter["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"c"}']["f:image"]]).toEqual([undefined, undefined]);
  // Through status: its metadata counts (a Deployment's labels excepted), its spec does not.
  const viaStatus = await ok("PATCH", `${deployments}/mf/status?fieldManager=mf-status`, { metadata: { labels: { st: "x" }, annotations: { st: "y" } }, spec: { replicas: 9 }, status: { observedGeneration: 5 } });
  expect(owners(viaStatus)["mf-status/status"]).toEqual({ apiVersion: "apps/v1", timed: true, fields: { "f:metadata": { "f:annotations": keyed({ "f:st": leaf }) }, "f:status": { "f:observedGeneration": leaf } } });
  expect([(viaStatus.metadata as Obj).labels, (viaStatus.metadata as Obj).annotations, (viaStatus.spec as Obj).replicas]).toEqual([{ app: "mf" }, { st: "y" }, 0]);

  // Scale: the owners of spec.replicas go through a Scale and come back as their own entries, without a time.
  const scaled = `${deployments}/mf/scale`;
  const replicasOwners = (body: Obj) =>
    Object.entries(owners(body))
      .filter(([, o]) => (o.fields["f:spec"] as Obj | undefined)?.["f:replicas"])
      .map(([name, o]) => `${name}${o.timed ? "" : " (no time)"}`)
      .sort();
  await ok("PATCH", `${deployments}/mf?fieldManager=owner`, { spec: { replicas: 3 } });
  expect(await ok("PATCH", `${scaled}?fieldManager=scaler`, { spec: { replicas: 4 } })).toMatchObject({ kind: "Scale", spec: { replicas: 4 } });
  expect(replicasOwners(await ok("GET", `${deployments}/mf`))).toEqual(["scaler/scale (no time)"]);
  expect(Object.keys(owners(await ok("GET", `${deployments}/mf`)))).not.toContain("owner");
  // A scale that changes nothing still splits each owner's spec.replicas off into an entry of its own.
  await ok("PATCH", `${deployments}/mf?fieldManager=mf-create`, { spec: { replicas: 0 } });
  // The controller's status writes re-encode the list, which keeps one entry per identity: wait for the last of them,
  // once the scaled-down pods are gone (a write after the scale below would fold its split entry back).
  await vi.waitFor(
    async () => {
      const d = await ok("GET", `${deployments}/mf`);
      expect([(d.status as Obj).observedGeneration, (d.status as Obj).replicas ?? 0]).toEqual([(d.metadata as Obj).generation, 0]);
    },
    { timeout: 30_000, interval: 200 },
  );
  expect(await ok("PATCH", `${scaled}?fieldManager=scaler2`, { spec: { replicas: 0 } })).toMatchObject({ kind: "Scale", spec: {} });
  const split = ((await ok("GET", `${deployments}/mf`)).metadata as { managedFields: Entry[] }).managedFields.filter((e) => e.manager === "mf-create");
  expect(split.map((e) => [Boolean((e.fieldsV1["f:spec"] as Obj | undefined)?.["f:replicas"]), typeof e.time]).sort()).toEqual([
    [false, "string"],
    [true, "undefined"],
  ]);

  // A Pod: what admission adds (tolerations, priority, the service account) is nobody's; a status write takes its metadata.
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const pod = await ok("POST", `${pods}?fieldManager=mf-pod`, { apiVersion: "v1", kind: "Pod", metadata: { name: "mf", labels: { a: "b" } }, spec: { schedulerName: "none", containers: [{ name: "c", image: "x", ports: [{ containerPort: 80, protocol: "UDP" }, { containerPort: 80 }] }] } });
  const podFields = {
    "f:metadata": { "f:labels": keyed({ "f:a": leaf }) },
    "f:spec": {
      "f:containers": {
        'k:{"name":"c"}': keyed({
          "f:image": leaf,
          "f:imagePullPolicy": leaf,
          "f:name": leaf,
          "f:ports": keyed({ 'k:{"containerPort":80,"protocol":"TCP"}': keyed({ "f:containerPort": leaf, "f:protocol": leaf }), 'k:{"containerPort":80,"protocol":"UDP"}': keyed({ "f:containerPort": leaf, "f:protocol": leaf }) }),
          "f:resources": leaf,
          "f:terminationMessagePath": leaf,
          "f:terminationMessagePolicy": leaf,
        }),
      },
      "f:dnsPolicy": leaf,
      "f:enableServiceLinks": leaf,
      "f:restartPolicy": leaf,
      "f:schedulerName": leaf,
      "f:securityContext": leaf,
      "f:terminationGracePeriodSeconds": leaf,
    },
  };
  expect(owners(pod)).toEqual({ "mf-pod": { apiVersion: "v1", timed: true, fields: podFields } });
  const owner = { apiVersion: "v1", kind: "ConfigMap", name: "x", uid: "11111111-1111-1111-1111-111111111111" };
  const podStatus = await ok("PATCH", `${pods}/mf/status?fieldManager=mf-kubelet`, { metadata: { labels: { via: "status" }, ownerReferences: [owner] }, spec: { activeDeadlineSeconds: 5 }, status: { phase: "Running", podIP: "10.0.0.9", podIPs: [{ ip: "10.0.0.9" }], conditions: [{ type: "Ready", status: "True" }] } });
  expect(owners(podStatus)).toEqual({
    "mf-pod": { apiVersion: "v1", timed: true, fields: podFields },
    "mf-kubelet/status": {
      apiVersion: "v1",
      timed: true,
      fields: {
        "f:metadata": { "f:labels": { "f:via": leaf } },
        "f:status": { "f:conditions": keyed({ 'k:{"type":"Ready"}': keyed({ "f:lastProbeTime": leaf, "f:lastTransitionTime": leaf, "f:status": leaf, "f:type": leaf }) }), "f:phase": leaf, "f:podIP": leaf, "f:podIPs": keyed({ 'k:{"ip":"10.0.0.9"}': keyed({ "f:ip": leaf }) }) },
      },
    },
  });
  expect([(podStatus.metadata as Obj).labels, (podStatus.metadata as Obj).ownerReferences, (podStatus.spec as Obj).activeDeadlineSeconds]).toEqual([{ a: "b", via: "status" }, undefined, undefined]);

  // A Service: its allocated cluster IP and families are nobody's; a replace that leaves them out changes nobody's fields.
  const services = `/api/v1/namespaces/${ns}/services`;
  const service = await ok("POST", `${services}?fieldManager=mf-svc`, { apiVersion: "v1", kind: "Service", metadata: { name: "mf" }, spec: { type: "NodePort", selector: { a: "b" }, ports: [{ port: 80, name: "http" }, { port: 81, protocol: "UDP", name: "u" }] } });
  const port = keyed({ "f:name": leaf, "f:port": leaf, "f:protocol": leaf, "f:targetPort": leaf });
  const serviceOwners = { "mf-svc": { apiVersion: "v1", timed: true, fields: { "f:spec": { "f:externalTrafficPolicy": leaf, "f:internalTrafficPolicy": leaf, "f:ports": keyed({ 'k:{"port":80,"protocol":"TCP"}': port, 'k:{"port":81,"protocol":"UDP"}': port }), "f:selector": leaf, "f:sessionAffinity": leaf, "f:type": leaf } } } };
  expect(owners(service)).toEqual(serviceOwners);
  const { clusterIP: _ip, clusterIPs: _ips, ...specWithoutIPs } = service.spec as Obj;
  expect(owners(await ok("PUT", `${services}/mf?fieldManager=mf-svc2`, { ...service, spec: specWithoutIPs }))).toEqual(serviceOwners);

  // A claim (its protection finalizer is admission's) and a namespace (its finalizer is the strategy's, its name label the decoder's).
  const claim = await ok("POST", `/api/v1/namespaces/${ns}/persistentvolumeclaims?fieldManager=mf-pvc`, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "mf" }, spec: { storageClassName: "none", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
  expect(owners(claim)).toEqual({ "mf-pvc": { apiVersion: "v1", timed: true, fields: { "f:spec": { "f:accessModes": leaf, "f:resources": { "f:requests": keyed({ "f:storage": leaf }) }, "f:storageClassName": leaf, "f:volumeMode": leaf } } } });
  const namespace = await ok("POST", "/api/v1/namespaces?fieldManager=mf-ns", { apiVersion: "v1", kind: "Namespace", metadata: { name: `${ns}-mf` } });
  expect(owners(namespace)).toEqual({ "mf-ns": { apiVersion: "v1", timed: true, fields: { "f:metadata": { "f:labels": keyed({ "f:kubernetes.io/metadata.name": leaf }) } } } });
  await send("DELETE", `/api/v1/namespaces/${ns}-mf`);
  await send("DELETE", `${pods}/mf?gracePeriodSeconds=0`);
}

/**
 * `dryRun=All`: the whole write is checked and answered (a generated name, a uid and creation time, managedFields)
 * but nothing is stored: a dry create has no resourceVersion, a dry patch keeps the old one, a dry delete keeps the
 * object. And what a delete answers: a Status naming the object, except for the kinds whose registry returns the
 * object deleted (a Pod, a Service…) and for an object that only starts terminating.
 */
export async function checkDryRunAndDelete(target: WireTarget, ns: string): Promise<void> {
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  const made = await target.send("POST", `${cms}?dryRun=All&fieldManager=dry`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "dry-" }, data: { a: "b" } });
  expect(made.status).toBe(201);
  const meta = made.body.metadata as Obj & { name: string };
  expect({ name: /^dry-[a-z0-9]{5}$/.test(meta.name), uid: typeof meta.uid, created: typeof meta.creationTimestamp, rv: meta.resourceVersion }).toEqual({ name: true, uid: "string", created: "string", rv: undefined });
  expect(owners(made.body)).toEqual({ dry: { apiVersion: "v1", timed: true, fields: { "f:data": keyed({ "f:a": leaf }), "f:metadata": { "f:generateName": leaf } } } });
  expect((await target.send("GET", `${cms}/${meta.name}`)).status).toBe(404);

  const real = await target.send("POST", cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dry" }, data: { a: "b" } });
  const rv = (real.body.metadata as Obj).resourceVersion;
  const dryPatch = await target.send("PATCH", `${cms}/dry?dryRun=All`, { data: { c: "d" } });
  expect([dryPatch.status, (dryPatch.body.metadata as Obj).resourceVersion, dryPatch.body.data]).toEqual([200, rv, { a: "b", c: "d" }]);
  const dryPut = await target.send("PUT", `${cms}/dry?dryRun=All`, { ...real.body, data: { e: "f" } });
  expect([dryPut.status, (dryPut.body.metadata as Obj).resourceVersion, dryPut.body.data]).toEqual([200, rv, { e: "f" }]);
  expect((await target.send("GET", `${cms}/dry`)).body).toMatchObject({ metadata: { resourceVersion: rv }, data: { a: "b" } });
  expect((await target.send("POST", `${cms}?dryRun=All`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dry" } })).status).toBe(409);

  const uid = (real.body.metadata as Obj).uid;
  const success = (name: string, kind: string, group?: string, id?: unknown) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, ...(group ? { group } : {}), kind, uid: id } });
  expect(await target.send("DELETE", `${cms}/dry?dryRun=All`)).toMatchObject({ status: 200, body: success("dry", "configmaps", undefined, uid) });
  expect((await target.send("GET", `${cms}/dry`)).status).toBe(200);
  expect((await target.send("DELETE", `${cms}/dry?dryRun=Foo`)).status).toBe(422);
  const gone = await target.send("DELETE", `${cms}/dry`);
  expect([gone.status, gone.body]).toEqual([200, success("dry", "configmaps", undefined, uid)]);
  expect((await target.send("GET", `${cms}/dry`)).status).toBe(404);

  // A held one only starts terminating: the object comes back.
  const held = await target.send("POST", cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dry-held", finalizers: ["example.com/hold"] } });
  expect(held.status).toBe(201);
  const terminating = await target.send("DELETE", `${cms}/dry-held`);
  expect([terminating.status, terminating.body.kind, typeof (terminating.body.metadata as Obj).deletionTimestamp]).toEqual([200, "ConfigMap", "string"]);
  await target.send("PATCH", `${cms}/dry-held`, { metadata: { finalizers: null } });

  // A Deployment names its group; a Service (whose registry returns the object) comes back whole.
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const template = { metadata: { labels: { app: "dry" } }, spec: { containers: [{ name: "c", image: "x" }] } };
  const deployment = await target.send("POST", deployments, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "dry" }, spec: { replicas: 0, selector: { matchLabels: { app: "dry" } }, template } });
  const deleted = await target.send("DELETE", `${deployments}/dry`);
  expect([deleted.status, deleted.body]).toEqual([200, success("dry", "deployments", "apps", (deployment.body.metadata as Obj).uid)]);
  const services = `/api/v1/namespaces/${ns}/services`;
  expect((await target.send("POST", services, { apiVersion: "v1", kind: "Service", metadata: { name: "dry" }, spec: { ports: [{ port: 80 }] } })).status).toBe(201);
  const service = await target.send("DELETE", `${services}/dry`);
  expect([service.status, service.body.kind, (service.body.metadata as Obj).name]).toEqual([200, "Service", "dry"]);
}

/**
 * Server-side apply (`application/apply-patch+yaml`): an apply creates a missing object; the manager's Apply entry
 * holds exactly what it applied; a field it changes that another manager owns is a 409 naming each, unless `force`
 * takes it; a field it no longer applies goes unless another manager owns it; lists merge by key in the config's order;
 * an object without managedFields first gives all its fields to `before-first-apply`.
 */
export async function checkServerSideApply(target: WireTarget, ns: string): Promise<void> {
  const APPLY = "application/apply-patch+yaml";
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  const cm = (metadata: Obj, data?: Obj) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ssa", ...metadata }, ...(data ? { data } : {}) });
  const apply = (manager: string, body: Obj, path = `${cms}/ssa`) => target.patch(`${path}?fieldManager=${manager}${manager === "carol" ? "&force=true" : ""}`, APPLY, body);
  const state = async () => {
    const { body } = await target.send("GET", `${cms}/ssa`);
    return { data: body.data, labels: (body.metadata as Obj).labels, owners: owners(body) };
  };
  const entry = (fields: Obj) => ({ apiVersion: "v1", timed: true, fields });

  expect((await apply("alice", cm({ labels: { a: "1" } }, { x: "1", y: "2" }))).status).toBe(201);
  expect(await state()).toEqual({ data: { x: "1", y: "2" }, labels: { a: "1" }, owners: { alice: entry({ "f:data": { "f:x": leaf, "f:y": leaf }, "f:metadata": { "f:labels": { "f:a": leaf } } }) } });
  await target.send("PATCH", `${cms}/ssa?fieldManager=bob`, { data: { x: "bob" } });
  const conflict = await apply("alice", cm({}, { x: "1", y: "2", z: "3" }));
  expect([conflict.status, conflict.body]).toEqual([
    409,
    { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'Apply failed with 1 conflict: conflict with "bob" using v1: .data.x', reason: "Conflict", details: { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "bob" using v1', field: ".data.x" }] }, code: 409 },
  ]);
  await target.send("PATCH", `${cms}/ssa?fieldManager=dave`, { data: { y: "dave" } });
  const two = await apply("alice", cm({}, { x: "1", y: "2" }));
  expect([two.status, two.body.message]).toEqual([409, 'Apply failed with 2 conflicts: conflicts with "bob" using v1:\n- .data.x\nconflicts with "dave" using v1:\n- .data.y']);
  // The causes come in Go's map order: compared as a set.
  expect(new Set(((two.body.details as { causes: Obj[] }).causes ?? []).map((c) => JSON.stringify(c)))).toEqual(
    new Set([JSON.stringify({ reason: "FieldManagerConflict", message: 'conflict with "dave" using v1', field: ".data.y" }), JSON.stringify({ reason: "FieldManagerConflict", message: 'conflict with "bob" using v1', field: ".data.x" })]),
  );
  // Applying the values others set shares them; what alice no longer applies and nobody else owns (label a) goes.
  expect((await apply("alice", cm({}, { x: "bob", y: "dave" }))).status).toBe(200);
  expect(await state()).toEqual({ data: { x: "bob", y: "dave" }, labels: undefined, owners: { alice: entry({ "f:data": { "f:x": leaf, "f:y": leaf } }), bob: entry({ "f:data": { "f:x": leaf } }), dave: entry({ "f:data": { "f:y": leaf } }) } });
  expect((await apply("alice", cm({}))).status).toBe(200);
  expect(await state()).toEqual({ data: { x: "bob", y: "dave" }, labels: undefined, owners: { bob: entry({ "f:data": { "f:x": leaf } }), dave: entry({ "f:data": { "f:y": leaf } }) } });
  // Forced: carol takes x from bob, who is left with nothing; the same apply again changes nothing.
  expect((await apply("carol", cm({ labels: { c: "1" } }, { x: "carol", w: "4" }))).status).toBe(200);
  const carol = { data: { w: "4", x: "carol", y: "dave" }, labels: { c: "1" }, owners: { carol: entry({ "f:data": { "f:w": leaf, "f:x": leaf }, "f:metadata": { "f:labels": { "f:c": leaf } } }), dave: entry({ "f:data": { "f:y": leaf } }) } };
  expect(await state()).toEqual(carol);
  expect((await apply("carol", cm({ labels: { c: "1" } }, { x: "carol", w: "4" }))).status).toBe(200);
  expect(await state()).toEqual(carol);
  const operations = ((await target.send("GET", `${cms}/ssa`)).body.metadata as { managedFields: Entry[] }).managedFields.map((e) => `${e.manager} ${e.operation} ${e.apiVersion}`);
  expect(operations.sort()).toEqual(["carol Apply v1", "dave Update v1"]);
  expect((await apply("carol", cm({}, { x: "carol" }))).status).toBe(200);
  expect(await state()).toEqual({ data: { x: "carol", y: "dave" }, labels: undefined, owners: { carol: entry({ "f:data": { "f:x": leaf } }), dave: entry({ "f:data": { "f:y": leaf } }) } });
  const refused = async (body: Obj) => {
    const res = await apply("carol", body);
    return [res.status, res.body.message];
  };
  expect(await refused({ apiVersion: "v2", kind: "ConfigMap", metadata: { name: "ssa" } })).toEqual([400, "invalid object type: /v2, Kind=ConfigMap"]);
  expect(await refused(cm({ managedFields: [] }))).toEqual([400, "metadata.managedFields must be nil"]);

  // An object stored without managedFields (cleared): its fields are first before-first-apply's.
  await target.send("POST", cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain" }, data: { p: "1", q: "2" } });
  await target.send("PATCH", `${cms}/plain`, { metadata: { managedFields: [{}] } });
  const plain = await apply("eve", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain" }, data: { p: "1" } }, `${cms}/plain`);
  expect(owners(plain.body)).toEqual({ "before-first-apply": entry({ "f:data": { ".": leaf, "f:p": leaf, "f:q": leaf } }), eve: { apiVersion: "v1", timed: false, fields: { "f:data": { "f:p": leaf } } } });

  // A Deployment: containers merge by name in the config's order; a port's key takes its default protocol.
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const deployment = (containers: Obj[]) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ssa" }, spec: { replicas: 0, selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers } } } });
  const applyDeployment = (containers: Obj[], force = false) => target.patch(`${deployments}/ssa?fieldManager=kubectl${force ? "&force=true" : ""}`, APPLY, deployment(containers));
  const view = async () => {
    const { body } = await target.send("GET", `${deployments}/ssa`);
    const containers = (body.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers.map((c) => `${c.name}=${c.image}`);
    return { containers, kubectl: ((body.metadata as { managedFields: Entry[] }).managedFields.find((e) => e.manager === "kubectl")?.fieldsV1["f:spec"] as Obj)["f:template"] };
  };
  expect((await applyDeployment([{ name: "c", image: "x:1", ports: [{ containerPort: 80 }] }, { name: "d", image: "y:1" }])).status).toBe(201);
  const named = (fields: Obj) => keyed({ "f:image": leaf, "f:name": leaf, ...fields });
  expect(await view()).toEqual({
    containers: ["c=x:1", "d=y:1"],
    kubectl: { "f:metadata": { "f:labels": { "f:a": leaf } }, "f:spec": { "f:containers": { 'k:{"name":"c"}': named({ "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': keyed({ "f:containerPort": leaf }) } }), 'k:{"name":"d"}': named({}) } } },
  });
  await target.patch(`${deployments}/ssa?fieldManager=img`, "application/strategic-merge-patch+json", { spec: { template: { spec: { containers: [{ name: "c", image: "x:2" }] } } } });
  const taken = await applyDeployment([{ name: "e", image: "z:1" }, { name: "c", image: "x:1" }]);
  expect([taken.status, taken.body.message]).toEqual([409, 'Apply failed with 1 conflict: conflict with "img" using apps/v1: .spec.template.spec.containers[name="c"].image']);
  expect((await applyDeployment([{ name: "e", image: "z:1" }, { name: "c", image: "x:1" }], true)).status).toBe(200);
  expect(await view()).toEqual({ containers: ["e=z:1", "c=x:1"], kubectl: { "f:metadata": { "f:labels": { "f:a": leaf } }, "f:spec": { "f:containers": { 'k:{"name":"c"}': named({}), 'k:{"name":"e"}': named({}) } } } });
  await target.send("DELETE", `${deployments}/ssa`);
  await target.send("DELETE", `${cms}/ssa`);
  await target.send("DELETE", `${cms}/plain`);

  // Through the status subresource (`kubectl apply --server-side --subresource=status`): only the status counts (an
  // ingress IP gets its default ipMode), the Apply entry names the subresource, and a field the manager stops applying
  // goes while the entry keeps the empty status it applied.
  const services = `/api/v1/namespaces/${ns}/services`;
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "ssa-status" }, spec: { type: "LoadBalancer", selector: { app: "x" }, ports: [{ port: 80, protocol: "TCP" }] } };
  expect((await target.send("POST", services, service)).status).toBe(201);
  const applyStatus = (status: Obj) => target.patch(`${services}/ssa-status/status?fieldManager=lb`, APPLY, { apiVersion: "v1", kind: "Service", metadata: { name: "ssa-status" }, spec: { ports: [{ port: 81, protocol: "TCP" }] }, status });
  const balanced = await applyStatus({ loadBalancer: { ingress: [{ ip: "203.0.113.9" }] } });
  expect([balanced.status, (balanced.body.spec as { ports: Obj[] }).ports.map((p) => p.port), balanced.body.status]).toEqual([200, [80], { loadBalancer: { ingress: [{ ip: "203.0.113.9", ipMode: "VIP" }] } }]);
  const statusEntry = ((balanced.body.metadata as { managedFields: Entry[] }).managedFields ?? []).find((e) => e.manager === "lb");
  expect(statusEntry).toMatchObject({ operation: "Apply", apiVersion: "v1", subresource: "status", fieldsV1: { "f:status": { "f:loadBalancer": { "f:ingress": leaf } } } });
  const withdrawn = await applyStatus({});
  expect([withdrawn.status, withdrawn.body.status, owners(withdrawn.body)["lb/status"]?.fields]).toEqual([200, { loadBalancer: {} }, { "f:status": {} }]);
  await target.send("DELETE", `${services}/ssa-status`);
}

/**
 * `kubectl apply --server-side` (field manager `kubectl`) over what a client-side `kubectl apply` made: a conflict on a
 * field the last-applied annotation set, with the object still holding that value, is no conflict (lastAppliedManager);
 * any other still is, and the 409 names only those. Once applied, the annotation holds the applied configuration as
 * Go's encoder writes it (lastAppliedUpdater); another manager leaves it alone.
 */
export async function checkLastApplied(target: WireTarget, ns: string): Promise<void> {
  const APPLY = "application/apply-patch+yaml";
  const KEY = "kubectl.kubernetes.io/last-applied-configuration";
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  // What a client-side apply creates: the object with its own configuration in the annotation.
  const clientSide = async (name: string, data: Obj, annotated: Obj) => {
    const last = `${JSON.stringify({ apiVersion: "v1", data: annotated, kind: "ConfigMap", metadata: { annotations: {}, name, namespace: ns } })}\n`;
    const made = await target.send("POST", `${cms}?fieldManager=kubectl-client-side-apply`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, annotations: { [KEY]: last } }, data });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return last;
  };
  const apply = (name: string, manager: string, data: Obj) =>
    target.patch(`${cms}/${name}?fieldManager=${manager}`, APPLY, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, annotations: { z: "<&>" } }, data });
  const conflict = (fields: string[]) => (fields.length === 1 ? `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: ${fields[0]}` : `Apply failed with ${fields.length} conflicts: conflicts with "kubectl-client-side-apply" using v1:\n${fields.map((f) => `- ${f}`).join("\n")}`);

  // b no longer holds what the annotation says: its conflict stays, a's goes.
  const drifted = await clientSide("drifted", { a: "1", b: "1" }, { a: "1", b: "0" });
  const refused = await apply("drifted", "kubectl", { a: "2", b: "2" });
  expect([refused.status, refused.body.message]).toEqual([409, conflict([".data.b"])]);
  // Another manager gets every conflict.
  const other = await apply("drifted", "kubectl-other", { a: "2", b: "2" });
  expect([other.status, other.body.message]).toEqual([409, conflict([".data.a", ".data.b"])]);
  const unchanged = await target.send("GET", `${cms}/drifted`);
  expect([unchanged.body.data, (unchanged.body.metadata as { annotations: Obj }).annotations]).toEqual([{ a: "1", b: "1" }, { [KEY]: drifted }]);

  // Every conflict is one the annotation allows: applied as if forced, and the annotation rewritten.
  await clientSide("migrated", { a: "1", b: "1" }, { a: "1", b: "1" });
  const applied = await apply("migrated", "kubectl", { b: "2", c: "3" });
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  const meta = applied.body.metadata as { annotations: Obj; managedFields: Entry[] };
  expect(applied.body.data).toEqual({ a: "1", b: "2", c: "3" });
  expect(meta.annotations).toEqual({ [KEY]: '{"apiVersion":"v1","data":{"b":"2","c":"3"},"kind":"ConfigMap","metadata":{"annotations":{"z":"\\u003c\\u0026\\u003e"},"name":"migrated"}}\n', z: "<&>" });
  expect(owners(applied.body)).toEqual({
    kubectl: { apiVersion: "v1", timed: true, fields: { "f:data": { "f:b": leaf, "f:c": leaf }, "f:metadata": { "f:annotations": { "f:z": leaf } } } },
    "kubectl-client-side-apply": { apiVersion: "v1", timed: true, fields: { "f:data": { ".": leaf, "f:a": leaf }, "f:metadata": { "f:annotations": { ".": leaf, [`f:${KEY}`]: leaf } } } },
  });
}
