import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PEER_HEADER } from "./origin";
import { stampPeerAddresses } from "./peer";

describe("stampPeerAddresses", () => {
  it("gives handlers the TCP peer under a header a client cannot set, even on servers created earlier", async () => {
    const seen: (string | string[] | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers[PEER_HEADER]);
      res.end();
    });
    stampPeerAddresses();
    stampPeerAddresses();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await fetch(url, { headers: { [PEER_HEADER]: "203.0.113.1", "x-forwarded-for": "203.0.113.2" } });
    await fetch(url);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
