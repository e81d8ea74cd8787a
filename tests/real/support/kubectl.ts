// kubectl against the real tier's cluster, for the suites that check what the cluster itself did: one private HOME
// and cache folder per suite (removed after it), the cluster's kubeconfig from the global setup, no KUBECONFIG leak.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RealKubectl {
  /** kubectl with these arguments; resolves with its exit code and output, never rejects. */
  kubectl: (...args: string[]) => Promise<KubectlResult>;
  /** `kubectl … -o json`, parsed; throws kubectl's stderr when it fails. */
  json: <T>(...args: string[]) => Promise<T>;
  /** The control endpoint of tests/real/global-setup.ts (stop/start the API server, compact etcd…). */
  control: () => string;
  /** The folder of this suite (HOME for kubectl), for files a test writes. */
  dir: () => string;
}

/** Registers the suite's beforeAll/afterAll and returns kubectl bound to the real cluster. Call at a file's top level. */
export function realKubectl(): RealKubectl {
  let dir = "";
  let kubeconfig = "";
  let control = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "real-cluster-"));
    ({ kubeconfig, control } = inject("realCluster"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const kubectl = (...args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), ...args], { env: { ...process.env, HOME: dir, KUBECONFIG: "" }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  return {
    kubectl,
    json: async <T>(...args: string[]): Promise<T> => {
      const r = await kubectl(...args, "-o", "json");
      if (r.code !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout) as T;
    },
    control: () => control,
    dir: () => dir,
  };
}
