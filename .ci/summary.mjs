// Reads the test reports of each tier and prints one line per tier, the flaky count, and one closing line:
// "ci: N passed, N failed, N skipped". A test that passed only on a retry counts as passed AND as flaky: a flake is
// a bug to fix, so it is shown, never hidden.
import { existsSync, readFileSync } from "node:fs";

const [status, seconds] = process.argv.slice(2);
const dir = ".tmp/reports";
const read = (name) => (existsSync(`${dir}/${name}`) ? JSON.parse(readFileSync(`${dir}/${name}`, "utf8")) : undefined);

/** Vitest's JSON report, plus the names our flaky reporter wrote beside it. */
function vitest(name) {
  const r = read(`${name}.json`);
  if (!r) return undefined;
  const flaky = read(`${name}-flaky.json`)?.flaky ?? [];
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0),
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    flaky,
  };
}

/** Playwright's JSON report; `flaky` there means "failed, then passed on a retry". */
function playwright(name) {
  const r = read(`${name}.json`);
  if (!r) return undefined;
  const flaky = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) if (test.status === "flaky") flaky.push(`${spec.file} > ${[...path, spec.title].join(" ")}`);
    }
    for (const child of suite.suites ?? []) walk(child, suite.title && !suite.title.endsWith(".ts") ? [...path, suite.title] : path);
  };
  for (const suite of r.suites ?? []) walk(suite, []);
  return {
    passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
    failed: r.stats?.unexpected ?? 0,
    skipped: r.stats?.skipped ?? 0,
    flaky,
  };
}

const add = (a, b) => (b ? { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped, flaky: [...a.flaky, ...b.flaky] } : a);
const zero = { passed: 0, failed: 0, skipped: 0, flaky: [] };
const tiers = {
  // The simulator tier: unit tests, integration tests against the simulators, browser tests against the simulators.
  sim: [vitest("unit"), playwright("e2e")],
  // The real tier: integration tests against a real control plane and a real Ollama, plus the browser smoke on them.
  real: [vitest("real"), vitest("real-manifests"), vitest("real-ollama"), playwright("e2e-real")],
};

let total = zero;
for (const [name, reports] of Object.entries(tiers)) {
  if (reports.every((r) => r === undefined)) {
    console.log(`${name}: did not run`);
    continue;
  }
  const t = reports.reduce(add, zero);
  console.log(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  total = add(total, t);
}
for (const name of total.flaky) console.log(`ci: flaky (passed only on a retry): ${name}`);
console.log(`flaky: ${total.flaky.length}`);
let failed = total.failed;
if (status !== "0" && failed === 0) failed = 1; // lint, typecheck or a crashed runner: still a failure
console.log(`ci: finished in ${seconds}s with exit code ${status}`);
console.log(`ci: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
