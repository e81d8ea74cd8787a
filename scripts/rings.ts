// Moves lib/ into three rings (issue 18): lib/doors/<system>, lib/features/<feature>, lib/shared. Run from the repo root:
//   node scripts/rings.ts --dry-run   prints the old → new mapping and the rewrites, changes nothing
//   node scripts/rings.ts             applies it: `git mv` every file, then rewrites every import specifier in the repo
// The rules are folder and pattern based, so files other branches add later follow their folder; a file no rule maps
// stops the script with its name. A second run finds nothing to move and changes nothing. See README "Code shape".
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = process.cwd();
const DRY = process.argv.includes("--dry-run");
const RINGS = /^lib\/(doors|features|shared)\//;

/**
 * First match wins; `$1` is the rest of the path. Tests follow their subject (`x.test.ts` goes where `x.ts` goes), so
 * every rule is written for the subject. Shared = browser-safe (no `server-only`, no server imports: checked below).
 */
const RULES: [RegExp, string][] = [
  // shared: browser-safe types, formatting, the name grammars, the wire helpers and the API contracts.
  [/^lib\/contracts\/(.+)$/, "lib/shared/contracts/$1"],
  [/^lib\/format\.ts$/, "lib/shared/format.ts"],
  [/^lib\/cluster\/wire\.ts$/, "lib/shared/kubernetes/wire.ts"],
  [/^lib\/ollama\/names\.ts$/, "lib/shared/ollama/names.ts"],
  [/^lib\/(audit|exposure|keys|logs|overview|snapshots|pulls|models|disk|auth|metrics)\/types\.ts$/, "lib/shared/$1/types.ts"],
  [/^lib\/audit\/filter\.ts$/, "lib/shared/audit/filter.ts"],
  [/^lib\/auth\/(login|roles)\.ts$/, "lib/shared/auth/$1.ts"],
  [/^lib\/exposure\/fix\.ts$/, "lib/shared/exposure/fix.ts"],
  [/^lib\/disk\/grow\.ts$/, "lib/shared/disk/grow.ts"],
  [/^lib\/models\/(snippet|drift)\.ts$/, "lib/shared/models/$1.ts"],
  [/^lib\/keys\/scope\.ts$/, "lib/shared/keys/scope.ts"],
  [/^lib\/overview\/(backup|disk-signal)\.ts$/, "lib/shared/overview/$1.ts"],
  [/^lib\/snapshots\/(state|names|patch|sizing|quantity|input)\.ts$/, "lib/shared/snapshots/$1.ts"],
  // doors: the only code that talks to an outside system. The process itself (environment, stdout, signals) is one:
  // config, log, shutdown and the shared error type sit in doors/runtime, so doors never depend on features.
  [/^lib\/cluster\/(.+)$/, "lib/doors/kubernetes/$1"],
  [/^lib\/ollama\/(.+)$/, "lib/doors/ollama/$1"],
  [/^lib\/registry\/footprint\.ts$/, "lib/features/models/footprint.ts"],
  [/^lib\/registry\/(.+)$/, "lib/doors/registry/$1"],
  [/^lib\/disk\/prometheus\.ts$/, "lib/doors/prometheus/index.ts"],
  [/^lib\/disk\/agent\.ts$/, "lib/doors/agent/index.ts"],
  [/^lib\/config\/(.+)$/, "lib/doors/runtime/config/$1"],
  [/^lib\/(log|shutdown|coalesce|pool|process-wide|errors|caches)\.ts$/, "lib/doors/runtime/$1.ts"],
  // features: the use cases; the request wrapper and start-up checks compose them, so they sit with them.
  [/^lib\/api\/(.+)$/, "lib/features/server/$1"],
  [/^lib\/startup\.ts$/, "lib/features/server/startup.ts"],
  [/^lib\/(overview|models|pulls|snapshots|disk|audit|auth|keys|logs|exposure|metrics)\/(.+)$/, "lib/features/$1/$2"],
];

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
const RESOLVE_EXT = [".ts", ".tsx", ".mts", ".js", ".mjs", ".json", ".d.ts"];

function fail(message: string): never {
  console.error(`rings: ${message}`);
  process.exit(1);
}

/** Files git knows or would add (tracked + untracked, not ignored), relative to the root with `/`. */
function repoFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\0").filter((f) => f && existsSync(path.join(ROOT, f)));
}

function tracked(): Set<string> {
  return new Set(execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean));
}

/** Where a lib/ file goes, or undefined when it is already in a ring. Throws (via fail) for a file no rule maps. */
function destination(file: string): string | undefined {
  if (RINGS.test(file)) return undefined;
  const test = /^(.*)\.test(\.tsx?)$/.exec(file);
  const subject = test ? `${test[1]}${test[2]}` : file;
  for (const [pattern, target] of RULES) {
    if (!pattern.test(subject)) continue;
    const moved = subject.replace(pattern, target);
    return test ? moved.replace(/(\.tsx?)$/, ".test$1") : moved;
  }
  return fail(`no rule maps ${file}: add one to RULES in scripts/rings.ts (doors, features or shared?)`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Resolution: a specifier → the repo file it names (relative and @/ specifiers only), and back.

const fileSet = new Set<string>();

function isDir(rel: string): boolean {
  try {
    return statSync(path.join(ROOT, rel)).isDirectory();
  } catch {
    return false;
  }
}

interface Resolved {
  file: string;
  /** How the specifier named it: with its extension, without, or as its folder (index). */
  form: "exact" | "bare" | "index";
}

function resolveSpec(importer: string, spec: string): Resolved | undefined {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") base = path.posix.join(path.posix.dirname(importer), spec);
  else return undefined;
  base = path.posix.normalize(base).replace(/\/$/, "");
  if (fileSet.has(base)) return { file: base, form: "exact" };
  for (const ext of RESOLVE_EXT) if (fileSet.has(base + ext)) return { file: base + ext, form: "bare" };
  for (const ext of RESOLVE_EXT) if (fileSet.has(`${base}/index${ext}`)) return { file: `${base}/index${ext}`, form: "index" };
  return undefined;
}

function emit(spec: string, importerNew: string, resolved: Resolved, targetNew: string): string {
  let target: string;
  if (resolved.form === "exact") target = targetNew;
  else if (resolved.form === "index" || /\/index\.[mc]?[jt]sx?$/.test(targetNew)) target = targetNew.replace(/\/index\.[mc]?[jt]sx?$/, "");
  else target = targetNew.replace(/(\.d)?\.[mc]?[jt]sx?$|\.json$/, (m) => (m === ".json" ? m : ""));
  if (spec.startsWith("@/")) return `@/${target}`;
  let rel = path.posix.relative(path.posix.dirname(importerNew), target);
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

// ---------------------------------------------------------------------------------------------------------------------
// Finding specifiers: every string that names a module or a file next to the code.

interface Edit {
  start: number;
  end: number;
  text: string;
}

const MOCKS = new Set(["mock", "doMock", "unmock", "doUnmock", "importActual", "importMock"]);

function specifierNodes(source: ts.SourceFile): { node: ts.StringLiteralLike; url: boolean }[] {
  const found: { node: ts.StringLiteralLike; url: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      found.push({ node: node.moduleSpecifier, url: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) {
      found.push({ node: node.argument.literal, url: false });
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteralLike(node.expression)) {
      found.push({ node: node.expression, url: false });
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const callee = node.expression;
      const named =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === "require") ||
        (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "vi" && MOCKS.has(callee.name.text)) ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === "resolve" && ts.isMetaProperty(callee.expression));
      if (named && first && ts.isStringLiteralLike(first)) found.push({ node: first, url: false });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL") {
      const [first, second] = node.arguments ?? [];
      if (first && ts.isStringLiteralLike(first) && second && ts.isPropertyAccessExpression(second) && ts.isMetaProperty(second.expression)) {
        found.push({ node: first, url: true });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function kindOf(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

// ---------------------------------------------------------------------------------------------------------------------

const files = repoFiles();
for (const f of files) fileSet.add(f);

const moves = new Map<string, string>();
for (const f of files.filter((f) => f.startsWith("lib/"))) {
  const to = destination(f);
  if (to && to !== f) moves.set(f, to);
}
const newOf = (f: string): string => moves.get(f) ?? f;

// Refuse what would break silently: two files onto one path, a move onto an existing file, server code in shared.
const seen = new Map<string, string>();
for (const [from, to] of moves) {
  if (seen.has(to)) fail(`${from} and ${seen.get(to)} would both move to ${to}`);
  if (fileSet.has(to) && !moves.has(to)) fail(`${from} would overwrite ${to}`);
  seen.set(to, from);
}
for (const [from, to] of moves) {
  if (!to.startsWith("lib/shared/") || !CODE.test(from)) continue;
  if (/^import\s+["']server-only["']/m.test(readFileSync(path.join(ROOT, from), "utf8"))) fail(`${from} imports server-only but a rule sends it to ${to}: fix the rule`);
}

// Folder mentions in comments and docs ("lib/cluster/") follow the folder's own rule (its catch-all destination).
const folderMoves = new Map<string, string>();
for (const [from, to] of moves) {
  const dir = path.posix.dirname(from);
  if (dir === "lib" || folderMoves.has(dir)) continue;
  const probe = destination(`${dir}/__folder__.ts`);
  if (probe) folderMoves.set(dir, path.posix.dirname(probe));
  void to;
}

const edits = new Map<string, Edit[]>();
const browserImports: string[] = [];
const dynamic: string[] = [];
let specifiersRewritten = 0;
let mentionsRewritten = 0;

/** `lib/a/b.ts`, `lib/a/b` or `lib/a` (not preceded by a path character) → its new path, for comments and strings. */
function mentionOf(token: string): string | undefined {
  const bare = token.replace(/\/$/, "");
  if (moves.has(bare)) return moves.get(bare);
  for (const ext of RESOLVE_EXT) if (moves.has(bare + ext)) return moves.get(bare + ext)!.replace(/\.[mc]?[jt]sx?$/, "");
  if (folderMoves.has(bare)) return folderMoves.get(bare)! + (token.endsWith("/") ? "/" : "");
  return undefined;
}

for (const file of files) {
  if (file.startsWith("node_modules/") || isDir(file)) continue;
  const text = readFileSync(path.join(ROOT, file), "utf8");
  if (text.includes("\0")) continue;
  const list: Edit[] = [];
  const taken: [number, number][] = [];
  if (CODE.test(file)) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kindOf(file));
    const importerNew = newOf(file);
    const browser = (file.startsWith("components/") || /^\s*["']use client["']/.test(text)) && !file.includes(".test.");
    for (const { node, url } of specifierNodes(source)) {
      const spec = node.text;
      const start = node.getStart(source) + 1;
      const end = node.getEnd() - 1;
      taken.push([start, end]);
      let replacement: string | undefined;
      if (url) {
        if (!spec.startsWith(".")) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const targetNew = fileSet.has(target) ? newOf(target) : target;
        if (targetNew === target && importerNew === file) continue;
        let rel = path.posix.relative(path.posix.dirname(importerNew), targetNew.replace(/\/$/, "")) || ".";
        if (!rel.startsWith(".")) rel = `./${rel}`;
        replacement = spec.endsWith("/") && !rel.endsWith("/") ? `${rel}/` : rel;
      } else {
        const resolved = resolveSpec(file, spec);
        if (!resolved) {
          if ((spec.startsWith(".") || spec.startsWith("@/")) && !isDir(spec.startsWith("@/") ? spec.slice(2) : path.posix.join(path.posix.dirname(file), spec))) {
            dynamic.push(`${file}: cannot resolve "${spec}"`);
          }
          continue;
        }
        const targetNew = newOf(resolved.file);
        if (browser && /^lib\/(doors|features)\//.test(targetNew)) {
          const line = text.slice(text.lastIndexOf("\n", node.getStart(source)) + 1, text.indexOf("\n", node.getStart(source)));
          if (!/^\s*import\s+type\b|^\s*export\s+type\b/.test(line) && !/^\s*import\s*\{\s*(type\s+\w+\s*,?\s*)+\}/.test(line)) {
            browserImports.push(`${file} → ${targetNew}`);
          }
        }
        if (targetNew === resolved.file && importerNew === file) continue;
        replacement = emit(spec, importerNew, resolved, targetNew);
      }
      if (replacement !== spec) {
        list.push({ start, end, text: replacement });
        specifiersRewritten++;
      }
    }
    // Template literals that build lib/ paths cannot be rewritten safely: report them.
    for (const m of text.matchAll(/(?:import|mock|importActual)\(\s*`[^`]*lib\//g)) dynamic.push(`${file}: template specifier at offset ${m.index}`);
  }
  // Mentions of moved paths in comments, docs and plain strings ("lib/cluster/client.ts", "lib/pulls/"); not in this
  // script, whose rules name the old paths on purpose.
  for (const m of file === "scripts/rings.ts" ? [] : text.matchAll(/(?<![\w./@-])lib\/[\w.\-/]*[\w/]/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    let token = m[0];
    // "lib/cluster/client.ts." at the end of a sentence: try without trailing dots.
    token = token.replace(/\.+$/, "");
    const moved = mentionOf(token);
    if (moved && moved !== token) {
      list.push({ start, end: start + token.length, text: moved });
      mentionsRewritten++;
    }
  }
  if (list.length) edits.set(file, list);
}

if (browserImports.length) {
  fail(
    `browser code would import server rings after the move (add a shared rule for these modules):\n  ${[...new Set(browserImports)].join("\n  ")}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Report, then apply.

const byRing = new Map<string, number>();
for (const to of moves.values()) {
  const ring = /^lib\/(\w+)\//.exec(to)![1]!;
  byRing.set(ring, (byRing.get(ring) ?? 0) + 1);
}

if (DRY || !moves.size) {
  for (const [from, to] of [...moves].sort(([a], [b]) => a.localeCompare(b))) console.log(`${from} → ${to}`);
}
if (dynamic.length) console.log(`\nnot rewritten (check by hand):\n  ${dynamic.join("\n  ")}`);
const summary =
  `${moves.size} files to move (${[...byRing].map(([r, n]) => `${r} ${n}`).join(", ") || "none"}), ` +
  `${specifiersRewritten} import specifiers and ${mentionsRewritten} path mentions to rewrite in ${edits.size} files`;

if (!moves.size && !edits.size) {
  console.log("rings: nothing to do: lib/ is already in doors, features and shared");
  process.exit(0);
}
if (DRY) {
  console.log(`\nrings (dry run): ${summary}`);
  process.exit(0);
}

const contents = new Map<string, string>();
for (const [file, list] of edits) {
  let text = readFileSync(path.join(ROOT, file), "utf8");
  for (const e of [...list].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  contents.set(newOf(file), text);
}
const inGit = tracked();
for (const [from, to] of moves) {
  mkdirSync(path.dirname(path.join(ROOT, to)), { recursive: true });
  if (inGit.has(from)) execFileSync("git", ["mv", from, to], { cwd: ROOT });
  else renameSync(path.join(ROOT, from), path.join(ROOT, to));
}
for (const [file, text] of contents) writeFileSync(path.join(ROOT, file), text);

/** Removes folders the moves emptied (deepest first). */
function prune(dir: string): void {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return;
  for (const entry of readdirSync(abs)) prune(`${dir}/${entry}`);
  if (readdirSync(abs).length === 0 && !RINGS.test(`${dir}/`)) rmdirSync(abs);
}
for (const entry of readdirSync(path.join(ROOT, "lib"))) if (!["doors", "features", "shared"].includes(entry)) prune(`lib/${entry}`);

console.log(`rings: moved ${summary.replace(" to move", "").replace(" to rewrite", " rewritten")}`);
