// A real OpenID Provider for browser tests (the `oidc-provider` package) on 127.0.0.1: any password signs in,
// and each account's `groups` claim comes from the map given here.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

export interface TestIdpOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Account name → groups. */
  groups: Record<string, string[]>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** Starts the provider; its login page takes any name and password, then asks for consent ("Continue"). */
export async function startIdp(opts: TestIdpOptions): Promise<TestIdp> {
  const server = createServer();
  const issuer = `http://127.0.0.1:${await listen(server)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"], groups: ["groups"] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, name: sub, email: `${sub}@example.test`, groups: opts.groups[sub] ?? [] }),
    }),
    cookies: { keys: ["e2e-only-cookie-key"] },
    features: { devInteractions: { enabled: true } },
  });
  const handle = provider.callback();
  server.on("request", (req, res) => void handle(req, res));
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
