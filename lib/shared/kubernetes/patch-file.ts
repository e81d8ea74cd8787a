// The one shape of every patch file the console hands an operator to commit next to a Kustomize overlay: comment
// lines saying why and how to add it, then the object's identity, then the fields it changes. Browser-safe.

/** A patch file: `comments` (each prefixed "# "), the object's apiVersion/kind/name/namespace, then `body` lines. */
export function patchFile(
  comments: readonly string[],
  object: { apiVersion: string; kind: string; name: string; namespace: string },
  body: readonly string[],
): string {
  return [
    ...comments.map((c) => `# ${c}`),
    `apiVersion: ${object.apiVersion}`,
    `kind: ${object.kind}`,
    "metadata:",
    `  name: ${object.name}`,
    `  namespace: ${object.namespace}`,
    ...body,
    "",
  ].join("\n");
}
