// The fix, generated: the Kustomize entries that replace an open route by deploy/components/ollama-exposure (exact
// inference paths behind authentication), for the operator's host and chosen authentication. Pure.

export type FixAuth = "forwardAuth" | "basicAuth";

export interface ExposureFix {
  /** Where the entries go, relative to the repository root of the deploy examples. */
  kustomizationPath: string;
  /** The `components:` and `patches:` entries to add. */
  kustomization: string;
  /** Commands to run once (basicAuth: the Secret; forwardAuth: none, keys come from the console). */
  steps: string[];
}

const COMPONENTS = "../../../../components";
/** Kustomize JSON-patch paths of the component's two route matchers; the host is all that changes. */
const MATCH_PATHS = ["/spec/routes/0/match", "/spec/routes/1/match"];
const INFERENCE_PATHS =
  "Path(`/api/chat`) || Path(`/api/generate`) || Path(`/api/embed`) || Path(`/api/embeddings`) || Path(`/v1/chat/completions`) || Path(`/v1/completions`) || Path(`/v1/embeddings`)";
const READ_PATHS = "Path(`/api/tags`) || Path(`/api/version`) || Path(`/v1/models`)";

/** A hostname Traefik's Host() accepts; anything else falls back to the component's placeholder. */
function safeHost(host: string | undefined): string {
  return host && /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(host) ? host.toLowerCase() : "ollama.example.com";
}

/** The kustomization entries for `host` (from EXTERNAL_URL or the current route) and `auth`. */
export function exposureFix(host: string | undefined, auth: FixAuth, tlsSecret: string | undefined): ExposureFix {
  const h = safeHost(host);
  const matches = [
    `Host(\`${h}\`) && Method(\`POST\`) && (${INFERENCE_PATHS})`,
    `Host(\`${h}\`) && (Method(\`GET\`) || Method(\`HEAD\`)) && (${READ_PATHS})`,
  ];
  const ops = [
    ...MATCH_PATHS.map((path, i) => `      - op: replace\n        path: ${path}\n        value: ${JSON.stringify(matches[i])}`),
    `      - op: replace\n        path: /spec/tls/secretName\n        value: ${JSON.stringify(tlsSecret ?? `${h.replace(/\./g, "-")}-tls`)}`,
  ];
  const kustomization = [
    "components:",
    `  - ${COMPONENTS}/ollama-exposure`,
    ...(auth === "forwardAuth" ? [`  - ${COMPONENTS}/ollama-exposure-forward-auth`] : []),
    "patches:",
    "  - target:",
    "      group: traefik.io",
    "      kind: IngressRoute",
    "      name: ollama",
    "    patch: |-",
    ...ops,
  ].join("\n");
  const steps =
    auth === "basicAuth"
      ? [
          'htpasswd -nbB client "$(openssl rand -base64 24)" > users   # prints client:<bcrypt hash>; keep the password',
          "kubectl -n ollama create secret generic ollama-basic-auth --from-file=users=users && rm users",
        ]
      : ["Create a key per client on the API keys page; clients send it as Authorization: Bearer <key>."];
  return { kustomizationPath: "deploy/examples/ollama/overlays/homelab/kustomization.yaml", kustomization, steps };
}
