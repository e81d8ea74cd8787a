// Where the browser thinks the console lives, whether a request comes from there, and who sent it.
// X-Forwarded-* are honoured only with TRUST_PROXY (Traefik in front); otherwise anyone could claim TLS or another host.
import "server-only";
import { isIP } from "node:net";
import type { AuthSettings } from "../../doors/runtime/config/auth";

/** Request header holding the socket's remote address, stamped by lib/features/auth/peer.ts (never taken from a client). */
export const PEER_HEADER = "x-ollama-ops-peer";

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

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything that is not an IP address → undefined. */
function address(text: string | null | undefined): string | undefined {
  const a = text?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return a && isIP(a) ? a : undefined;
}

/**
 * The client's address for sign-in throttling. Directly reached (TRUST_PROXY off), only the TCP peer counts, stamped by
 * the server (PEER_HEADER): X-Forwarded-For is whatever the client wrote. Behind the trusted proxy, the peer is that
 * proxy, and the right-most X-Forwarded-For hop is the address it saw (hops further left are the client's own words).
 */
export function clientIp(headers: Headers, trust: Pick<AuthSettings, "trustProxy">): string {
  const peer = address(headers.get(PEER_HEADER));
  if (!trust.trustProxy) return peer ?? "unknown";
  const hops = (headers.get("x-forwarded-for") ?? "").split(",");
  return address(hops.at(-1)) ?? peer ?? "unknown";
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
