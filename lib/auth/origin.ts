// Where the browser thinks the console lives, whether a request comes from there, and who sent it.
// X-Forwarded-* are honoured only with TRUST_PROXY (Traefik in front); otherwise anyone could claim TLS or another host.
import type { AuthSettings } from "../config/auth";

type Trust = Pick<AuthSettings, "url" | "trustProxy">;

/** First value of a possibly comma-joined header ("https, http" from proxy chains). */
function first(headers: Headers, name: string): string | undefined {
  return headers.get(name)?.split(",")[0]?.trim() || undefined;
}

/** The console's public origin, e.g. "https://ollama-ops.example.com": AUTH_URL, else the (trusted) forwarded or Host header. */
export function publicOrigin(headers: Headers, trust: Trust): string {
  if (trust.url) return new URL(trust.url).origin;
  const host = (trust.trustProxy ? first(headers, "x-forwarded-host") : undefined) ?? headers.get("host") ?? "localhost";
  const proto = trust.trustProxy ? first(headers, "x-forwarded-proto") : undefined;
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** True when cookies must be `Secure`: the browser reached the console over TLS. */
export function isSecure(headers: Headers, trust: Trust): boolean {
  return publicOrigin(headers, trust).startsWith("https:");
}

/**
 * True unless a browser says the request came from another site. Sec-Fetch-Site decides when present (all current
 * browsers send it); else Origin must name our host. Neither header = not a browser, which carries no ambient cookies.
 */
export function isSameOrigin(headers: Headers, trust: Trust): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  if (!origin) return true;
  if (origin === "null" || !URL.canParse(origin)) return false;
  return new URL(origin).host === new URL(publicOrigin(headers, trust)).host;
}

/** The client's address for rate limiting: the last X-Forwarded-For hop (the one our proxy, or Next itself, appended). */
export function clientIp(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return hops.at(-1) ?? "unknown";
}

/**
 * Request headers with X-Forwarded-Host/Proto replaced by what we trust, so code that reads them blindly
 * (next-auth builds its callback URLs from them) sees the public origin and nothing a client made up.
 */
export function trustedForwardedHeaders(headers: Headers, trust: Trust): Headers {
  const url = new URL(publicOrigin(headers, trust));
  const out = new Headers(headers);
  out.set("x-forwarded-host", url.host);
  out.set("x-forwarded-proto", url.protocol.replace(":", ""));
  return out;
}
