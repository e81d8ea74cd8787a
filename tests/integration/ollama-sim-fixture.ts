// Shared setup for the Ollama simulator integration tests: a fresh volume + simulator + official client per test.
import { Ollama } from "ollama";
import { catalogue, type CatalogueModel } from "../../sim/registry/catalogue.ts";
import { createOllamaSim, type OllamaSim, type OllamaSimOptions } from "../../sim/ollama/server.ts";
import { SimVolume } from "../../sim/volume.ts";

export interface SimFixture {
  volume: SimVolume;
  sim: OllamaSim;
  ollama: Ollama;
}

/** Starts a simulator on a free loopback port over an empty volume without overhead. */
export async function startSim(opts: Partial<OllamaSimOptions> & { capacityBytes?: number } = {}): Promise<SimFixture> {
  const volume = new SimVolume({ capacityBytes: opts.capacityBytes ?? 500e9, overheadBytes: 0 });
  const sim = createOllamaSim({ volume, ...opts });
  await sim.listen();
  return { volume, sim, ollama: new Ollama({ host: sim.url }) };
}

/** Polls until `check` holds (or fails after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A catalogue model that must exist. */
export function libraryModel(name: string): CatalogueModel {
  const model = catalogue.get(name);
  if (!model) throw new Error(`${name} is not in the catalogue`);
  return model;
}
