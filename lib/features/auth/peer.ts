// The TCP peer of each request, which Next's handlers cannot see: stamped onto the request as a header by the HTTP
// server itself, overwriting whatever a client sent under that name, so clientIp() has one address nobody can forge.
import "server-only";
import { Server, type IncomingMessage } from "node:http";
import { PEER_HEADER } from "./origin";

let installed = false;

/** Makes every HTTP server of this process stamp PEER_HEADER on its requests. Idempotent; call once at start. */
export function stampPeerAddresses(): void {
  if (installed) return;
  installed = true;
  // `next start` and the standalone server.js create their server before our start-up hook runs, so the prototype is
  // the one place that sees every request of every server in the process.
  const emit = Reflect.get(Server.prototype, "emit") as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Reflect.set(Server.prototype, "emit", function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
    }
    return emit.call(this, event, ...args);
  });
}
