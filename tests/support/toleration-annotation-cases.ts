// The tolerations annotation of a Pod or a pod template (scheduler.alpha.kubernetes.io/tolerations), as
// kube-apiserver v1.34.4 checks it: when not empty it is decoded by Go's encoding/json into the internal
// []core.Toleration, whose fields have no JSON tags (so keys match Go's field names without regard to case), and the
// decoder's own error is quoted under metadata.annotations; what decodes is checked as spec.tolerations are, under the
// annotation's key. Called from wire-null-cases.ts, so it runs on the real control plane
// (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import { type Cause, INVALID, QUALIFIED, UNSUPPORTED } from "./volume-source-cases.ts";
import { expectRefused } from "./metadata-validation-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

const KEY = "scheduler.alpha.kubernetes.io/tolerations";
const AT = `metadata.annotations.${KEY}`;
const EMPTY_KEY = 'operator must be Exists when `key` is empty, which means "match all values and all keys"';

/** Annotation values Go's decoder refuses, each with the error it gives. */
const UNDECODABLE: [string, string][] = [
  ["[", "unexpected end of JSON input"],
  ["x", "invalid character 'x' looking for beginning of value"],
  // A non-ASCII byte is named as the Latin-1 character of its value: "é" is 0xC3 0xA9.
  ["[é]", "invalid character 'Ã' looking for beginning of value"],
  ['{"a":1}x', "invalid character 'x' after top-level value"],
  ['[{"key" 1}]', "invalid character '1' after object key"],
  ['[{"key":1 "x":2}]', "invalid character '\"' after object key:value pair"],
  ["[{'key':1}]", "invalid character '\\'' looking for beginning of object key string"],
  ['[{"key":"\\q"}]', "invalid character 'q' in string escape code"],
  ['["a\u0001"]', "invalid character '\\x01' in string literal"],
  ["[1 2]", "invalid character '2' after array element"],
  // At the end of the input the scanner is handed a space, which only a number or a literal refuses.
  ["[1.", "invalid character ' ' after decimal point in numeric literal"],
  ["[tru", "invalid character ' ' in literal true (expecting 'e')"],
  // Nesting deeper than 10,000 is refused at the bracket that goes past it.
  ["[".repeat(10_001), "invalid character '[' exceeded max depth"],
  ["{}", "json: cannot unmarshal object into Go value of type []core.Toleration"],
  ['"s"', "json: cannot unmarshal string into Go value of type []core.Toleration"],
  // Only the first wrong value is told, though decoding goes on.
  ['[5, "x"]', "json: cannot unmarshal number into Go value of type core.Toleration"],
  ["[true]", "json: cannot unmarshal bool into Go value of type core.Toleration"],
  ['[{"key":1,"key":"k"}]', "json: cannot unmarshal number into Go struct field Toleration.Key of type string"],
  ['[{"operator":[]}]', "json: cannot unmarshal array into Go struct field Toleration.Operator of type core.TolerationOperator"],
  ['[{"EFFECT":{"a":1}}]', "json: cannot unmarshal object into Go struct field Toleration.Effect of type core.TaintEffect"],
  ['[{"tolerationSeconds":"5"}]', "json: cannot unmarshal string into Go struct field Toleration.TolerationSeconds of type int64"],
  ['[{"tolerationSeconds":1.5}]', "json: cannot unmarshal number 1.5 into Go struct field Toleration.TolerationSeconds of type int64"],
  ['[{"tolerationSeconds":1e3}]', "json: cannot unmarshal number 1e3 into Go struct field Toleration.TolerationSeconds of type int64"],
  ['[{"tolerationSeconds":9223372036854775808}]', "json: cannot unmarshal number 9223372036854775808 into Go struct field Toleration.TolerationSeconds of type int64"],
];

/** Annotation values that decode and are then checked as tolerations are, each with real's causes. */
const DECODED_BAD: [string, Cause[]][] = [
  ['[{"key":"a","operator":"Exists","value":"b"}]', [[INVALID, `${AT}[0].operator`, "Invalid value: \"b\": value must be empty when `operator` is 'Exists'"]]],
  // Keys are Go's field names matched without regard to case (the Kelvin sign folds to K); unknown keys are ignored.
  [
    '[{"\u212aEY":"bad key","OpErAtOr":"Sometimes","effect":"Often","unknown":{"x":[1]}}]',
    [
      [INVALID, `${AT}[0].key`, `Invalid value: "bad key": ${QUALIFIED}`],
      [UNSUPPORTED, `${AT}[0].operator`, 'Unsupported value: "Sometimes": supported values: "Equal", "Exists"'],
      [UNSUPPORTED, `${AT}[0].effect`, 'Unsupported value: "Often": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ],
  ],
  // The long s (U+017F) folds to S, so this key is TolerationSeconds; null leaves a field as it was.
  [
    '[null, {"key":"k","tolerationſeconds":5,"effect":null}]',
    [
      [INVALID, `${AT}[0].operator`, `Invalid value: "": ${EMPTY_KEY}`],
      [INVALID, `${AT}[1].effect`, "Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ],
  ],
];

/**
 * Values that are taken: empty (not checked), null, an empty list, good tolerations spelt loosely. A dotless ı does
 * not fold to i, so the last one's tolerationSeconds is an unknown key, ignored (else its empty effect is refused).
 */
const GOOD = ["", "null", " [ ] ", '[{"Key":"k","VALUE":"v","effect":"NoExecute","tolerationSeconds":-5},{"operator":"Exists","tolerationSeconds":null}]', '[{"key":"k","toleratıonSeconds":5}]'];

const pod = (name: string, annotation: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, annotations: { [KEY]: annotation } }, spec: { schedulerName: "none", containers: [{ name: "c", image: "x" }] } });

export async function checkTolerationAnnotation(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  for (const [i, [value, error]] of UNDECODABLE.entries()) {
    await expectRefused(target, "POST", pods, "Pod", `tol-json-${i}`, pod(`tol-json-${i}`, value), [[INVALID, "metadata.annotations", `Invalid value: "${KEY}": ${error}`]]);
  }
  for (const [i, [value, causes]] of DECODED_BAD.entries()) await expectRefused(target, "POST", pods, "Pod", `tol-bad-${i}`, pod(`tol-bad-${i}`, value), causes);
  for (const [i, value] of GOOD.entries()) {
    const created = await target.send("POST", pods, pod(`tol-good-${i}`, value));
    expect([created.status, (created.body.metadata as { annotations?: unknown } | undefined)?.annotations]).toEqual([201, { [KEY]: value }]);
  }
  // A workload's pod template is checked the same way, under its own annotations.
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "tol-template" },
    spec: { replicas: 0, selector: { matchLabels: { app: "t" } }, template: { metadata: { labels: { app: "t" }, annotations: { [KEY]: '[{"key":"k"},{"operator":"Exists","value":"v"}' } }, spec: { containers: [{ name: "c", image: "x" }] } } },
  };
  await expectRefused(target, "POST", `/apis/apps/v1/namespaces/${ns}/deployments`, "Deployment.apps", "tol-template", deployment, [
    [INVALID, "spec.template.annotations", `Invalid value: "${KEY}": unexpected end of JSON input`],
  ]);
}
