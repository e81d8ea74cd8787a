// Templates and what real Ollama v0.17.4's /api/create says of each (Go's text/template parser with Ollama's
// functions, then its walk for a `{{template}}` call without a pipeline): found against the real server, asserted on
// both targets by tests/real/ollama-create.test.ts. And a generator of many more, whose answers the real tier compares
// with the simulator's check (sim/ollama/template-check.ts).

/** [template, Ollama's error after `template error: `, or undefined when it creates the model]. */
export const TEMPLATE_CASES: [string, string | undefined][] = [
  // The lexer: unclosed and malformed pieces, characters it does not know.
  ["{{ .Prompt", "template: :1: unclosed action"],
  ["line1\n{{ .Prompt", "template: :2: unclosed action"],
  ["{{ .Prompt }", 'template: :1: unexpected "}" in operand'],
  ['{{ "abc }}', "template: :1: unterminated quoted string"],
  ["{{ `abc }}", "template: :1: unterminated raw quoted string"],
  ["{{/* x }}", "template: :1: unclosed comment"],
  ["{{/* x */ .X }}", "template: :1: comment ends before closing delimiter"],
  ["{{ ( .X }}", "template: :1: unclosed left paren"],
  ["{{ .X ) }}", "template: :1: unexpected right paren"],
  ["{{ @ }}", 'template: :1: unexpected "@" in command'],
  ["{{ foo# }}", "template: :1: bad character U+0023 '#'"],
  ["{{ € }}", "template: :1: unrecognized character in action: U+20AC '€'"],
  // Numbers, characters and strings as Go reads them.
  ["{{ 1a }}", 'template: :1: bad number syntax: "1a"'],
  ["{{ 0x }}", 'template: :1: illegal number syntax: "0x"'],
  ["{{ 018 }}", 'template: :1: integer overflow: "018"'],
  ["{{ 99999999999999999999 }}", 'template: :1: integer overflow: "99999999999999999999"'],
  ["{{ 1e400 }}", 'template: :1: illegal number syntax: "1e400"'],
  ["{{ 1.2.3 }}", 'template: :1: unexpected ".3" in operand'],
  ["{{ - .X }}", 'template: :1: illegal number syntax: "-"'],
  ["{{ 'ab' }}", "template: :1: malformed character constant: 'ab'"],
  ["{{ '\\400' }}", "template: :1: invalid syntax"],
  ['{{ "a\\qb" }}', "template: :1: invalid syntax"],
  // Actions, pipelines and their commands.
  ["{{ if }}x{{ end }}", "template: :1: missing value for if"],
  ["{{ range }}x{{ end }}", "template: :1: missing value for range"],
  ["{{ with .X }}{{ else with }}{{ end }}", "template: :1: missing value for with"],
  ["{{ $x := }}", "template: :1: missing value for command"],
  ["{{ .X := 1 }}", 'template: :1: unexpected ":=" in operand'],
  ["{{ | .X }}", 'template: :1: unexpected "|" in command'],
  ["{{ .X | nil }}", "template: :1: non executable command in pipeline stage 2"],
  ["{{ .X. }}", "template: :1: unexpected <.> in operand"],
  ["{{ true.X }}", 'template: :1: unexpected . after term "true"'],
  ["{{ $x }}", 'template: :1: undefined variable "$x"'],
  ["{{ with $x := .X }}{{ end }}{{ $x }}", 'template: :1: undefined variable "$x"'],
  ["{{ range $i, $j, $k := .X }}{{ end }}", "template: :1: too many declarations in range"],
  ["{{ range $i, .X }}{{ end }}", "template: :1: range can only initialize variables"],
  ["{{ break }}", "template: :1: {{break}} outside {{range}}"],
  ["{{ range .X }}{{ break 1 }}{{ end }}", 'template: :1: unexpected "1" in {{break}}'],
  ["{{ end end }}", "template: :1: unexpected <end> in end"],
  ["{{ if .X }}x{{ else }}y{{ else }}z{{ end }}", "template: :1: expected end; found {{else}}"],
  ["a\nb\n{{ if .X }}\n{{ end }}\n{{ end }}", "template: :5: unexpected {{end}}"],
  // define, block and template.
  ["{{ define }}", 'template: :1: unexpected "}}" in define clause'],
  ['{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}', 'template: :1: template: multiple definition of template "a"'],
  ["{{ block \"b\" }}x{{ end }}", "template: :1: missing value for block clause"],
  ["{{ template }}", 'template: :1: unexpected "}}" in template clause'],
  ['{{ template "y" }}', "undefined template specified"],
  // What parses.
  ["{{ .X | }}", undefined],
  ["{{ $x = 1 }}", undefined],
  ["{{ nil }}", undefined],
  ["{{- /* a */ -}}{{- .X -}}", undefined],
  ['{{ template "y" .X .Z }}', undefined],
  ["{{ (1).X }}{{ $.X }}{{ 0x1p-2 }}{{ 1+2i }}{{ 'é' }}", undefined],
  ['{{ define "a" }}x{{ end }}{{ define "a" }} {{ end }}{{ range $i, $j := .X }}{{ $i }}{{ break }}{{ end }}', undefined],
];

/** A seeded generator (mulberry32), so the generated templates are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  " ", ".X", ".Y.Z", "$x", "$", " := ", " = ", "if ", "end", "else", "else if ", "range ", "with ", "(", ")", " | ", '"s"', "1", "-", 'define "a"', 'template "a"',
  'block "b"', "\n", "break", "continue", ", ", "$i", "$i, $j := ", "nil", "true", "'c'", "0x1", "`r`", "printf", "foo", "eq", "len", "1.5", "json", "@", "#", ".",
  "$x := ", "1e3", "0o7", "'\\n'", '"\\q"', "and .A .B", "-}}x{{-", "/*", "*/", "}}", "{{",
];

/** `count` templates of 1–5 actions, each of 1–5 pieces of template syntax, some of it broken. */
export function generatedTemplates(count: number, seed = 1129): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const out = new Set<string>();
  while (out.size < count) {
    let text = "";
    for (let i = 1 + Math.floor(next() * 5); i > 0; i--) {
      text += pick(["", "t", "\n", " "]);
      text += `{{${Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(PIECES)).join("")}}}`;
    }
    out.add(text);
  }
  return [...out];
}
