"use client";
// The sign-in card: user name + password, a "Sign in with <provider>" button, and (demo mode only) the demo accounts.
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/auth/login";

export interface LoginFormProps {
  password: boolean;
  oidcName: string | undefined;
  demoUsers: { name: string; role: string; password: string }[];
  callbackUrl: string;
  initialError: string | undefined;
}

const input = "w-full rounded-md border border-border bg-bg px-3 py-2 text-sm outline-none focus:border-accent";
const primary = "w-full rounded-md bg-accent px-3 py-2 text-sm font-medium text-on-accent hover:opacity-90 disabled:opacity-60";

export function LoginForm({ password, oidcName, demoUsers, callbackUrl, initialError }: LoginFormProps) {
  const [username, setUsername] = useState("");
  const [secret, setSecret] = useState("");
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const res = await signIn("credentials", { redirect: false, username, password: secret, callbackUrl });
    if (res?.ok && !res.error) {
      // A full load, so the server renders the console with the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    setSecret("");
    setError(signInErrorMessage(res?.error ?? "CredentialsSignin"));
    setBusy(false);
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <p role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm text-bad">
          {error}
        </p>
      ) : null}
      {password ? (
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" aria-label="Sign in with a password">
          <label className="flex flex-col gap-1 text-sm">
            User name
            <input className={input} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Password
            <input className={input} name="password" type="password" autoComplete="current-password" required value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
          <button type="submit" className={primary} disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : null}
      {password && oidcName ? <p className="text-center text-xs text-muted">or</p> : null}
      {oidcName ? (
        <button type="button" className={password ? `${primary} !bg-raised !text-fg border border-border` : primary} onClick={() => void signIn("oidc", { callbackUrl })}>
          Sign in with {oidcName}
        </button>
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
                  onClick={() => {
                    setUsername(u.name);
                    setSecret(u.password);
                  }}
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
