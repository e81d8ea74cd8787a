// Runs independent reads side by side; each one either yields data or a safe error, never both.
import "server-only";
import type { Settled } from "../../shared/contracts/error";
import { AppError, isAppError } from "../../doors/runtime/errors";

export type { Settled } from "../../shared/contracts/error";

/** Awaits `p`, turning an AppError into a serialisable `{ ok: false, error }`; anything else becomes an internal error. */
export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, data: await p };
  } catch (err) {
    const e = isAppError(err) ? err : new AppError("internal", "Unexpected error; see the console's logs", "console", { cause: err });
    return { ok: false, error: e.toJSON().error };
  }
}
