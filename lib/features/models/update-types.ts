// What the update check reports per installed model (issue #14): the shapes are GET /api/models/updates' contract
// (lib/shared/contracts/models-desired.ts), shared by the server and the Models page. Browser-safe.
export type { ModelUpdate, PlannedUpdate, UpdatePlan, UpdateReport, UpdateState } from "../../shared/contracts/models-desired";
