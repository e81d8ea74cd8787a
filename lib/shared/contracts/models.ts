// What the Models page's routes answer (GET/DELETE /api/models, /api/models/details, /delete-impact, POST /unload).
import { z } from "zod";
import { settled } from "./error";
import { installedModel, loadedModel } from "./shared";

/** GET /api/models: installed and loaded models, each read with its own error. */
export const modelsResponse = z.object({ models: settled(z.array(installedModel)), loaded: settled(z.array(loadedModel)) });
export type ModelsResponse = z.infer<typeof modelsResponse>;

/** DELETE /api/models */
export const deletedModel = z.object({ model: z.string(), freedBytes: z.number(), snapshot: z.string().nullable() });
export type DeletedModel = z.infer<typeof deletedModel>;

/** GET /api/models/delete-impact */
export const deleteImpact = z.object({
  model: z.string(),
  loaded: z.boolean(),
  /** Bytes deleting frees: blobs no other installed model references. */
  freesBytes: z.number(),
  /** agent = exact; registry / sizes = estimates (labelled in the dialog). */
  source: z.enum(["agent", "registry", "sizes"]),
  note: z.string(),
  /** Whether "snapshot the cache first" can be offered, and why not. */
  snapshot: z.object({ available: z.boolean(), reason: z.string().nullable() }),
});
export type DeleteImpact = z.infer<typeof deleteImpact>;

/** GET /api/models/details */
export const modelDetails = installedModel.pick({ name: true, family: true, parameterSize: true, quantization: true, format: true }).extend({
  architecture: z.string().optional(),
  /** The longest context the model was trained for. */
  contextLength: z.number().optional(),
  capabilities: z.array(z.string()),
  parameters: z.string(),
  template: z.string(),
  system: z.string(),
  license: z.string(),
  modelfile: z.string(),
  modifiedAt: z.string().optional(),
});
export type ModelDetails = z.infer<typeof modelDetails>;

/** POST /api/models/unload */
export const unloadResult = z.object({ unloaded: z.array(z.string()), failed: z.array(z.object({ name: z.string(), message: z.string() })) });
export type UnloadResult = z.infer<typeof unloadResult>;
