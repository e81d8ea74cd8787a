// Quantities kube-apiserver v1.34 refuses, found against a real one: its JSON decoder answers 400 for text it cannot
// read as a Quantity, and validation 422 for a negative value or a request above (or, for a resource that cannot be
// overcommitted, other than) its limit. tests/real/kube-protobuf.test.ts posts each to the real server and
// tests/integration/kube-sim-fidelity.test.ts to the simulator; both must answer the same Status.
import { expect } from "vitest";

interface Refusal {
  what: string;
  /** The collection to POST to and the JSON object sent. */
  path: string;
  body: Record<string, unknown>;
  /** The whole Status answered. */
  status: Record<string, unknown>;
}

const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX = "unable to parse quantity's suffix";

const pod = (resources: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "bad-quantity" }, spec: { containers: [{ name: "c", image: "x", resources }] } });
const deployment = (resources: Record<string, unknown>) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "bad-quantity" },
  spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "x", resources }] } } },
});

const badRequest = (kind: string, error: string) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `${kind} in version "v1" cannot be handled as a ${kind}: ${error}`, reason: "BadRequest", code: 400 });

/** 422 for one object with its field errors ([field, message] in the server's order). */
function invalid(kind: string, errors: [string, string][]): Record<string, unknown> {
  const parts = errors.map(([field, message]) => `${field}: ${message}`);
  const group = kind === "Deployment" ? { group: "apps" } : {};
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${kind === "Deployment" ? "Deployment.apps" : kind} "bad-quantity" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`}`,
    reason: "Invalid",
    details: { name: "bad-quantity", ...group, kind, causes: errors.map(([field, message]) => ({ reason: "FieldValueInvalid", message, field })) },
    code: 422,
  };
}

const PODS = "/api/v1/namespaces/<ns>/pods";
const DEPLOYMENTS = "/apis/apps/v1/namespaces/<ns>/deployments";
const C = "spec.containers[0].resources";

export const INVALID_QUANTITY_CASES: Refusal[] = [
  { what: "a word as a CPU request", path: PODS, body: pod({ requests: { cpu: "abc" } }), status: badRequest("Pod", FORMAT) },
  { what: "two decimal points", path: PODS, body: pod({ requests: { memory: "1.5.3" } }), status: badRequest("Pod", FORMAT) },
  { what: "an exponent without digits", path: PODS, body: pod({ limits: { cpu: "1e" } }), status: badRequest("Pod", SUFFIX) },
  { what: "an unknown unit in a pod template", path: DEPLOYMENTS, body: deployment({ limits: { memory: "1Z" } }), status: badRequest("Deployment", FORMAT) },
  { what: "a negative CPU request", path: PODS, body: pod({ requests: { cpu: "-1" } }), status: invalid("Pod", [[`${C}.requests[cpu]`, 'Invalid value: "-1": must be greater than or equal to 0']]) },
  {
    what: "a negative memory limit, copied to the request and shown canonical",
    path: PODS,
    body: pod({ limits: { memory: "-0.5Gi" } }),
    status: invalid("Pod", [
      [`${C}.limits[memory]`, 'Invalid value: "-512Mi": must be greater than or equal to 0'],
      [`${C}.requests[memory]`, 'Invalid value: "-512Mi": must be greater than or equal to 0'],
    ]),
  },
  { what: "a request above its limit", path: PODS, body: pod({ requests: { cpu: "2" }, limits: { cpu: "1500m" } }), status: invalid("Pod", [[`${C}.requests`, 'Invalid value: "2": must be less than or equal to cpu limit of 1500m']]) },
  { what: "a GPU request below its limit", path: PODS, body: pod({ requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "2" } }), status: invalid("Pod", [[`${C}.requests`, 'Invalid value: "1": must be equal to nvidia.com/gpu limit of 2']]) },
  {
    what: "a negative memory limit in a pod template",
    path: DEPLOYMENTS,
    body: deployment({ limits: { memory: "-1Gi" } }),
    status: invalid("Deployment", [[`spec.template.${C}.limits[memory]`, 'Invalid value: "-1Gi": must be greater than or equal to 0']]),
  },
];

/** Posts each case as JSON in `namespace`: each must be answered with its Status, and nothing stored. */
export async function checkInvalidQuantities(post: (path: string, body: unknown) => Promise<{ status: number; body: unknown }>, namespace: string): Promise<void> {
  for (const c of INVALID_QUANTITY_CASES) {
    const res = await post(c.path.replace("<ns>", namespace), c.body);
    expect({ status: res.status, body: res.body }, c.what).toEqual({ status: c.status.code, body: c.status });
  }
}
