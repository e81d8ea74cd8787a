// .ci/summary.mjs against real reports: Vitest and Playwright each run a fixture with a test that fails once and
// passes on its retry (as CI runs them: retry 1, the JSON reporters, our flaky reporter), and the summary must count
// it as passed AND as flaky, name it, and count every other outcome once.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { summarize } from "../../.ci/summary.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));
const summary = summarize as (dir: string, status: number | string, seconds: number | string) => string[];
let dir: string;

/** Runs a test runner's CLI with this Node (never a `node` found on PATH) and the fixture's config. */
function run(cli: string, args: string[]): void {
  const env = { ...process.env, FIXTURE_REPORTS: dir, CI: "" };
  const r = spawnSync(process.execPath, [join(ROOT, cli), ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  // Both runs have failing fixture tests, so a non-zero exit is expected; a crash before the report is not.
  if (r.error) throw r.error;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ci-summary-"));
  run("node_modules/vitest/vitest.mjs", ["run", "--config", join(FIXTURES, "vitest.fixture.config.ts")]);
  run("node_modules/@playwright/test/cli.js", ["test", "--config", join(FIXTURES, "playwright.fixture.config.ts")]);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(".ci/summary.mjs", () => {
  it("counts a retried pass as passed and as flaky, from both Vitest and Playwright, and names each", () => {
    const lines = summary(dir, 1, 12);
    // Vitest: 2 passed (one after its retry), 1 failed test + 1 file that failed to load, 1 skipped.
    // Playwright: 2 passed (one after its retry), 1 failed, 1 skipped.
    expect(lines).toEqual([
      "sim: 4 passed, 3 failed, 2 skipped",
      "real: did not run",
      "ci: flaky (passed only on a retry): tests/ci/fixtures/retried.vitest.ts > a group > fails once, then passes on the retry",
      "ci: flaky (passed only on a retry): retried.pw.ts > a group > fails once, then passes on the retry [fixture]",
      "flaky: 2",
      "ci: finished in 12s with exit code 1",
      "ci: 4 passed, 3 failed, 2 skipped",
    ]);
  });

  it("prints the same through the command line CI runs", () => {
    const r = spawnSync(process.execPath, [join(ROOT, ".ci/summary.mjs"), "1", "12"], { cwd: ROOT, env: { ...process.env, CI_REPORTS_DIR: dir }, encoding: "utf8" });
    expect(r.stdout.trim().split("\n")).toEqual(summary(dir, 1, 12));
  });

  it("says when the flaky list is missing instead of counting retried passes as plain ones", () => {
    unlinkSync(join(dir, "unit-flaky.json"));
    const lines = summary(dir, 1, 12);
    expect(lines).toContain("ci: warning: unit-flaky.json is missing, so retried passes of that run cannot be counted");
    expect(lines).toContain("flaky: 1");
  });

  it("a failed command is a failure even when every report passed", () => {
    expect(summary(join(dir, "no-reports"), 2, 1).at(-1)).toBe("ci: 0 passed, 1 failed, 0 skipped");
  });
});
