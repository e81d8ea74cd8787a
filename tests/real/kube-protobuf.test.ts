// kubectl's protobuf creates on the real kube-apiserver v1.34, read back with kubectl: the same cases and expectations
// as the simulator's (tests/support/kubectl-proto-cases.ts).
import { describe, expect, it, vi } from "vitest";
import { checkKubectlProtobufCreates } from "../support/kubectl-proto-cases.ts";
import { realKubectl } from "./support/kubectl.ts";

const { kubectl } = realKubectl();

describe("kubectl's protobuf creates on a real control plane", () => {
  it("stores each as the shared cases expect, with the server's defaults, allocations and admission", async () => {
    await checkKubectlProtobufCreates({
      kubectl,
      async podsAllowed(namespace) {
        await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", namespace)).code).toBe(0), { timeout: 20_000, interval: 200 });
      },
    });
  }, 180_000);
});
