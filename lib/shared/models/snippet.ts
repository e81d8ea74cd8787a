// The models.yaml entries the console hands out ("Declare these", "Pin", a new variant) to paste into git: it never
// writes to git itself. Browser-safe and dependency-free, so the Models page does not ship a YAML library.

/** A YAML scalar for a model name: plain when the name grammar's characters allow it, else a JSON (= YAML) string. */
function scalar(name: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/:-]*$/.test(name) && !/:$/.test(name) ? name : JSON.stringify(name);
}

/** The `models:` entries for `names`, each with `pin: true` when asked. */
export function declareSnippet(names: readonly string[], opts: { pin?: boolean } = {}): string {
  return `models:\n${names.map((n) => `  - name: ${scalar(n)}\n${opts.pin ? "    pin: true\n" : ""}`).join("")}`;
}
