// DELETE /api/snapshots/:name — delete a snapshot of the model cache (admin).
import { route } from "@/lib/api/route";
import { deletedSnapshot } from "@/lib/contracts/snapshots";
import { deleteSnapshot } from "@/lib/snapshots/delete";
import { nameParams } from "@/lib/snapshots/input";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "admin", params: nameParams, response: deletedSnapshot }, ({ target, user, params }) => deleteSnapshot(target, user, params.name));
