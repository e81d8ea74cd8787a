// The real tier's cluster as tools/realstack/kubeapi.ts takes it: server, CA and the admin token from the kubeconfig
// the global setup wrote (tests/real/global-setup.ts).
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { parse } from "yaml";
import type { KubeConn } from "../../../tools/realstack/kubeapi.ts";

export function realConnection(): KubeConn {
  const kc = parse(readFileSync(inject("realCluster").kubeconfig, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kc.clusters[0]?.cluster;
  return { server: cluster?.server ?? "", ca: Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64").toString(), token: kc.users[0]?.user.token ?? "" };
}
