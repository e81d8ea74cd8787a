// The handler behind /api/auth/*: next-auth with options for this request (Secure cookies when the browser uses TLS).
import "server-only";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { config } from "../config";
import { authOptions } from "./options";
import { isSecure } from "./origin";

/** GET and POST /api/auth/[...nextauth]. */
export function authRouteHandler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(req, ctx, authOptions(isSecure(req.headers, config().auth))) as Promise<Response>;
}
