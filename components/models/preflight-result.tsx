"use client";
// The pre-flight verdict: fits / tight / does not fit, the bytes behind it, and which deletions would make room.
import { formatBytes } from "@/lib/shared/format";
import type { Preflight } from "@/lib/shared/contracts/pulls";
import { GrowOffer } from "@/components/disk/grow-offer";
import { Facts } from "@/components/ui/facts";
import { TONE_BOX } from "@/components/ui/tone";

const VERDICT = {
  fits: { label: "Fits", tone: TONE_BOX.ok },
  tight: { label: "Tight", tone: TONE_BOX.warn },
  does_not_fit: { label: "Does not fit", tone: TONE_BOX.bad },
} as const;

function Numbers({ p }: { p: Preflight & { fit: NonNullable<Preflight["fit"]> } }) {
  const f = p.fit;
  const rows: [string, string][] = [
    ["Model size", formatBytes(f.totalBytes)],
    ["Already on disk", `${formatBytes(f.presentBytes + f.partialBytes)}${f.partialBytes ? ` (${formatBytes(f.partialBytes)} from an interrupted download)` : ""}`],
    ["To download", formatBytes(f.downloadBytes)],
    ["Free now", formatBytes(f.availableBytes)],
    f.freeAfterBytes < 0 ? ["Free after the pull", `short by ${formatBytes(-f.freeAfterBytes)}`] : ["Free after the pull", formatBytes(f.freeAfterBytes)],
    ["Headroom to keep", formatBytes(f.headroomBytes)],
  ];
  return <Facts rows={rows} dense />;
}

/** Renders one pre-flight answer; the pull button's rules live in the form. */
export function PreflightResult({ p, canAdmin = false }: { p: Preflight; canAdmin?: boolean }) {
  if (p.missing) {
    return (
      <div role="status" aria-label="Space check" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm">
        <p className="font-medium text-bad">{p.problem?.split(":")[0] ?? "Not found"}</p>
        <p className="text-muted">{p.problem?.split(": ").slice(1).join(": ")}</p>
      </div>
    );
  }
  if (p.check === "unavailable" || !p.fit) {
    return (
      <div role="status" aria-label="Space check" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
        <p className="font-medium text-warn">Space not checked</p>
        <p className="text-muted">{p.problem}</p>
      </div>
    );
  }
  const v = VERDICT[p.fit.verdict];
  const fit = p.fit;
  return (
    <div role="status" aria-label="Space check" className={`space-y-2 rounded-md border px-3 py-2 text-sm ${v.tone}`}>
      <p className="font-medium">
        {v.label}
        <span className="ml-2 font-normal text-muted">
          {p.upToDate
            ? "already installed and current: pulling only re-verifies it"
            : `${formatBytes(fit.downloadBytes)} to download, ${formatBytes(fit.availableBytes)} free`}
        </span>
      </p>
      <div className="text-fg">
        <Numbers p={{ ...p, fit }} />
      </div>
      {fit.shortfallBytes > 0 ? (
        <div className="text-fg">
          <p>
            Free {formatBytes(fit.shortfallBytes)}
            {fit.suggestions.length ? ", for example by deleting:" : "; no installed model would free enough."}
          </p>
          {fit.suggestions.length ? (
            <ul aria-label="Models to delete" className="ml-4 list-disc text-xs">
              {fit.suggestions.map((s) => (
                <li key={s.name}>
                  <span className="font-mono">{s.name}</span> — frees {formatBytes(s.freesBytes)}
                </li>
              ))}
            </ul>
          ) : null}
          {fit.suggestions.length && !fit.suggestionsCover ? <p className="text-xs text-muted">Even all of these would not free enough.</p> : null}
          {p.suggestionsNote ? <p className="text-2xs text-muted">Freed sizes: {p.suggestionsNote}.</p> : null}
        </div>
      ) : null}
      {p.thresholdWarning ? <p className="text-warn">{p.thresholdWarning}</p> : null}
      {fit.verdict === "does_not_fit" || p.thresholdWarning ? <GrowOffer pendingBytes={fit.downloadBytes} canAdmin={canAdmin} /> : null}
      {p.disk ? <p className="text-2xs text-muted">Free space from {p.disk.sourceNote}.</p> : null}
    </div>
  );
}
