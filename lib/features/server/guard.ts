// Requests refused before any route or session check runs (called by proxy.ts): cheap checks on the request line and
// headers only, so nothing is read or buffered for a request that can never be served.
import "server-only";
import { AppError } from "../../doors/runtime/errors";
import { bodyTooLarge, declaresTooLarge } from "./body";

/** Why the request is refused outright (413 declared oversize body, 400 path that is not UTF-8), or undefined. */
export function requestProblem(req: { headers: Headers; nextUrl: { pathname: string } }): AppError | undefined {
  if (declaresTooLarge(req.headers)) return bodyTooLarge();
  try {
    // Next's router decodes path parameters itself and answers a bare 500 when they are not UTF-8.
    decodeURIComponent(req.nextUrl.pathname);
  } catch {
    return new AppError("invalid", "Invalid path: not valid UTF-8 after percent-decoding", "console");
  }
  return undefined;
}
