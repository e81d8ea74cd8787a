// Shapes the issue-14 routes answer with (declared set, pins, reconcile, updates, variants): the routes' contracts
// (lib/shared/contracts/models-desired.ts), named here for the server code.
export type { ApplyResult, DeclaredState, PinStatus, ReconcileResult, VariantResult } from "../../shared/contracts/models-desired";
