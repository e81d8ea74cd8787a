// The pull pre-flight (D3): registry manifest, blobs Ollama already has, partial downloads, free space → fits / tight / does not fit.
import "server-only";
import { settle } from "../server/settle";
import { config, type Target } from "../../doors/runtime/config";
import { diskUsage } from "../disk";
import { checkFit, type FitReport } from "../disk/fit";
import type { Preflight } from "../../shared/contracts/pulls";
import { AppError } from "../../doors/runtime/errors";
import { presentBlobs } from "../../doors/ollama/blobs";
import { listModels } from "../../doors/ollama/cache";
import { checkPullName, type NameCheck } from "../../shared/ollama/names";
import { installedFootprints } from "../models/footprint";
import { fetchManifest } from "../../doors/registry/manifest";

export type { Preflight };

/** Name check with the allow-list; throws AppError "invalid" with the reason. */
export function validPullName(raw: string): Extract<NameCheck, { ok: true }> {
  const check = checkPullName(raw, config().pulls.registries);
  if (!check.ok) throw new AppError("invalid", check.reason);
  return check;
}

/** Checks whether pulling `raw` fits on the cache volume. Throws only for an invalid or disallowed name. */
export async function preflight(target: Target, raw: string): Promise<Preflight> {
  const name = validPullName(raw);
  const cfg = config();
  const [manifest, disk, models] = await Promise.all([
    settle(fetchManifest(name.ref, { mirrors: cfg.registryMirrors, allowed: cfg.pulls.registries })),
    settle(diskUsage(target)),
    settle(listModels(target)),
  ]);
  const base = { model: name.display, upToDate: false, fit: null, suggestionsNote: null };
  const diskInfo = disk.ok ? { source: disk.data.source, sourceNote: disk.data.sourceNote } : null;
  if (!manifest.ok && manifest.error.code === "not_found") {
    return { ...base, check: "unavailable", missing: true, problem: `not found in ${name.ref.host}: ${manifest.error.message}`, disk: diskInfo };
  }
  if (!manifest.ok) return { ...base, check: "unavailable", problem: `Could not read the model's manifest: ${manifest.error.message}`, disk: diskInfo };
  if (!disk.ok) return { ...base, check: "unavailable", problem: `Free space unknown: ${disk.error.message}`, disk: null };
  const inventory = disk.data.inventory;
  const digests = manifest.data.blobs.map((b) => b.digest);
  const asked = await settle(presentBlobs(target, digests));
  let present: Set<string>;
  if (asked.ok) present = asked.data;
  else if (inventory) present = new Set(inventory.models.flatMap((m) => m.layers.filter((l) => l.present).map((l) => l.digest)));
  else return { ...base, check: "unavailable", problem: `Could not ask Ollama which layers it has: ${asked.error.message}`, disk: diskInfo };
  const installed = models.ok ? models.data : [];
  const owned = await installedFootprints(installed, inventory, { mirrors: cfg.registryMirrors, allowed: cfg.pulls.registries });
  const fit = checkFit({
    blobs: manifest.data.blobs,
    present,
    partial: new Map((inventory?.partial.downloads ?? []).map((d) => [d.digest, d.bytes])),
    capacityBytes: disk.data.capacityBytes,
    availableBytes: disk.data.availableBytes,
    headroom: cfg.pulls.headroom,
    installed: owned.footprints,
    model: name.display,
  });
  const current = installed.find((m) => m.name.toLowerCase() === name.display.toLowerCase());
  return {
    ...base,
    thresholdWarning: crossesWarning(fit, cfg.disk.warnPercent),
    check: "ok",
    problem: null,
    upToDate: current?.digest === manifest.data.digest,
    fit,
    disk: diskInfo,
    suggestionsNote: owned.note,
  };
}

/** The warning when the pull takes usage across the warning threshold (a pull that does not fit says so already). */
function crossesWarning(fit: FitReport, warnPercent: number): string | null {
  if (fit.capacityBytes <= 0 || fit.freeAfterBytes < 0) return null;
  const before = 1 - fit.availableBytes / fit.capacityBytes;
  const after = 1 - fit.freeAfterBytes / fit.capacityBytes;
  if (after * 100 < warnPercent || before * 100 >= warnPercent) return null;
  return `After this pull the cache is ${Math.round(after * 100)} % full, past the ${warnPercent} % warning threshold (DISK_WARN_PERCENT).`;
}
