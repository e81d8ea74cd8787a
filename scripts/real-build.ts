// `npm run real:build`: builds the real control-plane binaries from tools/realstack/ or reuses them from the cache,
// and prints where they are and how long each cold build took.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBinaries, RealStackError, snapshotCrdDir } from "../tools/realstack/binaries.ts";
import { buildTraefik, RealTraefikError } from "../tools/realstack/traefik.ts";

const started = performance.now();
try {
  const built = await ensureBinaries((line) => console.log(line));
  const total = Math.round((performance.now() - started) / 100) / 10;
  if (Object.keys(built.seconds).length > 0) {
    console.log(`real: cold build took ${total} s (${Object.entries(built.seconds).map(([n, s]) => `${n} ${s} s`).join(", ")})`);
  } else {
    let recorded = "";
    try {
      const times = JSON.parse(readFileSync(join(built.dir, "build-times.json"), "utf8")) as Record<string, number>;
      recorded = ` (its cold build: ${Object.entries(times).map(([n, s]) => `${n} ${s} s`).join(", ")})`;
    } catch {
      // times were not recorded
    }
    console.log(`real: binaries reused from the cache in ${total} s${recorded}`);
  }
  console.log(`real: bin ${built.dir}`);
  const traefik = buildTraefik((line) => console.log(line));
  console.log(traefik.built ? `real: Traefik cold build took ${Math.round(traefik.seconds)} s: ${traefik.binary}` : `real: Traefik reused from the cache: ${traefik.binary}`);
  // The VolumeSnapshot CRDs' module, which the cluster installs from and the simulator prunes by (sim/kube/crd-schemas.ts):
  // in the module cache before any test runs.
  console.log(`real: VolumeSnapshot CRDs in ${snapshotCrdDir()}`);
} catch (err) {
  console.error(err instanceof RealStackError || err instanceof RealTraefikError ? `real:build: ${err.message}` : err);
  process.exit(1);
}
