"use client";
// The console's one table: columns as data, a row header per row, sortable headers (buttons, aria-sort), an optional
// filter box, and below the md breakpoint each row becomes a card (see `.card-table` in app/globals.css).
import { useId, useMemo, useState, type ReactNode } from "react";
import { Empty } from "./states";
import { input, smallButton } from "./styles";

export interface Column<T> {
  /** Stable id, also the sort key. */
  id: string;
  header: string;
  /** The header is for screen readers only (an actions column). */
  hiddenHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable by this order (ascending). */
  sort?: (a: T, b: T) => number;
  /** The first click sorts descending: the biggest or newest first. */
  descendingFirst?: boolean;
  /** Classes of the column's cells (type, wrapping). */
  className?: string;
  align?: "right";
  /** The label a cell prints before its value in the card layout; default `header`, false for none. */
  cardLabel?: string | false;
  /** A hover title for the cell (the exact value behind a short one). */
  title?: (row: T) => string | undefined;
}

export interface TableFilter<T> {
  /** The accessible name of the box ("Filter models"). */
  label: string;
  placeholder: string;
  /** The text a row is searched in; every word typed must occur. */
  text: (row: T) => string;
  /** The count line: all rows, or how many of them match. */
  summary: (shown: readonly T[], all: readonly T[]) => string;
  /** "No model matches …". */
  noMatch: (text: string) => string;
}

export interface DataTableProps<T> {
  /** The table's accessible name (a visually hidden caption). */
  caption: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** The first column is the row header. */
  columns: readonly Column<T>[];
  initialSort?: { id: string; descending?: boolean };
  filter?: TableFilter<T>;
  /** Extra classes of a row (a highlighted one). */
  rowClassName?: (row: T) => string;
}

type Sort = { id: string; descending: boolean } | undefined;

const ariaSort = (sort: Sort, id: string) => (sort?.id === id ? (sort.descending ? "descending" : "ascending") : "none");
const alignClass = (c: { align?: "right" }) => (c.align === "right" ? "text-right" : "text-left");

function useRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: Sort, filter: TableFilter<T> | undefined, text: string) {
  return useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = filter && words.length ? rows.filter((r) => words.every((w) => filter.text(r).toLowerCase().includes(w))) : [...rows];
    const by = columns.find((c) => c.id === sort?.id)?.sort;
    // Ties keep the order the rows came in (Array.prototype.sort is stable).
    return by && sort ? shown.sort((a, b) => by(a, b) * (sort.descending ? -1 : 1)) : shown;
  }, [rows, columns, sort, filter, text]);
}

function HeaderCell<T>({ column, sort, onSort }: { column: Column<T>; sort: Sort; onSort: (c: Column<T>) => void }) {
  const base = `pb-1.5 pr-3 font-medium last:pr-0 ${alignClass(column)}`;
  if (column.hiddenHeader) {
    return (
      <th scope="col" className={base}>
        <span className="sr-only">{column.header}</span>
      </th>
    );
  }
  if (!column.sort) {
    return (
      <th scope="col" className={base}>
        {column.header}
      </th>
    );
  }
  const active = sort?.id === column.id;
  return (
    <th scope="col" aria-sort={ariaSort(sort, column.id)} className={base}>
      <button type="button" className="inline-flex items-center gap-1 rounded hover:text-fg focus-visible:text-fg" onClick={() => onSort(column)}>
        {column.header}
        <span aria-hidden className="w-2">
          {active ? (sort.descending ? "▼" : "▲") : ""}
        </span>
      </button>
    </th>
  );
}

function Body<T>({ rows, columns, rowKey, rowClassName }: Pick<DataTableProps<T>, "columns" | "rowKey" | "rowClassName"> & { rows: readonly T[] }) {
  return (
    <tbody>
      {rows.map((row) => (
        <tr key={rowKey(row)} className={`border-t border-border align-top hover:bg-raised/40 ${rowClassName?.(row) ?? ""}`}>
          {columns.map((c, i) => {
            const cls = `py-1.5 pr-3 last:pr-0 ${alignClass(c)} ${c.className ?? ""}`;
            const title = c.title?.(row);
            if (i === 0) {
              return (
                <th key={c.id} scope="row" className={`${cls} font-normal`} title={title}>
                  {c.cell(row)}
                </th>
              );
            }
            const label = c.cardLabel === false ? undefined : (c.cardLabel ?? c.header);
            return (
              <td key={c.id} data-label={label} className={cls} title={title}>
                {c.cell(row)}
              </td>
            );
          })}
        </tr>
      ))}
    </tbody>
  );
}

function FilterBox({ id, label, placeholder, value, onChange, summary }: { id: string; label: string; placeholder: string; value: string; onChange: (v: string) => void; summary: string }) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-3">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} type="search" className={`${input} max-w-xs`} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
      <span className="text-xs text-muted" aria-live="polite">
        {summary}
      </span>
    </div>
  );
}

/**
 * The scroll box is `relative` on purpose: visually hidden headers (`sr-only`, position absolute) otherwise take the
 * page as their containing block, escape the `overflow-x-auto` box and widen the whole document on a phone.
 */
export function DataTable<T>({ caption, rows, rowKey, columns, initialSort, filter, rowClassName }: DataTableProps<T>) {
  const id = useId();
  const [text, setText] = useState("");
  const [sort, setSort] = useState<Sort>(initialSort && { id: initialSort.id, descending: initialSort.descending ?? false });
  const shown = useRows(rows, columns, sort, filter, text);
  const onSort = (c: Column<T>) => setSort((s) => ({ id: c.id, descending: s?.id === c.id ? !s.descending : (c.descendingFirst ?? false) }));
  return (
    <div>
      {filter ? <FilterBox id={`${id}-filter`} label={filter.label} placeholder={filter.placeholder} value={text} onChange={setText} summary={filter.summary(shown, rows)} /> : null}
      <div className="relative overflow-x-auto">
        <table className="card-table w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="text-xs text-muted">
            <tr>
              {columns.map((c) => (
                <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
              ))}
            </tr>
          </thead>
          <Body rows={shown} columns={columns} rowKey={rowKey} rowClassName={rowClassName} />
        </table>
      </div>
      {filter && shown.length === 0 && rows.length > 0 ? (
        <div className="mt-2">
          <Empty>{filter.noMatch(text)}</Empty>
        </div>
      ) : null}
    </div>
  );
}

/** A last column with one small button per row ("Delete", "Unload"): named for its row, disabled with the reason. */
export function buttonColumn<T>({
  text,
  label,
  onClick,
  blocked,
}: {
  text: string;
  /** The button's accessible name for the row ("Delete qwen2.5:7b"). */
  label: (row: T) => string;
  onClick: (row: T) => void;
  /** Why the button is disabled for this row; undefined when it is enabled. */
  blocked?: (row: T) => string | undefined;
}): Column<T> {
  return {
    id: "actions",
    header: "Actions",
    hiddenHeader: true,
    cardLabel: false,
    align: "right",
    cell: (row) => {
      const why = blocked?.(row);
      return (
        <button type="button" className={smallButton} aria-label={label(row)} disabled={why !== undefined} title={why} onClick={() => onClick(row)}>
          {text}
        </button>
      );
    },
  };
}
