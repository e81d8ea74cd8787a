// Bytes → the Kubernetes storage quantity a form proposes ("100Gi"); parsing lives in lib/shared/kubernetes/wire (browser-safe).

const BINARY = [
  ["Ei", 2 ** 60],
  ["Pi", 2 ** 50],
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
] as const;

/** 107374182400 → "100Gi": the largest binary unit that is exact, else whole Mi rounded up (never smaller than `bytes`). */
export function formatQuantity(bytes: number): string {
  for (const [unit, size] of BINARY) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return bytes < 2 ** 20 ? String(Math.ceil(bytes)) : `${Math.ceil(bytes / 2 ** 20)}Mi`;
}
