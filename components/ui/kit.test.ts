// The kit's markup as a browser and a screen reader get it: table semantics, sort state, card labels, and the order of
// a widget's states. Rendered to HTML on the server (no DOM needed); the browser tests cover the interaction.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buttonColumn, DataTable, type Column } from "./data-table";
import { HttpError } from "./fetch-json";
import { QueryState, type QueryLike } from "./query-panel";

interface Row {
  name: string;
  size: number;
}
const ROWS: Row[] = [
  { name: "b", size: 2 },
  { name: "a", size: 3 },
  { name: "c", size: 1 },
];
const COLUMNS: Column<Row>[] = [
  { id: "name", header: "Name", sort: (x, y) => x.name.localeCompare(y.name), cell: (r) => r.name },
  { id: "size", header: "Size", sort: (x, y) => x.size - y.size, cell: (r) => `${r.size} GiB` },
  { id: "note", header: "Note", cell: () => "—" },
  buttonColumn<Row>({ text: "Delete", label: (r) => `Delete ${r.name}`, onClick: () => undefined, blocked: (r) => (r.name === "a" ? "in use" : undefined) }),
];

const table = (initialSort?: { id: string; descending?: boolean }) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { caption: "Models", rows: ROWS, rowKey: (r) => r.name, columns: COLUMNS, initialSort }));

describe("DataTable", () => {
  it("names the table, makes the first cell of each row its header and labels the other cells for the card layout", () => {
    const html = table();
    expect(html).toContain('<caption class="sr-only">Models</caption>');
    expect(html.match(/<th scope="row"/g)).toHaveLength(3);
    expect(html).toContain('data-label="Size"');
    // The actions column prints no label in a card, and its header is for screen readers only.
    expect(html).not.toContain('data-label="Actions"');
    expect(html).toContain('<span class="sr-only">Actions</span>');
  });

  it("sorts by the initial column and says so with aria-sort; unsortable columns have no aria-sort", () => {
    const html = table({ id: "size", descending: true });
    const order = [...html.matchAll(/<th scope="row"[^>]*>([a-c])<\/th>/g)].map((m) => m[1]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(html.match(/aria-sort="descending"/g)).toHaveLength(1);
    expect(html.match(/aria-sort="none"/g)).toHaveLength(1);
    expect(html.match(/aria-sort=/g)).toHaveLength(2);
    expect(html).toContain("▼");
  });

  it("keeps the rows' own order without a sort", () => {
    const order = [...table().matchAll(/<th scope="row"[^>]*>([a-c])<\/th>/g)].map((m) => m[1]);
    expect(order).toEqual(["b", "a", "c"]);
  });

  it("names each row's button for its row and disables it with the reason", () => {
    const html = table();
    expect(html).toMatch(/aria-label="Delete a" disabled="" title="in use"/);
    expect(html).toMatch(/aria-label="Delete b">Delete/);
  });
});

const state = (query: QueryLike<{ items: string[] }>, extra: Partial<Parameters<typeof QueryState<{ items: string[] }>>[0]> = {}) =>
  // eslint-disable-next-line react/no-children-prop -- a render-prop child passed in props keeps createElement's call typed
  renderToStaticMarkup(createElement(QueryState<{ items: string[] }>, { query, children: (d) => `items: ${d.items.join(",")}`, ...extra }));

describe("QueryState", () => {
  it("loads, then fails with a title from the failing system", () => {
    expect(state({ data: undefined, error: null })).toContain("Loading…");
    const down = new HttpError(503, "Kubernetes API unreachable: connection refused", "unreachable", "kubernetes");
    const html = state({ data: undefined, error: down });
    expect(html).toContain('role="alert"');
    expect(html).toContain("Kubernetes API unreachable");
    expect(html).toContain("connection refused");
    expect(state({ data: undefined, error: new HttpError(0, "The console is not reachable (network error)") })).toContain("Console unreachable");
  });

  it("keeps the data of a failed refetch on screen, marked stale with the reason", () => {
    const html = state({ data: { items: ["x"] }, error: new HttpError(0, "network error"), dataUpdatedAt: Date.parse("2026-11-28T10:00:00Z") });
    expect(html).toContain("items: x");
    expect(html).toContain("Stale since");
    expect(html).toContain("Console unreachable: network error");
  });

  it("shows a failed part of the answer under its own title, and the empty sentence instead of the data", () => {
    const failed = state({ data: { items: [] }, error: null }, { failure: () => ({ title: "API keys are off", message: "no Secret" }) });
    expect(failed).toContain("API keys are off");
    expect(failed).not.toContain("items:");
    const empty = state({ data: { items: [] }, error: null }, { empty: (d) => (d.items.length ? undefined : "Nothing here.") });
    expect(empty).toContain("Nothing here.");
    expect(empty).not.toContain("items:");
  });
});
