// The handler behind /api/auth/*: next-auth with options for this request (Secure cookies when the browser uses TLS),
// minus its public client-log endpoint, plus an audit entry when single sign-on fails.
import "server-only";
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { audit } from "../audit";
import { config } from "../../doors/runtime/config";
import { authOptions } from "./options";
import { isSecure } from "./origin";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's error codes for a failed exchange with the identity provider. Only these are audited, and only when
 * next-auth itself redirects with one: the audit text never comes from the request.
 */
const SSO_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "Callback", "Configuration", "OAuthAccountNotLinked"]);

/** The SSO error code of next-auth's redirect to the sign-in page, if that is what `res` is. */
function ssoFailure(res: Response): string | undefined {
  const location = res.headers.get("location");
  if (!location || !URL.canParse(location, "http://x")) return undefined;
  const code = new URL(location, "http://x").searchParams.get("error") ?? "";
  return SSO_ERRORS.has(code) ? code : undefined;
}

/** GET and POST /api/auth/[...nextauth]. */
export async function authRouteHandler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const [action, provider] = (await ctx.params).nextauth;
  // next-auth v4 serves POST /api/auth/_log to anyone and hands its fields to the logger: client-chosen text in our
  // logs (and, before, in the audit trail). The browser client only posts there for its own debugging; nothing needs it.
  if (action === "_log") {
    return NextResponse.json({ error: { code: "not_found", system: "console", message: "Not found" } }, { status: 404 });
  }
  const auth = config().auth;
  const res = (await NextAuth(req, ctx, authOptions(isSecure(req.headers, auth)))) as Response;
  // A form whose CSRF token no longer matches (cookie expired or cleared) goes back to the sign-in page without a word;
  // say why instead.
  const location = res.headers.get("location");
  if (location && /\/api\/auth\/signin\?csrf=true$/.test(location)) {
    res.headers.set("location", new URL("/login?error=CsrfExpired", location).toString());
  }
  if ((action === "signin" || action === "callback") && provider === "oidc") {
    const code = ssoFailure(res);
    if (code) audit(null, { action: "SignIn", subject: auth.oidc?.name ?? "oidc", outcome: "failure", message: `single sign-on failed (${code})` });
  }
  return res;
}
