// Small serialisable shapes the snapshot API routes answer with and the browser renders (no client-node types): the
// routes' contracts (lib/shared/contracts/snapshots.ts), named here for the snapshot code.
export type {
  CacheVolume,
  DeletionPolicy,
  ModelRef,
  Permission,
  RestoreSummary,
  SnapshotAccess,
  SnapshotClassSummary,
  SnapshotSummary,
} from "../contracts/snapshots";

/** The Kustomize change that points the Deployment at a restored claim. */
export interface KustomizePatch {
  /** File to create, relative to the repository root. */
  patchPath: string;
  patchYaml: string;
  /** Entry to add under `patches:` in the overlay's kustomization.yaml. */
  kustomizationPath: string;
  kustomizationEntry: string;
}
