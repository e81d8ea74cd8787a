"use client";
// The access path: Service → ready endpoints → Ingress / IngressRoute (host, TLS) → external probe, with a verdict in words.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ExposureDetails } from "@/components/exposure/exposure-details";
import { TONE_TEXT } from "@/components/ui/tone";
import { Panel } from "@/components/ui/panel";
import { QueryState } from "@/components/ui/query-panel";
import type { AccessResponse } from "@/lib/shared/contracts/overview";
import { overviewQueries } from "./queries";
import { freshnessStale, LevelDot } from "./status";

function Hop({ label, children }: { label: string; children: ReactNode }) {
  return (
    <li className="relative border-l-2 border-border pb-3 pl-4 last:pb-0">
      <span aria-hidden className="absolute -left-[5px] top-1.5 h-2 w-2 rounded-full bg-border" />
      <p className="text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <div className="text-sm">{children}</div>
    </li>
  );
}

function Routes({ a }: { a: AccessResponse }) {
  if (a.routes.length === 0) {
    return <p className="text-muted">None{a.ingressRoutesInstalled ? "" : " (Traefik IngressRoute CRD not installed)"}</p>;
  }
  return (
    <ul>
      {a.routes.map((r) => (
        <li key={`${r.kind}/${r.name}`}>
          <span className="font-mono text-xs">{r.hosts.join(", ") || "(any host)"}</span>{" "}
          <span className="text-muted">
            via {r.kind} {r.name}
            {r.entryPoints.length ? ` on ${r.entryPoints.join(", ")}` : ""}
          </span>{" "}
          {r.tls ? <span className="text-ok">TLS{r.tlsSecret ? ` (${r.tlsSecret})` : ""}</span> : <span className="text-warn">no TLS</span>}
        </li>
      ))}
    </ul>
  );
}

function Path({ a }: { a: AccessResponse }) {
  return (
    <>
      <p className={`mb-3 flex items-center gap-2 font-semibold ${TONE_TEXT[a.level]}`}>
        <LevelDot level={a.level} />
        {a.title}
      </p>
      <p className="-mt-2 mb-3 break-words text-sm text-muted">{a.reason}</p>
      <ol>
        <Hop label="Service">
          {a.service ? (
            <>
              <span className="font-mono text-xs">{a.service.name}</span>{" "}
              <span className="text-muted">
                {a.service.type} {a.service.clusterIP ?? ""} · {a.service.ports.join(", ")}
              </span>
            </>
          ) : (
            <span className="text-bad">none selects the Ollama pods</span>
          )}
        </Hop>
        <Hop label="Endpoints">
          {a.endpoints.ready.length} ready{a.endpoints.notReady ? `, ${a.endpoints.notReady} not ready` : ""}
          {a.endpoints.ready.map((e) => (
            <span key={e.address} className="block font-mono text-xs text-muted">
              {e.address}
              {e.pod ? ` (${e.pod}${e.node ? ` on ${e.node}` : ""})` : ""}
            </span>
          ))}
        </Hop>
        <Hop label="Routes">
          <Routes a={a} />
        </Hop>
        {a.probe ? (
          <Hop label="External probe">
            <span className="font-mono text-xs">{a.probe.url}</span>{" "}
            {a.probe.ok ? (
              <span className="text-ok">
                HTTP {a.probe.status} in {a.probe.latencyMs} ms
              </span>
            ) : (
              <span className="text-bad">{a.probe.error ?? `HTTP ${a.probe.status}`}</span>
            )}
          </Hop>
        ) : null}
      </ol>
    </>
  );
}

export function AccessPath() {
  const q = useQuery(overviewQueries.access());
  return (
    <Panel title="Access path">
      <QueryState query={q} stale={(a) => freshnessStale(a.freshness)}>
        {(a) => <Path a={a} />}
      </QueryState>
      <ExposureDetails />
    </Panel>
  );
}
