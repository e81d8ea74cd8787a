// Security headers for every response: a nonce-based Content-Security-Policy plus fixed hardening headers.

/**
 * The CSP for one response. Scripts need this request's nonce (Next adds it to its own tags); nothing may frame us.
 * `formTargets`: other origins a form may end up at, i.e. the identity provider next-auth redirects the SSO form to
 * (browsers apply form-action to the redirects after a form POST too).
 */
export function contentSecurityPolicy(nonce: string, { secure, dev, formTargets = [] }: { secure: boolean; dev: boolean; formTargets?: string[] }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React style props, Radix and sonner set inline styles that cannot carry a nonce; injected CSS cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers every response carries; HSTS only when the browser reached us over TLS. */
export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    ...(secure ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
