import type { NextConfig } from "next";
import { securityHeaders } from "./lib/features/auth/headers.ts";
import { ConfigError, loadConfig } from "./lib/doors/runtime/config/load.ts";

// Fail at start with one line naming the bad variable, before Next prints anything else.
try {
  loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

/** Files proxy.ts never sees (its matcher skips them, so static files stay cheap): they get the same fixed headers here. */
const STATIC_SOURCES = ["/_next/static/:path*", "/_next/image", "/favicon.ico"];
// Pages get a per-request nonce CSP from proxy.ts; these files are never pages, so a browser that opens one directly
// (an SVG, say) may run and load nothing.
const STATIC_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
const { "Strict-Transport-Security": hsts = "", ...fixedHeaders } = securityHeaders(true);

const nextConfig: NextConfig = {
  headers() {
    return Promise.resolve(
      STATIC_SOURCES.flatMap((source) => [
        { source, headers: asList({ ...fixedHeaders, "Content-Security-Policy": STATIC_CSP }) },
        // HSTS only over TLS, as on pages; browsers ignore it on plain HTTP anyway, so trusting the header here is safe.
        { source, has: [{ type: "header" as const, key: "x-forwarded-proto", value: "https" }], headers: asList({ "Strict-Transport-Security": hsts }) },
      ]),
    );
  },
  output: "standalone",
  // No gzip in the Node process: at 50 polling viewers its zlib streams (native memory, freed on the thread pool)
  // fragmented malloc's arenas and RSS grew outside the V8 heap (README, "Memory budget"). Traefik compresses instead
  // (deploy/base/middleware.yaml); behind a proxy, Next's docs advise the same.
  compress: false,
  // Separate build folders let several servers (tests, demo) share one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // `npm run bench:routes` builds with BENCH_ROUTES=1, which adds its bare comparison routes (route.bench.ts files);
  // every other build leaves them out, so they never ship.
  pageExtensions: process.env.BENCH_ROUTES === "1" ? ["tsx", "ts", "bench.ts"] : ["tsx", "ts"],
  reactStrictMode: true,
  serverExternalPackages: ["@kubernetes/client-node"],
  experimental: {
    // Next copies each request body for the proxy, buffering up to this much per request (default 10 MB: 16 parallel
    // uploads cost 160 MB before any check ran). Routes accept at most 64 KiB (lib/features/server/body.ts); 256 KiB (more than the
    // cap plus one socket read) still lets them see an oversize chunked body as such and answer 413.
    proxyClientMaxBodySize: 256 * 1024,
  },
  // `npm run typecheck` checks the whole project (sim/, agent/, tests too) as its own CI step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
