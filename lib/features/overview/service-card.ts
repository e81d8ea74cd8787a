// The service card: documented `ollama-ops.dev/*` annotations on the Deployment, in a fixed order; empty when none are set.
import "server-only";
import type { ServiceCardField } from "../../shared/overview/types";

/** Annotation key (after the prefix) → label, in display order. Documented in the README. */
export const SERVICE_CARD_KEYS: readonly (readonly [string, string])[] = [
  ["tier", "Criticality tier"],
  ["owner", "Owner"],
  ["exposure", "Exposure"],
  ["backup-class", "Backup class"],
  ["rpo", "RPO"],
  ["rto", "RTO"],
  ["last-reviewed", "Last reviewed"],
];

/** The documented annotations that are present, as labelled fields. */
export function serviceCard(annotations: Record<string, string>, prefix: string): ServiceCardField[] {
  return SERVICE_CARD_KEYS.flatMap(([key, label]) => {
    const value = annotations[`${prefix}${key}`]?.trim();
    return value ? [{ key, label, value }] : [];
  });
}
