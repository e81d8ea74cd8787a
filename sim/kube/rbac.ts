// Simulated RBAC: a deny list checked on every resource request, and SelfSubjectAccessReview answers.
import { forbidden, type ApiError } from "./errors.ts";
import { isRecord } from "./json.ts";

/** One denied permission; `resource` may name a subresource ("pods/log"); no group = any group. */
export interface ForbidRule {
  verb: string;
  resource: string;
  group?: string;
}

/** What a request asks to do, as the authorizer sees it. */
export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The identity the simulator's kubeconfig authenticates as. */
export const SIM_USER = "system:serviceaccount:ollama:ollama-ops";

function matches(rule: ForbidRule, attrs: Attributes): boolean {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return (
    (rule.verb === "*" || rule.verb === attrs.verb) &&
    (rule.resource === "*" || rule.resource === resource) &&
    (rule.group === undefined || rule.group === "*" || rule.group === attrs.group)
  );
}

/** True unless a rule denies the request. */
export function isAllowed(rules: readonly ForbidRule[], attrs: Attributes): boolean {
  return !rules.some((r) => matches(r, attrs));
}

/** The 403 the apiserver's authorization filter writes for a denied request. */
export function forbiddenFor(attrs: Attributes, user = SIM_USER): ApiError {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : "at the cluster scope";
  const sentence = `User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`;
  return forbidden({ group: attrs.group, plural: attrs.resource }, attrs.name, sentence);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Answers a SelfSubjectAccessReview body: the review echoed back with `status` filled from the deny list. */
export function reviewAccess(rules: readonly ForbidRule[], review: Record<string, unknown>): Record<string, unknown> {
  const spec = isRecord(review.spec) ? review.spec : {};
  const ra = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const allowed =
    !ra ||
    isAllowed(rules, {
      verb: str(ra.verb) ?? "",
      group: str(ra.group) ?? "",
      resource: str(ra.resource) ?? "",
      subresource: str(ra.subresource),
      namespace: str(ra.namespace),
      name: str(ra.name),
    });
  const status = allowed
    ? { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "ollama-ops" of ClusterRole "ollama-ops" to ServiceAccount "ollama-ops/ollama"' }
    : { allowed: false };
  const metadata = isRecord(review.metadata) ? review.metadata : {};
  return { kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", ...review, metadata: { ...metadata, creationTimestamp: null }, status };
}
