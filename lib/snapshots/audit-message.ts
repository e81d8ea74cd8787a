// The failure text an audit entry carries: the safe AppError message, never internals.
import "server-only";
import { AppError } from "../errors";

/** AppError message, or a generic line for anything unexpected (details go to the log via the route wrapper). */
export function failureMessage(err: unknown): string {
  return err instanceof AppError ? err.message : "unexpected error; see the console's logs";
}
