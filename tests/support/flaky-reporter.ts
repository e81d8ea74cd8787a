// Vitest reporter for CI: records the tests that passed only on a retry, which the JSON reporter counts as plain passes.
// .ci/summary.mjs reads the file and prints the count, so a flake is visible instead of hidden by `retry`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Reporter, TestCase } from "vitest/node";

export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  private readonly outputFile: string;

  constructor(outputFile = ".tmp/reports/unit-flaky.json") {
    this.outputFile = outputFile;
  }

  onTestCaseResult(test: TestCase): void {
    const diagnostic = test.diagnostic();
    if (diagnostic?.flaky) this.flaky.push(`${test.module.moduleId.replace(`${process.cwd()}/`, "")} > ${test.fullName}`);
  }

  onTestRunEnd(): void {
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify({ flaky: this.flaky }, null, 2));
  }
}
