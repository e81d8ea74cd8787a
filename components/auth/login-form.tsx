"use client";
// The sign-in card: user name + password, a "Sign in with <provider>" button, and (demo mode only) the demo accounts.
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/shared/auth/login";

export interface LoginFormProps {
  password: boolean;
  oidcName: string | undefined;
  demoUsers: { name: string; role: string; password: string }[];
  callbackUrl: string;
  /** next-auth's CSRF token, rendered into both forms so they work before (or without) JavaScript. */
  csrfToken: string;
  initialError: string | undefined;
}

const input = "w-full rounded-md border border-border bg-bg px-3 py-2 text-sm outline-none focus:border-accent";
const primary = "w-full rounded-md bg-accent px-3 py-2 text-sm font-medium text-on-accent hover:opacity-90 disabled:opacity-60";

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

/**
 * Both forms are real POSTs to next-auth with the CSRF token: Enter pressed before the script loads, or no script at
 * all, still signs in, and credentials never go into a URL. With JavaScript the password form is sent in the
 * background instead (an error shows without a reload), reading the fields as they are, so values a password manager
 * filled before React hydrated are sent too.
 */
export function LoginForm({ password, oidcName, demoUsers, callbackUrl, csrfToken, initialError }: LoginFormProps) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    const res = await signIn("credentials", {
      redirect: false,
      username: text(fields.get("username")),
      password: text(fields.get("password")),
      callbackUrl,
    });
    if (res?.ok && !res.error) {
      // A full load, so the server renders the console with the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    const secret = form.current?.elements.namedItem("password");
    if (secret instanceof HTMLInputElement) secret.value = "";
    setError(signInErrorMessage(res?.error ?? "CredentialsSignin"));
    setBusy(false);
  }

  function fill(name: string, secret: string) {
    for (const [field, value] of [["username", name], ["password", secret]] as const) {
      const el = form.current?.elements.namedItem(field);
      if (el instanceof HTMLInputElement) el.value = value;
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <p role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm text-bad">
          {error}
        </p>
      ) : null}
      {password ? (
        <form
          ref={form}
          method="post"
          action="/api/auth/callback/credentials"
          onSubmit={(e) => void submit(e)}
          className="flex flex-col gap-3"
          aria-label="Sign in with a password"
        >
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <label className="flex flex-col gap-1 text-sm">
            User name
            <input className={input} name="username" autoComplete="username" required maxLength={128} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Password
            <input className={input} name="password" type="password" autoComplete="current-password" required maxLength={1024} />
          </label>
          <button type="submit" className={primary} disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : null}
      {password && oidcName ? <p className="text-center text-xs text-muted">or</p> : null}
      {oidcName ? (
        <form
          method="post"
          action="/api/auth/signin/oidc"
          onSubmit={(e) => {
            e.preventDefault();
            void signIn("oidc", { callbackUrl });
          }}
        >
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className={password ? `${primary} !bg-raised !text-fg border border-border` : primary}>
            Sign in with {oidcName}
          </button>
        </form>
      ) : null}
      {!password && !oidcName ? (
        <p className="text-sm text-muted">No sign-in method is configured. Set LOCAL_USERS or the OIDC_* settings (see the README).</p>
      ) : null}
      {demoUsers.length ? (
        <section aria-label="Demo accounts" className="rounded-md border border-warn/50 bg-warn/10 p-3 text-sm">
          <h2 className="font-semibold">Demo mode</h2>
          <p className="mb-2 text-muted">These accounts exist only in the demo. Pick one to fill the form.</p>
          <ul className="flex flex-col gap-1">
            {demoUsers.map((u) => (
              <li key={u.name} className="flex items-center justify-between gap-2">
                <span>
                  <span className="font-mono">{u.name}</span> / <span className="font-mono">{u.password}</span>
                </span>
                <button
                  type="button"
                  className="rounded border border-border px-2 py-0.5 text-xs hover:bg-raised"
                  onClick={() => fill(u.name, u.password)}
                >
                  Use {u.role}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
