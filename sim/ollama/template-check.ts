// The syntax check /api/create runs on a `template` (Go's text/template parser with Ollama's functions): the errors a
// hand-written template most often has, with Go's wording — an unclosed `{{`, an `{{end}}` or `{{else}}` with nothing
// open, a block left open at the end, an unknown function. Anything subtler passes here and would fail on real Ollama.

/** text/template's builtins plus the functions Ollama's template package adds. */
const FUNCTIONS = new Set(
  "and call html index slice js len not or print printf println urlquery eq ge gt le lt ne json currentDate yesterdayDate toTypeScriptType".split(" "),
);
const OPENERS = new Set(["if", "range", "with", "define", "block"]);
const WORDS = new Set([...OPENERS, "else", "end", "template", "break", "continue", "true", "false", "nil"]);

/** The Go parse error of `text` as Ollama words it (`template: :<line>: …`), or undefined when it parses. */
export function templateError(text: string): string | undefined {
  const at = (offset: number, message: string) => `template: :${text.slice(0, offset).split("\n").length}: ${message}`;
  let open = 0;
  let from = 0;
  for (let start = text.indexOf("{{", from); start >= 0; start = text.indexOf("{{", from)) {
    const close = text.indexOf("}}", start + 2);
    if (close < 0) return at(start, "unclosed action");
    from = close + 2;
    const body = text.slice(start + 2, close).replace(/^-\s/, "").replace(/\s-$/, "").trim();
    if (body.startsWith("/*")) continue;
    const words = body.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s()|]+/g) ?? [];
    const keyword = words[0] ?? "";
    if (OPENERS.has(keyword)) open++;
    if (keyword === "end" || keyword === "else") {
      if (open === 0) return at(start, `unexpected {{${keyword}}}`);
      if (keyword === "end") open--;
    }
    const unknown = words.find((w) => /^[A-Za-z_]\w*$/.test(w) && !WORDS.has(w) && !FUNCTIONS.has(w));
    if (unknown) return at(start, `function ${JSON.stringify(unknown)} not defined`);
  }
  return open > 0 ? at(text.length, "unexpected EOF") : undefined;
}
