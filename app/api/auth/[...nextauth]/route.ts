// GET/POST /api/auth/* — sign-in, sign-out, session and CSRF endpoints (next-auth); public by design.
import { authRouteHandler } from "@/lib/features/auth/route-handler";

export const dynamic = "force-dynamic";

export { authRouteHandler as GET, authRouteHandler as POST };
