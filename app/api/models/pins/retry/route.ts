// POST /api/models/pins/retry {"model": "<name>"} — forget a pinned model's failures and load it again (operator).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { pinRetryResult } from "@/lib/shared/contracts/models-desired";
import { modelNameField } from "@/lib/features/models/names";
import { retryPin } from "@/lib/features/models/pins";

export const dynamic = "force-dynamic";

const body = z.strictObject({ model: modelNameField });

export const POST = route({ role: "operator", body, response: pinRetryResult }, ({ target, user, body }) => retryPin(target, user, body.model));
