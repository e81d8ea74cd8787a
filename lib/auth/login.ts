// Sign-in page helpers shared by server and browser: where to go afterwards, and what a next-auth error code means to a person.

/** A same-site path to return to after sign-in; anything else (absolute or protocol-relative URLs) becomes "/". */
export function safeCallbackUrl(value: unknown): string {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof v !== "string" || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return "/";
  return v;
}

const MESSAGES: Record<string, string> = {
  // One message for an unknown user and a wrong password: never say which part was wrong.
  CredentialsSignin: "Wrong user name or password.",
  RateLimited: "Too many failed sign-in attempts. Wait 15 minutes, then try again.",
  AccessDenied: "Your account has no role in this console. Ask an administrator to add you to one of its groups.",
  SessionRequired: "Please sign in.",
};
const SSO_FAILED = "Single sign-on failed. Try again; if it keeps failing, the console's logs say why.";

/** A next-auth error code (from `?error=` or signIn()) → a sentence for the sign-in page; undefined for no error. */
export function signInErrorMessage(code: unknown): string | undefined {
  const c = Array.isArray(code) ? (code[0] as unknown) : code;
  if (typeof c !== "string" || !c) return undefined;
  if (MESSAGES[c]) return MESSAGES[c];
  return /^(OAuth|Callback|Configuration)/.test(c) ? SSO_FAILED : "Sign-in failed. Try again.";
}
