// A node:http listener that can go down (connection refused, sockets destroyed) and come back on the same port.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listener {
  /** Base URL once listening (`http://127.0.0.1:<port>`); empty before the first listen. */
  readonly url: string;
  readonly listening: boolean;
  /** Starts listening (on the same port as before after a stop); resolves to the URL. */
  listen(): Promise<string>;
  /** Closes the listener and destroys every open connection. */
  stop(): Promise<void>;
}

/** Wraps a request handler in a restartable listener on host:port (port 0 = pick a free one, then keep it). */
export function createListener(handler: RequestListener, opts: { port?: number; host?: string } = {}): Listener {
  const host = opts.host ?? "127.0.0.1";
  let port = opts.port ?? 0;
  let url = "";
  const server = createServer(handler);
  return {
    get url() {
      return url;
    },
    get listening() {
      return server.listening;
    },
    listen() {
      if (server.listening) return Promise.resolve(url);
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          port = (server.address() as AddressInfo).port;
          url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
          resolve(url);
        });
      });
    },
    stop() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
