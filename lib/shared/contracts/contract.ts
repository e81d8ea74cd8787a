// What a route declares about its answer: a JSON body schema, or (Server-Sent Events) the schema of each event's data.
import type { z } from "zod";

/** A `text/event-stream` answer; `event` describes the JSON in each event's `data:` line. */
export interface EventStream<E extends z.ZodType = z.ZodType> {
  readonly kind: "event-stream";
  readonly event: E;
}

/** Declares an event-stream answer whose events carry `event`. */
export function eventStream<E extends z.ZodType>(event: E): EventStream<E> {
  return { kind: "event-stream", event };
}

/** A route's response contract. */
export type Contract = z.ZodType | EventStream;

/** The type a route's JSON answer (or, for a stream, each event) has in the browser. */
export type Answer<C extends Contract> = C extends EventStream<infer E> ? z.output<E> : C extends z.ZodType ? z.output<C> : never;
