// DELETE /api/snapshots/:name — delete a snapshot of the model cache (admin).
import { route } from "@/lib/features/server/route";
import { deletedSnapshot } from "@/lib/shared/contracts/snapshots";
import { deleteSnapshot } from "@/lib/features/snapshots/delete";
import { nameParams } from "@/lib/shared/snapshots/input";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "admin", params: nameParams, response: deletedSnapshot }, ({ target, user, params }) => deleteSnapshot(target, user, params.name));
