// Sign-in page helpers shared by server and browser: where to go afterwards, and what a next-auth error code means to a person.

/**
 * A same-origin path (with query and fragment) to return to after sign-in; anything else becomes "/".
 * Parsed exactly as a browser would (`new URL(value, origin)`, which drops tabs and newlines, so "/\t/evil.example" is
 * "//evil.example"), then kept only when the origin is still ours. The result is the re-serialised path, so control
 * characters and non-ASCII come out percent-encoded and can never break a Location header.
 */
export function safeCallbackUrl(value: unknown, origin: string): string {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof v !== "string" || !v || v.length > 2048) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(v, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

const MESSAGES: Record<string, string> = {
  // One message for an unknown user and a wrong password: never say which part was wrong.
  CredentialsSignin: "Wrong user name or password.",
  RateLimited: "Too many failed sign-in attempts from here. Sign-in is slowed down for a while: wait a minute, then try again.",
  AccessDenied: "Your account has no role in this console. Ask an administrator to add you to one of its groups.",
  SessionRequired: "Please sign in.",
  CsrfExpired: "The sign-in form had expired. Please sign in again.",
};
const SSO_FAILED = "Single sign-on failed. Try again; if it keeps failing, the console's logs say why.";

/** A next-auth error code (from `?error=` or signIn()) → a sentence for the sign-in page; undefined for no error. */
export function signInErrorMessage(code: unknown): string | undefined {
  const c = Array.isArray(code) ? (code[0] as unknown) : code;
  if (typeof c !== "string" || !c) return undefined;
  if (MESSAGES[c]) return MESSAGES[c];
  return /^(OAuth|Callback|Configuration)/.test(c) ? SSO_FAILED : "Sign-in failed. Try again.";
}
