// Reads the unit and browser test reports and prints one closing line: "ci: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

const [status, seconds] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const unit = ".tmp/reports/unit.json";
if (existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
const e2e = ".tmp/reports/e2e.json";
if (existsSync(e2e)) {
  const r = JSON.parse(readFileSync(e2e, "utf8"));
  passed += (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0);
  failed += r.stats?.unexpected ?? 0;
  skipped += r.stats?.skipped ?? 0;
}
if (status !== "0" && failed === 0) failed = 1; // lint, typecheck or a crashed runner: still a failure
console.log(`ci: finished in ${seconds}s with exit code ${status}`);
console.log(`ci: ${passed} passed, ${failed} failed, ${skipped} skipped`);
