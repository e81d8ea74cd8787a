// DELETE /api/snapshots/:name — delete a snapshot of the model cache (admin).
import { route } from "@/lib/api/route";
import { deleteSnapshot } from "@/lib/snapshots/delete";
import { nameParams } from "@/lib/snapshots/input";

export const dynamic = "force-dynamic";

export const DELETE = route({ role: "admin", params: nameParams }, ({ target, user, params }) => deleteSnapshot(target, user, params.name));
