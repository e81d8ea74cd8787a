"use client";
// Installed models: sortable by any column, filterable by text, with details and delete.
import { buttonColumn, DataTable, type Column } from "@/components/ui/data-table";
import { formatAge, formatBytes } from "@/lib/shared/format";
import type { ModelSummary } from "@/lib/shared/contracts/shared";

/** "3.2B" → 3.2e9, "137M" → 1.37e8: parameter sizes sort by value, not text. */
function parameterCount(text: string): number {
  const m = /^([\d.]+)\s*([KMBT]?)/i.exec(text);
  const scale: Record<string, number> = { "": 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return m ? Number(m[1]) * (scale[(m[2] ?? "").toUpperCase()] ?? 1) : 0;
}

const byText = (key: "name" | "family" | "quantization" | "modifiedAt" | "digest") => (a: ModelSummary, b: ModelSummary) => a[key].localeCompare(b[key]);

/** What a row shows besides the model (loaded or not) and what it can do. */
interface RowContext {
  loaded: ReadonlySet<string>;
  canOperate: boolean;
  onDetails: (name: string) => void;
  onDelete: (name: string) => void;
}

function columns({ loaded, canOperate, onDetails, onDelete }: RowContext): Column<ModelSummary>[] {
  return [
    {
      id: "name",
      header: "Name",
      sort: byText("name"),
      cell: (m) => (
        <>
          <button type="button" className="font-mono text-xs text-accent hover:underline" onClick={() => onDetails(m.name)} aria-label={`Details of ${m.name}`}>
            {m.name}
          </button>
          {loaded.has(m.name) ? <span className="ml-2 rounded bg-ok/15 px-1 text-2xs text-ok">loaded</span> : null}
        </>
      ),
    },
    { id: "size", header: "Size", sort: (a, b) => a.size - b.size, descendingFirst: true, className: "tabular whitespace-nowrap", cell: (m) => formatBytes(m.size) },
    { id: "family", header: "Family", sort: byText("family"), cell: (m) => m.family || "—" },
    { id: "parameterSize", header: "Parameters", sort: (a, b) => parameterCount(a.parameterSize) - parameterCount(b.parameterSize), className: "tabular", cell: (m) => m.parameterSize || "—" },
    { id: "quantization", header: "Quantization", sort: byText("quantization"), cell: (m) => m.quantization || "—" },
    { id: "modifiedAt", header: "Modified", sort: byText("modifiedAt"), descendingFirst: true, className: "whitespace-nowrap", title: (m) => m.modifiedAt, cell: (m) => formatAge(m.modifiedAt) },
    { id: "digest", header: "Digest", sort: byText("digest"), className: "font-mono text-xs", title: (m) => m.digest, cell: (m) => m.digest.slice(0, 12) },
    buttonColumn({ text: "Delete", label: (m) => `Delete ${m.name}`, onClick: (m) => onDelete(m.name), blocked: () => (canOperate ? undefined : "Needs the operator role") }),
  ];
}

export function ModelsTable({ models, ...props }: RowContext & { models: ModelSummary[] }) {
  const total = models.reduce((n, m) => n + m.size, 0);
  return (
    <DataTable
      caption="Installed models"
      rows={models}
      rowKey={(m) => m.name}
      columns={columns(props)}
      initialSort={{ id: "name" }}
      filter={{
        label: "Filter models",
        placeholder: "Filter by name, family, quantization…",
        text: (m) => `${m.name} ${m.family} ${m.parameterSize} ${m.quantization} ${m.digest.slice(0, 12)}`,
        summary: (shown, all) => (shown.length === all.length ? `${all.length} models, ${formatBytes(total)}` : `${shown.length} of ${all.length} models`),
        noMatch: (text) => `No model matches “${text}”.`,
      }}
    />
  );
}
