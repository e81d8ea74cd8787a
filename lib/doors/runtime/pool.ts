// Bounded parallelism for fan-out reads (blob checks, registry manifests): never more than `limit` requests in flight.
import "server-only";

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. Rejects with the first failure. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
