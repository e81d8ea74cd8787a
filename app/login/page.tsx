// /login — the sign-in page (public). Signed-in visitors go straight on to where they were headed.
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { csrfCookieName, csrfTokenFromCookie } from "@/lib/features/auth/csrf";
import { DEMO_USERS } from "@/lib/features/auth/demo-users";
import { safeCallbackUrl, signInErrorMessage } from "@/lib/shared/auth/login";
import { isSecure, publicOrigin } from "@/lib/features/auth/origin";
import { pageUser } from "@/lib/features/auth/session";
import { signInMethods } from "@/lib/features/auth/users";
import { config } from "@/lib/doors/runtime/config";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [params, requestHeaders, jar] = await Promise.all([searchParams, headers(), cookies()]);
  const auth = config().auth;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, publicOrigin(requestHeaders, auth));
  if (await pageUser()) redirect(callbackUrl);
  const methods = signInMethods();
  // proxy.ts made sure this request carries a valid CSRF cookie (lib/features/auth/csrf.ts).
  const csrfToken = auth.secret ? (csrfTokenFromCookie(jar.get(csrfCookieName(isSecure(requestHeaders, auth)))?.value, auth.secret) ?? "") : "";
  const error = signInErrorMessage(params.error);
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-border bg-panel p-6 shadow-sm">
        <div className="mb-5 flex items-center gap-2">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded bg-accent text-sm font-bold text-on-accent">O</span>
          <h1 className="text-lg font-semibold">Sign in to Ollama Ops</h1>
        </div>
        <LoginForm
          password={methods.password}
          oidcName={methods.oidc}
          demoUsers={methods.demo ? [...DEMO_USERS] : []}
          callbackUrl={callbackUrl}
          csrfToken={csrfToken}
          initialError={error}
        />
      </div>
    </main>
  );
}
