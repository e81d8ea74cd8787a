// GET /api/pulls/events — Server-Sent Events: every pull job's progress, at most 4 updates per second per job.
import { route } from "@/lib/features/server/route";
import { eventStream } from "@/lib/shared/contracts/contract";
import { pullEvent } from "@/lib/shared/contracts/pulls";
import { pulls } from "@/lib/features/pulls";
import { pullEvents } from "@/lib/features/pulls/events";

export const dynamic = "force-dynamic";

export const GET = route({ response: eventStream(pullEvent) }, ({ target, req }) => Promise.resolve(pullEvents(pulls(target), req.signal)));
