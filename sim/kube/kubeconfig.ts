// Writes a kubeconfig that points kubectl and client-node at the simulator.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

/** Options for the generated kubeconfig. */
export interface KubeconfigOptions {
  namespace?: string;
  token?: string;
  context?: string;
}

/** The kubeconfig YAML for a server URL: cluster `sim`, user `ollama-ops` with a bearer token, context `sim`. */
export function kubeconfigYaml(server: string, options: KubeconfigOptions = {}): string {
  const context = options.context ?? "sim";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    // client-node 2.x refuses plain http:// unless the cluster skips TLS verification (there is no TLS to verify).
    clusters: [{ name: "sim", cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: "ollama-ops", user: { token: options.token ?? "sim-token" } }],
    contexts: [{ name: context, context: { cluster: "sim", user: "ollama-ops", namespace: options.namespace ?? "ollama" } }],
    "current-context": context,
    preferences: {},
  });
}

/** Writes the kubeconfig to `path` (creating its directory) and returns the path. */
export async function writeKubeconfig(path: string, server: string, options: KubeconfigOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigYaml(server, options), { mode: 0o600 });
  return path;
}
