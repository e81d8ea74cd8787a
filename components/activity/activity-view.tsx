"use client";
// The Activity page body: filters (user, action, outcome, text) over the audit trail, newest first, with human times.
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { QueryPanel } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import type { ActivityFilter } from "@/lib/shared/audit/filter";
import type { AuditOutcome } from "@/lib/shared/audit/types";
import { ActivityTable } from "./activity-table";
import { activityQuery } from "./queries";
import { OptionSelect } from "@/components/ui/option-select";

const control = "rounded-md border border-border bg-bg px-2 py-1 text-sm";

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      {label}
      <OptionSelect className={control} value={value} onChange={onChange} options={options} placeholder="All" />
    </label>
  );
}

export function ActivityView() {
  const [user, setUser] = useState("");
  const [action, setAction] = useState("");
  const [outcome, setOutcome] = useState<AuditOutcome | "">("");
  const [text, setText] = useState("");
  const q = useDeferredValue(text.trim());
  const filter: ActivityFilter = { user: user || undefined, action: action || undefined, outcome: outcome || undefined, q: q || undefined };
  const query = useQuery(activityQuery(filter));
  const { data } = query;

  const filters = (
    <div role="search" aria-label="Filter activity" className="flex flex-wrap items-center gap-3">
      <Select label="User" value={user} options={data?.facets.users ?? []} onChange={setUser} />
      <Select label="Action" value={action} options={data?.facets.actions ?? []} onChange={setAction} />
      <Select label="Outcome" value={outcome} options={["success", "failure"]} onChange={(v) => setOutcome(v as AuditOutcome | "")} />
      <input className={`${control} w-48`} type="search" aria-label="Search activity" placeholder="Search…" value={text} onChange={(e) => setText(e.target.value)} />
    </div>
  );

  return (
    <QueryPanel title="Recent activity" actions={filters} query={query} loadingLabel="Loading activity…" errorTitle="Activity unavailable">
      {(d) => (
        <>
          {d.clusterError ? (
            <p role="status" className="mb-3 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
              Showing this console&apos;s entries only; the cluster&apos;s copy is unavailable: {d.clusterError}
            </p>
          ) : null}
          {d.entries.length === 0 ? (
            <Empty>{user || action || outcome || q ? "No entries match these filters." : "Nothing recorded yet: sign-ins and changes appear here."}</Empty>
          ) : (
            <ActivityTable entries={d.entries} now={query.dataUpdatedAt} />
          )}
        </>
      )}
    </QueryPanel>
  );
}
