// GET /api/pulls/events — Server-Sent Events: every pull job's progress, at most 4 updates per second per job.
import { route } from "@/lib/api/route";
import { eventStream } from "@/lib/contracts/contract";
import { pullEvent } from "@/lib/contracts/pulls";
import { pulls } from "@/lib/pulls";
import { pullEvents } from "@/lib/pulls/events";

export const dynamic = "force-dynamic";

export const GET = route({ response: eventStream(pullEvent) }, ({ target, req }) => Promise.resolve(pullEvents(pulls(target), req.signal)));
