// Updating a Pod, as kube-apiserver v1.34.4 checks it (ValidatePodUpdate): images, a shorter activeDeadlineSeconds and
// added tolerations (or new tolerationSeconds) may change; containers may not be added or removed; AppArmor and
// mirror-pod annotations are fixed; scheduling gates may only be removed, and while a Pod is gated its node selector
// and node affinity may only grow; anything else is one `spec: Forbidden: pod updates may not change fields other
// than …` with a diff after it (go-cmp's on real, which varies its layout on purpose, so only the first line is
// compared). The whole Pod is checked again too, so an image left empty is told twice. Called from
// wire-null-cases.ts, so it runs on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import { type Cause, FORBIDDEN, INVALID, REQUIRED } from "./volume-source-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

const NOT_UPDATABLE =
  "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
const APPARMOR = "container.apparmor.security.beta.kubernetes.io/c";
const MIRROR = "kubernetes.io/config.mirror";

interface Pod {
  metadata: { generation: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Obj & { containers: Obj[]; initContainers?: Obj[]; ephemeralContainers?: Obj[]; tolerations?: Obj[]; nodeSelector?: Record<string, string>; schedulingGates?: Obj[] };
}

export async function checkPodUpdates(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  /**
   * PUTs the Pod as it is now with `change` made to it: a whole-object update, so the volume mount and tolerations
   * admission added on create stay as they are.
   */
  const put = async (name: string, change: (pod: Pod) => void) => {
    const pod = (await target.send("GET", `${pods}/${name}`)).body as unknown as Pod;
    change(pod);
    return target.send("PUT", `${pods}/${name}`, pod);
  };
  /** The causes of a refused update, each message cut at its first line (the diff after it is not compared). */
  const refused = async (name: string, change: (pod: Pod) => void) => {
    const res = await put(name, change);
    const causes = ((res.body.details as { causes?: { reason: string; field: string; message: string }[] } | undefined)?.causes ?? []).map((c): Cause => [c.reason, c.field, c.message.split("\n")[0] ?? ""]);
    return [res.status, causes];
  };
  const taken = async (name: string, change: (pod: Pod) => void) => {
    const res = await put(name, change);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as unknown as Pod;
  };
  const tolerating = (seconds: number) => ({ key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
  const made = await target.send("POST", pods, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "upd", annotations: { note: "1" } },
    spec: { schedulerName: "none", activeDeadlineSeconds: 100, tolerations: [tolerating(10)], initContainers: [{ name: "i", image: "y" }], containers: [{ name: "c", image: "x" }] },
  });
  expect(made.status).toBe(201);

  // What may change: images, a shorter deadline, a toleration added and another's seconds.
  const updated = await taken("upd", (pod) => {
    pod.spec.containers[0]!.image = "x2";
    pod.spec.initContainers![0]!.image = "y2";
    pod.spec.activeDeadlineSeconds = 50;
    pod.spec.tolerations = [...(pod.spec.tolerations ?? []).map((t) => (t.key === "a" ? tolerating(20) : t)), { key: "b", operator: "Exists" }];
  });
  expect({ generation: updated.metadata.generation, images: [updated.spec.initContainers?.[0]?.image, updated.spec.containers[0]?.image], deadline: updated.spec.activeDeadlineSeconds, a: updated.spec.tolerations?.find((t) => t.key === "a") }).toEqual({ generation: 2, images: ["y2", "x2"], deadline: 50, a: tolerating(20) });

  const expectations: [string, (pod: Pod) => void, Cause[]][] = [
    ["a hostname", (pod) => void (pod.spec.hostname = "h"), [[FORBIDDEN, "spec", NOT_UPDATABLE]]],
    ["a longer deadline", (pod) => void (pod.spec.activeDeadlineSeconds = 60), [[INVALID, "spec.activeDeadlineSeconds", "Invalid value: 60: must be less than or equal to previous value"]]],
    ["no deadline", (pod) => void delete pod.spec.activeDeadlineSeconds, [[INVALID, "spec.activeDeadlineSeconds", "Invalid value: null: must not update from a positive integer to nil value"]]],
    ["a toleration removed", (pod) => void (pod.spec.tolerations = pod.spec.tolerations?.filter((t) => t.key !== "a")), [[FORBIDDEN, "spec.tolerations", "Forbidden: existing toleration can not be modified except its tolerationSeconds"]]],
    // Checked no further once the containers are counted.
    [
      "a container added",
      (pod) => {
        pod.spec.hostname = "h";
        pod.spec.containers.push({ name: "d", image: "z" });
      },
      [[FORBIDDEN, "spec.containers", "Forbidden: pod updates may not add or remove containers"]],
    ],
    // The whole Pod's checks, then the update's.
    [
      "an empty image",
      (pod) => void (pod.spec.containers[0]!.image = ""),
      [
        [REQUIRED, "spec.containers[0].image", "Required value"],
        [REQUIRED, "spec.containers[0].image", "Required value"],
      ],
    ],
    [
      "a padded image",
      (pod) => void (pod.spec.initContainers![0]!.image = " y "),
      [
        [INVALID, "spec.initContainers[0].image", 'Invalid value: " y ": must not have leading or trailing whitespace'],
        [INVALID, "spec.initContainers[0].image", 'Invalid value: " y ": must not have leading or trailing whitespace'],
      ],
    ],
    ["an AppArmor annotation", (pod) => void (pod.metadata.annotations = { ...pod.metadata.annotations, [APPARMOR]: "runtime/default" }), [[FORBIDDEN, `metadata.annotations[${APPARMOR}]`, "Forbidden: may not add AppArmor annotations"]]],
    [
      "a mirror-pod annotation",
      (pod) => void (pod.metadata.annotations = { ...pod.metadata.annotations, [MIRROR]: "x" }),
      [
        [INVALID, `metadata.annotations[${MIRROR}]`, 'Invalid value: "x": must set spec.nodeName if mirror pod annotation is set'],
        [FORBIDDEN, `metadata.annotations[${MIRROR}]`, "Forbidden: may not add mirror pod annotation"],
        [INVALID, `metadata.annotations[${MIRROR}]`, 'Invalid value: "x": must set spec.nodeName if mirror pod annotation is set'],
      ],
    ],
    ["a node selector on an ungated Pod", (pod) => void (pod.spec.nodeSelector = { a: "1" }), [[FORBIDDEN, "spec", NOT_UPDATABLE]]],
  ];
  for (const [what, change, causes] of expectations) expect([what, ...(await refused("upd", change))]).toEqual([what, 422, causes]);

  // A gated Pod: gates may only go, its node selector and node affinity only grow.
  const term = (values: string[]): Obj => ({ matchExpressions: [{ key: "zone", operator: "In", values }] });
  const affinity = (terms: Obj[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const gated = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "upd-gated" }, spec: { schedulerName: "none", schedulingGates: [{ name: "g1" }, { name: "g2" }], nodeSelector: { a: "1" }, affinity: affinity([term(["z1"])]), containers: [{ name: "c", image: "x" }] } });
  expect(gated.status).toBe(201);
  expect(await refused("upd-gated", (pod) => void (pod.spec.schedulingGates = [{ name: "g1" }, { name: "g3" }]))).toEqual([422, [[FORBIDDEN, "spec.schedulingGates[1].name", "Forbidden: only deletion is allowed, but found new scheduling gate 'g3'"]]]);
  await taken("upd-gated", (pod) => {
    pod.spec.nodeSelector = { a: "1", b: "2" };
    pod.spec.schedulingGates = [{ name: "g1" }];
  });
  expect(await refused("upd-gated", (pod) => void (pod.spec.nodeSelector = { b: "2" }))).toEqual([422, [[INVALID, "spec.nodeSelector", 'Invalid value: {"b":"2"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)']]]);
  const grown = { matchExpressions: [{ key: "zone", operator: "In", values: ["z1"] }, { key: "disk", operator: "Exists" }], matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] };
  await taken("upd-gated", (pod) => void (pod.spec.affinity = affinity([grown])));
  expect(await refused("upd-gated", (pod) => void (pod.spec.affinity = affinity([term(["z2"])])))).toEqual([
    422,
    [[INVALID, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]", 'Invalid value: {"MatchExpressions":[{"Key":"zone","Operator":"In","Values":["z2"]}],"MatchFields":null}: only additions are allowed (no mutations or deletions)']],
  ]);
  expect(await refused("upd-gated", (pod) => void (pod.spec.affinity = affinity([grown, term(["z3"])])))).toEqual([
    422,
    [[INVALID, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", expect.stringMatching(/^Invalid value: \[.*\]: no additions\/deletions to non-empty NodeSelectorTerms list are allowed$/)]],
  ]);
  // Once the last gate is gone, the node selector is fixed again.
  await taken("upd-gated", (pod) => void delete pod.spec.schedulingGates);
  expect(await refused("upd-gated", (pod) => void (pod.spec.nodeSelector = { ...pod.spec.nodeSelector, c: "3" }))).toEqual([422, [[FORBIDDEN, "spec", NOT_UPDATABLE]]]);
}

/**
 * The ephemeralcontainers subresource (what `kubectl debug` writes): only the Pod's ephemeral containers are taken
 * from the body; each is checked (common container checks, a unique name, a target that is a regular or init
 * container, none of the fields that make a container part of the workload, no subPath), none already there may be
 * removed or changed, and a static (mirror) Pod may have none. An ephemeral container is refused on create.
 */
export async function checkEphemeralContainers(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const at = `${pods}/eph/ephemeralcontainers`;
  const made = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "eph", labels: { a: "1" } }, spec: { schedulerName: "none", volumes: [{ name: "v", emptyDir: {} }], initContainers: [{ name: "i", image: "x" }], containers: [{ name: "c", image: "x" }] } });
  expect(made.status).toBe(201);
  const current = async () => (await target.send("GET", at)).body as unknown as Pod;
  const put = async (ephemeral: Obj[], change: (pod: Pod) => void = () => undefined) => {
    const pod = await current();
    pod.spec.ephemeralContainers = ephemeral;
    change(pod);
    return target.send("PUT", at, pod);
  };
  const causes = (res: { body: Obj }) => ((res.body.details as { causes?: { reason: string; field: string; message: string }[] } | undefined)?.causes ?? []).map((c): Cause => [c.reason, c.field, c.message.split("\n")[0] ?? ""]);
  const fixed = "Forbidden: cannot be set for an Ephemeral Container";
  const bad = await put([
    { name: "c", image: " padded ", targetContainerName: "nope", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "1" } }, readinessProbe: { exec: { command: ["x"] } }, lifecycle: { preStop: { exec: { command: ["x"] } } }, volumeMounts: [{ name: "v", mountPath: "/v", subPath: "s" }] },
    { name: "dbg", image: "busybox", stdin: true, tty: true, targetContainerName: "i" },
    { name: "dbg", image: "busybox" },
  ]);
  expect([bad.status, causes(bad)]).toEqual([
    422,
    [
      [INVALID, "spec.ephemeralContainers[0].image", 'Invalid value: " padded ": must not have leading or trailing whitespace'],
      ["FieldValueDuplicate", "spec.ephemeralContainers[0].name", 'Duplicate value: "c"'],
      ["FieldValueNotFound", "spec.ephemeralContainers[0].targetContainerName", 'Not found: "nope"'],
      [FORBIDDEN, "spec.ephemeralContainers[0].ports", fixed],
      [FORBIDDEN, "spec.ephemeralContainers[0].resources", fixed],
      [FORBIDDEN, "spec.ephemeralContainers[0].readinessProbe", fixed],
      [FORBIDDEN, "spec.ephemeralContainers[0].lifecycle", fixed],
      [FORBIDDEN, "spec.ephemeralContainers[0].volumeMounts[0].subPath", fixed],
      ["FieldValueDuplicate", "spec.ephemeralContainers[2].name", 'Duplicate value: "dbg"'],
    ],
  ]);

  // A good one is added, with a container's defaults; the rest of the body (a label, an image) is not taken.
  const added = await put([{ name: "dbg", image: "busybox", stdin: true, tty: true, targetContainerName: "c" }], (pod) => {
    pod.metadata.labels = { a: "2" };
    pod.spec.containers[0]!.image = "changed";
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const after = added.body as unknown as Pod;
  expect({ labels: after.metadata.labels, image: after.spec.containers[0]?.image, generation: after.metadata.generation, ephemeral: after.spec.ephemeralContainers }).toEqual({
    labels: { a: "1" },
    image: "x",
    generation: 2,
    ephemeral: [{ name: "dbg", image: "busybox", stdin: true, tty: true, targetContainerName: "c", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", imagePullPolicy: "Always", resources: {} }],
  });
  // What is there stays there, as it is.
  const removed = await put([]);
  expect([removed.status, causes(removed)]).toEqual([422, [[FORBIDDEN, "spec.ephemeralContainers", 'Forbidden: existing ephemeral containers "dbg" may not be removed']]]);
  const changed = await put([{ ...(after.spec.ephemeralContainers as Obj[])[0], image: "alpine" }]);
  expect([changed.status, causes(changed)]).toEqual([422, [[FORBIDDEN, "spec.ephemeralContainers", 'Forbidden: existing ephemeral containers "dbg" may not be changed']]]);

  // A static Pod may have none.
  const mirror = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "eph-static", annotations: { "kubernetes.io/config.mirror": "x" } }, spec: { nodeName: "no-such-node", containers: [{ name: "c", image: "x" }] } });
  expect(mirror.status).toBe(201);
  const pod = (await target.send("GET", `${pods}/eph-static`)).body as unknown as Pod;
  pod.spec.ephemeralContainers = [{ name: "dbg", image: "busybox" }];
  const refused = await target.send("PUT", `${pods}/eph-static/ephemeralcontainers`, pod);
  // The field is field.NewPath(""), which prints as "[]".
  expect([refused.status, causes(refused)]).toEqual([422, [[FORBIDDEN, "[]", "Forbidden: static pods do not support ephemeral containers"]]]);
  expect(refused.body.message).toBe('Pod "eph-static" is invalid: []: Forbidden: static pods do not support ephemeral containers');
  // Not on create.
  const created = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "eph-new" }, spec: { containers: [{ name: "c", image: "x" }], ephemeralContainers: [{ name: "dbg", image: "busybox" }] } });
  expect([created.status, causes(created)]).toEqual([422, [[FORBIDDEN, "spec.ephemeralContainers", "Forbidden: cannot be set on create"]]]);
}
