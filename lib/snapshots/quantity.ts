// Kubernetes storage quantities ("100Gi", "1.5T", "5368709120") → bytes, for sizes shown and entered (browser-safe).

const SUFFIX: Record<string, number> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([eE][-+]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E))?$/;

/** "100Gi" → 107374182400; undefined for anything that is not a non-negative quantity. Fractional bytes round up. */
export function parseQuantity(quantity: string): number | undefined {
  const m = QUANTITY.exec(quantity.trim());
  if (!m?.[1]) return undefined;
  const value = Number(m[1] + (m[2] ?? "")) * (SUFFIX[m[3] ?? ""] ?? 1);
  return Number.isFinite(value) ? Math.ceil(value) : undefined;
}
