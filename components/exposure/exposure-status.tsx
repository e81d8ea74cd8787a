"use client";
// One line for the health strip: the exposure verdict and, if Ollama's version is affected, the advisory.
import { useQuery } from "@tanstack/react-query";
import { exposureQuery, LEVEL_STYLE } from "./queries";

export function ExposureStatus() {
  const q = useQuery(exposureQuery());
  if (!q.data) return null;
  const { level, headline, advisory } = q.data;
  return (
    <div className="flex flex-wrap gap-2 text-xs" role="status" aria-label="Exposure">
      <span className={`rounded border px-2 py-0.5 ${LEVEL_STYLE[level]}`}>{headline}</span>
      {advisory?.affecting.length ? (
        <span className={`rounded border px-2 py-0.5 ${LEVEL_STYLE.red}`}>
          Ollama {advisory.version} is affected by {advisory.affecting.map((a) => a.id).join(", ")}: upgrade to {advisory.upgradeTo}
        </span>
      ) : null}
    </div>
  );
}
