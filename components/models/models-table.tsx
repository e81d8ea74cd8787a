"use client";
// Installed models: sortable by any column (buttons in the headers, aria-sort), filterable by text, with details and delete.
import { useId, useMemo, useState } from "react";
import { input, smallButton } from "@/components/ui/styles";
import { CardTable } from "@/components/ui/card-table";
import { formatAge, formatBytes } from "@/lib/format";
import type { ModelSummary } from "@/lib/ollama/cache";

type Column = "name" | "size" | "family" | "parameterSize" | "quantization" | "modifiedAt" | "digest";

const COLUMNS: { key: Column; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Name" },
  { key: "size", label: "Size", numeric: true },
  { key: "family", label: "Family" },
  { key: "parameterSize", label: "Parameters", numeric: true },
  { key: "quantization", label: "Quantization" },
  { key: "modifiedAt", label: "Modified" },
  { key: "digest", label: "Digest" },
];

/** "3.2B" → 3.2e9, "137M" → 1.37e8: parameter sizes sort by value, not text. */
function parameterCount(text: string): number {
  const m = /^([\d.]+)\s*([KMBT]?)/i.exec(text);
  const scale: Record<string, number> = { "": 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return m ? Number(m[1]) * (scale[(m[2] ?? "").toUpperCase()] ?? 1) : 0;
}

function compare(a: ModelSummary, b: ModelSummary, key: Column): number {
  if (key === "size") return a.size - b.size;
  if (key === "parameterSize") return parameterCount(a.parameterSize) - parameterCount(b.parameterSize);
  return a[key].localeCompare(b[key]);
}

interface Props {
  models: ModelSummary[];
  loaded: ReadonlySet<string>;
  canOperate: boolean;
  onDetails: (name: string) => void;
  onDelete: (name: string) => void;
}

export function ModelsTable({ models, loaded, canOperate, onDetails, onDelete }: Props) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: Column; dir: 1 | -1 }>({ key: "name", dir: 1 });
  const rows = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const hay = (m: ModelSummary) => `${m.name} ${m.family} ${m.parameterSize} ${m.quantization} ${m.digest.slice(0, 12)}`.toLowerCase();
    return models.filter((m) => words.every((w) => hay(m).includes(w))).sort((a, b) => compare(a, b, sort.key) * sort.dir || a.name.localeCompare(b.name));
  }, [models, filter, sort]);

  const toggle = (key: Column) => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : key === "size" || key === "modifiedAt" ? -1 : 1 }));
  const total = models.reduce((n, m) => n + m.size, 0);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={`${id}-filter`} className="sr-only">
          Filter models
        </label>
        <input
          id={`${id}-filter`}
          type="search"
          className={`${input} max-w-xs`}
          placeholder="Filter by name, family, quantization…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="text-xs text-muted" aria-live="polite">
          {rows.length === models.length ? `${models.length} models, ${formatBytes(total)}` : `${rows.length} of ${models.length} models`}
        </span>
      </div>
      <CardTable caption="Installed models">
          <thead className="text-xs text-muted">
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"} className="pb-1.5 pr-3 font-medium">
                  <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden>{sort.key === c.key ? (sort.dir === 1 ? "▲" : "▼") : ""}</span>
                  </button>
                </th>
              ))}
              <th scope="col" className="pb-1.5 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.name} className="border-t border-border hover:bg-raised/50">
                <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                  <button type="button" className="font-mono text-xs text-accent hover:underline" onClick={() => onDetails(m.name)} aria-label={`Details of ${m.name}`}>
                    {m.name}
                  </button>
                  {loaded.has(m.name) ? <span className="ml-2 rounded bg-ok/15 px-1 text-2xs text-ok">loaded</span> : null}
                </th>
                <td data-label="Size" className="tabular whitespace-nowrap py-1.5 pr-3">{formatBytes(m.size)}</td>
                <td data-label="Family" className="py-1.5 pr-3">{m.family || "—"}</td>
                <td data-label="Parameters" className="tabular py-1.5 pr-3">{m.parameterSize || "—"}</td>
                <td data-label="Quantization" className="py-1.5 pr-3">{m.quantization || "—"}</td>
                <td data-label="Modified" className="whitespace-nowrap py-1.5 pr-3" title={m.modifiedAt}>
                  {formatAge(m.modifiedAt)}
                </td>
                <td data-label="Digest" className="py-1.5 pr-3 font-mono text-xs" title={m.digest}>
                  {m.digest.slice(0, 12)}
                </td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className={smallButton}
                    aria-label={`Delete ${m.name}`}
                    disabled={!canOperate}
                    title={canOperate ? undefined : "Needs the operator role"}
                    onClick={() => onDelete(m.name)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
      </CardTable>
      {rows.length === 0 && models.length > 0 ? <p className="text-sm text-muted">No model matches “{filter}”.</p> : null}
    </div>
  );
}
