// The point of the contracts: a field the server renames fails typecheck in the browser's code. Compiles the Pods widget
// (browser) and its route (server) with the TypeScript compiler, once as they are and once with `restarts` renamed in
// the route's contract, and expects errors in the widget only for the renamed one.
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const CONTRACT = resolve(ROOT, "lib/shared/contracts/overview.ts");
const CLIENT = resolve(ROOT, "components/overview/pods-table.tsx");
const SERVER = resolve(ROOT, "app/api/overview/pods/route.ts");

const parsed = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, "tsconfig.json"), { incremental: false, noEmit: true }, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
});
if (!parsed) throw new Error("tsconfig.json unreadable");

/** Diagnostics of compiling the widget and the route, with `edit` applied to the contract's source. */
function typecheck(edit: (source: string) => string, oldProgram?: ts.Program): { program: ts.Program; errors: { file: string; text: string }[] } {
  const host = ts.createCompilerHost(parsed!.options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = read(file);
    return resolve(file) === CONTRACT && text !== undefined ? edit(text) : text;
  };
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, onError, create) => {
    if (resolve(file) !== CONTRACT) return getSource(file, version, onError, create);
    return ts.createSourceFile(file, edit(read(file) ?? ""), version);
  };
  const program = ts.createProgram({ rootNames: [CLIENT, SERVER], options: parsed!.options, host, oldProgram });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file ? resolve(d.file.fileName).slice(ROOT.length + 1) : "(global)",
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  return { program, errors };
}

const RENAME = /(export const podsResponse = z\.object\(\{ pods: z\.array\(podRow\), )restarts:/;

describe("response contracts bind the browser to the server", () => {
  it("fails typecheck in the browser's widget when the route's contract renames a field, and passes as it is", () => {
    expect(RENAME.test(ts.sys.readFile(CONTRACT) ?? ""), "the rename still finds the field to rename").toBe(true);
    const original = typecheck((s) => s);
    expect(original.errors).toEqual([]);

    const renamed = typecheck((s) => s.replace(RENAME, "$1restartHistory:"), original.program);
    const inWidget = renamed.errors.filter((e) => e.file === "components/overview/pods-table.tsx");
    expect(inWidget.length, JSON.stringify(renamed.errors, null, 1)).toBeGreaterThan(0);
    expect(inWidget.map((e) => e.text).join("\n")).toMatch(/Property 'restarts' does not exist/);
    // The server that still answers `restarts` no longer fits the contract either.
    expect(renamed.errors.some((e) => e.file.startsWith("lib/features/overview/") || e.file.startsWith("app/api/overview/"))).toBe(true);
  }, 300_000);
});
