// One widget = one query shown in one of its states: loading, failed, stale (kept on screen with the reason), empty, data.
// Used by every widget, so no feature re-writes the ladder of `isPending ? … : isError ? … :` again.
import type { ReactNode } from "react";
import { Panel } from "./panel";
import { Empty, errorTitle, Loading, QueryError, StaleNote, type ApiError, type Stale } from "./states";

/** What a widget needs of a React Query result. */
export interface QueryLike<T> {
  error: Error | null;
  data: T | undefined;
  /** When `data` arrived (ms); dates a failed refetch's stale note. */
  dataUpdatedAt?: number;
}

export interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Renders the data; not called while loading, failed or empty. */
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  /** The failure's title; by default said from the error's system and code ("Kubernetes API unreachable"). */
  errorTitle?: string;
  /** A part of a 200 answer that failed (a `Settled` error): shown instead of the data, like a failed request, under
   * its own `title` when it has one. */
  failure?: (data: T) => (ApiError & { title?: string }) | undefined;
  /** Why the data, though shown, is not current (a watch that is down, a source that failed since). */
  stale?: (data: T) => Stale | undefined;
  /** The sentence to show when there is nothing to list; undefined when there is. */
  empty?: (data: T) => ReactNode;
}

/** The body of a widget: its states in a fixed order, then `children(data)`. */
export function QueryState<T>({ query, children, loadingLabel, errorTitle: title, failure, stale, empty }: QueryStateProps<T>) {
  const { data, error } = query;
  if (data === undefined) {
    if (error) return <QueryError error={error} title={title} />;
    return <Loading label={loadingLabel} />;
  }
  const failed = failure?.(data);
  if (failed) return <QueryError error={failed} title={failed.title ?? title} />;
  // A refetch that failed keeps the last answer on screen, saying why it is not current.
  const note: Stale | undefined = error ? { reason: `${title ?? errorTitle(error)}: ${error.message}`, since: query.dataUpdatedAt } : stale?.(data);
  const nothing = empty?.(data);
  return (
    <>
      <StaleNote stale={note} />
      {nothing ? <Empty>{nothing}</Empty> : children(data)}
    </>
  );
}

/** A titled panel around `QueryState`, with its own error boundary (see Panel). */
export function QueryPanel<T>({ title, actions, className, ...state }: QueryStateProps<T> & { title: string; actions?: ReactNode; className?: string }) {
  return (
    <Panel title={title} actions={actions} className={className}>
      <QueryState {...state} />
    </Panel>
  );
}
