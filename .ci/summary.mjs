// Reads the test reports of each tier and prints one line per tier, the flaky count, and one closing line:
// "ci: N passed, N failed, N skipped". A test that passed only on a retry counts as passed AND as flaky: a flake is
// a bug to fix, so it is shown, never hidden. tests/ci-summary.test.ts runs real Vitest and Playwright reports of a
// fixture that fails once and then passes through this file.
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** Reads `<dir>/<name>` as JSON, or undefined when that report was not written. */
const reader = (dir) => (name) => (existsSync(`${dir}/${name}`) ? JSON.parse(readFileSync(`${dir}/${name}`, "utf8")) : undefined);

/** Vitest's JSON report, plus the names our flaky reporter (tests/support/flaky-reporter.ts) wrote beside it. */
function vitest(read, name) {
  const r = read(`${name}.json`);
  if (!r) return undefined;
  const files = r.testResults ?? [];
  // A file that failed with no failed test (an import error, a failing beforeAll or afterAll) is one failure; Vitest's
  // numFailedTestSuites also counts every describe block around a failed test, so it cannot be added as it is.
  const brokenFiles = files.filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
  const flakyReport = read(`${name}-flaky.json`);
  return {
    passed: r.numPassedTests ?? 0,
    failed: (r.numFailedTests ?? 0) + brokenFiles,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    flaky: flakyReport?.flaky ?? [],
    // Without the flaky reporter's file a retried pass would look like a plain one: say so instead.
    missing: flakyReport ? [] : [`${name}-flaky.json`],
  };
}

/** Playwright's JSON report; `flaky` there means "failed, then passed on a retry". */
function playwright(read, name) {
  const r = read(`${name}.json`);
  if (!r) return undefined;
  const flaky = [];
  const walk = (suite, path, top) => {
    // The top-level suites are files; the ones below are describe blocks, whose titles belong in the test's name.
    const here = top || !suite.title ? path : [...path, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "flaky") flaky.push(`${spec.file} > ${[...here, spec.title].join(" > ")}${test.projectName ? ` [${test.projectName}]` : ""}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here, false);
  };
  for (const suite of r.suites ?? []) walk(suite, [], true);
  return {
    passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
    // Errors outside any test (a web server that never started, a broken config) are failures too.
    failed: (r.stats?.unexpected ?? 0) + (r.errors?.length ?? 0),
    skipped: r.stats?.skipped ?? 0,
    flaky,
    missing: [],
  };
}

const add = (a, b) =>
  b ? { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped, flaky: [...a.flaky, ...b.flaky], missing: [...a.missing, ...b.missing] } : a;
const zero = { passed: 0, failed: 0, skipped: 0, flaky: [], missing: [] };

/** The summary's lines for the reports in `dir`, given the exit status of the test command and its duration. */
export function summarize(dir, status, seconds) {
  const read = reader(dir);
  const tiers = {
    // The simulator tier: unit tests, integration tests against the simulators, browser tests against the simulators.
    sim: [vitest(read, "unit"), playwright(read, "e2e")],
    // The real tier: integration tests against a real control plane and a real Ollama, plus the browser smoke on them.
    real: [vitest(read, "real"), vitest(read, "real-manifests"), vitest(read, "real-ollama"), playwright(read, "e2e-real")],
  };
  const lines = [];
  let total = zero;
  for (const [name, reports] of Object.entries(tiers)) {
    if (reports.every((r) => r === undefined)) {
      lines.push(`${name}: did not run`);
      continue;
    }
    const t = reports.reduce(add, zero);
    lines.push(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
    total = add(total, t);
  }
  for (const name of total.flaky) lines.push(`ci: flaky (passed only on a retry): ${name}`);
  for (const name of total.missing) lines.push(`ci: warning: ${name} is missing, so retried passes of that run cannot be counted`);
  lines.push(`flaky: ${total.flaky.length}`);
  let failed = total.failed;
  if (String(status) !== "0" && failed === 0) failed = 1; // lint, typecheck or a crashed runner: still a failure
  lines.push(`ci: finished in ${seconds}s with exit code ${status}`);
  lines.push(`ci: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [status, seconds] = process.argv.slice(2);
  for (const line of summarize(process.env.CI_REPORTS_DIR ?? ".tmp/reports", status, seconds)) console.log(line);
}
