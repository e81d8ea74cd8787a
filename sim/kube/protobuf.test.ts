import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.ts";
import { MESSAGES } from "./protobuf-messages.ts";
import { encodeObject, intField as encodeInt, lengthField, varint } from "../../tests/support/protobuf-encode.ts";
import { asStored, protobufCases } from "../../tests/support/protobuf-objects.ts";
import { decodeMessage, decodeObject, referencedTypes } from "./protobuf.ts";
import { defForKind } from "./resources.ts";
import { ObjectStore } from "./store.ts";
import { prepareCreate } from "./strategy.ts";

// Hand-built bodies below, from the shared encoder's field helpers.
const bytesField = (n: number, value: string | Buffer) => lengthField(n, Buffer.from(value));
const intField = (n: number, value: number | bigint) => encodeInt(n, BigInt(value));
const msg = (...fields: Buffer[]) => Buffer.concat(fields);
const envelope = (kind: string, raw: Buffer) => Buffer.concat([Buffer.from("k8s\0", "latin1"), bytesField(1, msg(bytesField(1, "v1"), bytesField(2, kind))), bytesField(2, raw)]);

function rejection(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("decoded");
}

describe("protobuf decoding", () => {
  it("has a table for every message a table refers to", () => {
    expect(referencedTypes().filter((t) => !MESSAGES[t])).toEqual([]);
  });

  it("reads zeros as Go writes them: a value field's zero is unset, a pointer's is kept, a field without omitempty is always there", () => {
    // Container: name "" (no omitempty), image "" (omitempty), stdin false (value), resources absent (a struct);
    // ContainerPort: containerPort 0 (no omitempty); SecurityContext: privileged false (a pointer).
    const container = msg(bytesField(1, ""), bytesField(2, ""), intField(16, 0), bytesField(6, msg(intField(3, 0))), bytesField(15, msg(intField(2, 0))));
    expect(decodeMessage("Container", container)).toEqual({ name: "", ports: [{ containerPort: 0 }], securityContext: { privileged: false }, resources: {} });
  });

  it("reads maps, bytes, quantities, int-or-strings, times, negative and packed integers", () => {
    const entry = (k: string, v: Buffer | string) => msg(bytesField(1, k), bytesField(2, v));
    const quantity = (q: string) => msg(bytesField(1, q));
    expect(decodeMessage("ConfigMap", msg(bytesField(2, entry("a", "b")), bytesField(3, entry("bin", Buffer.from([0xff, 0, 1])))))).toEqual({
      metadata: {},
      data: { a: "b" },
      binaryData: { bin: "/wAB" },
    });
    expect(decodeMessage("ResourceRequirements", bytesField(1, entry("cpu", quantity("500m"))))).toEqual({ limits: { cpu: "500m" } });
    const rolling = msg(bytesField(1, msg(intField(1, 1), bytesField(3, "25%"))), bytesField(2, msg(intField(1, 0), intField(2, 2))));
    expect(decodeMessage("RollingUpdateDeployment", rolling)).toEqual({ maxUnavailable: "25%", maxSurge: 2 });
    expect(decodeMessage("ObjectMeta", msg(bytesField(9, msg(intField(1, 1_700_000_000))), intField(10, -1n)))).toEqual({ deletionTimestamp: "2023-11-14T22:13:20Z", deletionGracePeriodSeconds: -1 });
    expect(decodeMessage("PodSecurityContext", bytesField(4, Buffer.concat([varint(1000n), varint(2000n)])))).toEqual({ supplementalGroups: [1000, 2000] });
  });

  it("lends an inline struct's fields to its parent", () => {
    const volume = msg(bytesField(1, "data"), bytesField(2, bytesField(10, msg(bytesField(1, "claim")))));
    expect(decodeMessage("Volume", volume)).toEqual({ name: "data", persistentVolumeClaim: { claimName: "claim" } });
  });

  it("reads a Pod's in-tree, network and ephemeral volume sources", () => {
    const secretRef = { name: "s" };
    const volumes = [
      { name: "gce", gcePersistentDisk: { pdName: "d", fsType: "ext4", partition: 1, readOnly: true } },
      { name: "aws", awsElasticBlockStore: { volumeID: "vol-1" } },
      { name: "nfs", nfs: { server: "10.0.0.1", path: "/export" } },
      { name: "iscsi", iscsi: { targetPortal: "10.0.0.2:3260", iqn: "iqn.2001-04.com.example:disk", lun: 0, portals: ["10.0.0.3:3260"], secretRef, initiatorName: "iqn.x" } },
      { name: "rbd", rbd: { monitors: ["10.0.0.4:6789"], image: "img", pool: "rbd", secretRef } },
      { name: "ceph", cephfs: { monitors: ["10.0.0.5:6789"], path: "/" } },
      { name: "fc", fc: { targetWWNs: ["500a0982991b8dc5"], lun: 0 } },
      { name: "flex", flexVolume: { driver: "example/flex", options: { a: "b" } } },
      { name: "azure", azureDisk: { diskName: "d", diskURI: "https://x/d", readOnly: false } },
      { name: "csi", csi: { driver: "example.csi", volumeAttributes: { size: "1" } } },
      { name: "eph", ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: "b" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } } },
      { name: "img", image: { reference: "busybox:1.36", pullPolicy: "IfNotPresent" } },
    ];
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "volumes" }, spec: { containers: [{ name: "c", image: "x" }], volumes } };
    expect(decodeObject(encodeObject(pod), "Pod")).toMatchObject({ spec: { volumes } });
  });

  it("answers 415 naming the message and field it cannot decode, and skips an unknown field that holds only a zero", () => {
    const pod = (volume: Buffer) => envelope("Pod", msg(bytesField(1, bytesField(1, "p")), bytesField(2, bytesField(1, volume))));
    // VolumeSource field 31, which v0.34 does not have.
    expect(rejection(() => decodeObject(pod(msg(bytesField(1, "v"), bytesField(2, bytesField(31, bytesField(1, "disk"))))), "Pod"))).toEqual({
      code: 415,
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the simulator cannot decode field 31 of a protobuf VolumeSource; send this object as JSON)",
    });
    expect(decodeObject(pod(msg(bytesField(1, "v"), intField(99, 0), bytesField(2, bytesField(1, bytesField(1, "/"))))), "Pod")).toMatchObject({
      apiVersion: "v1",
      kind: "Pod",
      spec: { volumes: [{ name: "v", hostPath: { path: "/" } }] },
    });
    expect(rejection(() => decodeObject(envelope("VolumeSnapshot", msg()), "VolumeSnapshot")).message).toMatch(/\(the simulator cannot decode a protobuf VolumeSnapshot; send it as JSON\)$/);
    expect(rejection(() => decodeObject(envelope("Pod", msg()), "ConfigMap")).code).toBe(415);
  });

  it("answers 415 to a protobuf time beyond what it can write, rather than failing with 500", () => {
    // ObjectMeta field 8 is creationTimestamp: Time {1: seconds}.
    const pod = envelope("Pod", msg(bytesField(1, msg(bytesField(1, "p"), bytesField(8, intField(1, 2n ** 62n))))));
    expect(rejection(() => decodeObject(pod, "Pod"))).toEqual({
      code: 415,
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the simulator cannot decode field 8 of a protobuf ObjectMeta; send this object as JSON)",
    });
  });

  it("decodes a protobuf ReplicaSet", () => {
    const rs = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs" },
      spec: { replicas: 2, minReadySeconds: 5, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
    };
    expect(decodeObject(encodeObject(rs), "ReplicaSet")).toMatchObject(rs);
  });

  it("reads a status sent to the status subresource, and answers 415 to a protobuf body for another subresource", () => {
    const status = msg(bytesField(1, "Running"), bytesField(8, msg(bytesField(1, "c"), intField(4, 1), intField(5, 2), bytesField(6, "x"), bytesField(7, ""))));
    expect(decodeObject(envelope("Pod", msg(bytesField(1, bytesField(1, "p")), bytesField(3, status))), "Pod", "status")).toMatchObject({
      status: { phase: "Running", containerStatuses: [{ name: "c", ready: true, restartCount: 2, image: "x", imageID: "", state: {}, lastState: {} }] },
    });
    expect(rejection(() => decodeObject(envelope("Pod", msg(bytesField(1, bytesField(1, "p")))), "Pod", "ephemeralcontainers"))).toEqual({
      code: 415,
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the simulator cannot decode a protobuf Pod sent to its ephemeralcontainers subresource; send it as JSON)",
    });
  });

  it.each(protobufCases("ns", "x").map((c) => [c.sent.kind, c] as const))("stores a protobuf %s through the create path as the real server stored it", (_kind, c) => {
    const body = decodeObject(encodeObject(c.sent), c.sent.kind);
    const def = defForKind(c.sent.kind);
    const stored = new ObjectStore().create(prepareCreate(def, body, def.namespaced ? "ns" : undefined));
    expect(asStored(stored)).toEqual(c.stored);
  });
});
