// The three rings of lib/ (issue 18, README "Code shape"): doors talk to outside systems, features are the use cases,
// shared is browser-safe. Written for the tree `node scripts/rings.ts` makes; they match nothing before it runs.
// Type-only imports stay allowed across rings: they vanish from the bundle, and API types move to lib/shared/contracts.
// Package names only (a regex, so that lib/doors/ollama/… or lib/shared/ollama/… are not mistaken for the SDK).
const sdks = (names) => `^(${names.map((n) => n.replace(/[/.]/g, "\\$&")).join("|")})(/.*)?$`;
const SDK_NAMES = ["@kubernetes/client-node", "ollama", "prom-client"];
const VENDOR_SDKS = {
  regex: sdks(SDK_NAMES),
  message: "Vendor SDKs belong in lib/doors/ (prom-client in lib/features/metrics/): call the door's typed function instead",
};
const SERVER_RINGS = {
  group: ["**/doors", "**/doors/**", "**/features", "**/features/**"],
  allowTypeImports: true,
  message: "Browser-safe code cannot import lib/doors or lib/features: move what it needs to lib/shared",
};
const SERVER_ONLY = {
  group: ["server-only", "node:*", "next/server", "next/headers", "next-auth", "next-auth/*"],
  message: "lib/shared is browser-safe: no server-only, Node built-ins or server APIs",
};
const restrict = (...patterns) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns }] });
// Tests sit next to their module but are not shipped: they may build vendor fixtures and reach across rings.
const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
export const rings = [
  { files: ["lib/features/**", "app/**"], ignores: TESTS, rules: restrict(VENDOR_SDKS) },
  { files: ["lib/features/metrics/**"], ignores: TESTS, rules: restrict({ ...VENDOR_SDKS, regex: sdks(SDK_NAMES.filter((n) => n !== "prom-client")) }) },
  { files: ["lib/shared/**"], ignores: TESTS, rules: restrict(VENDOR_SDKS, SERVER_RINGS, SERVER_ONLY) },
  { files: ["components/**"], ignores: TESTS, rules: restrict(VENDOR_SDKS, SERVER_RINGS, { ...SERVER_ONLY, group: ["server-only"], message: "components/ is browser code" }) },
];
