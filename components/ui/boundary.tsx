"use client";
// A render error inside one widget shows that widget's error with a retry; the rest of the page keeps working.
import { useQueryClient } from "@tanstack/react-query";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorState } from "./states";
import { smallButton } from "./styles";

interface Props {
  /** Shown above the error in place of the widget (its title, so the reader knows which one failed). */
  header?: ReactNode;
  /** Classes around the error (a panel pads its body; a health indicator does not). */
  bodyClassName: string;
  onRetry: () => Promise<unknown>;
  children: ReactNode;
}

class Boundary extends Component<Props, { error: Error | undefined; retrying: boolean }> {
  override state = { error: undefined as Error | undefined, retrying: false };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    // The browser console is where a developer looks; the operator sees the message below.
    console.error("A panel failed to render", error, info.componentStack);
  }

  private retry = async () => {
    this.setState({ retrying: true });
    // The data that broke the render may have changed by now: ask again before drawing again.
    await this.props.onRetry().catch(() => undefined);
    // A widget's query hook sits above this boundary, and React Query tells it of new data in a task of its own (its
    // notifyManager batches with setTimeout 0). Redrawing before that task has run would draw the children the widget
    // made from the old answer, fail again and stay failed: wait for it, so they are drawn from the new one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.setState({ error: undefined, retrying: false });
  };

  override render() {
    const { error, retrying } = this.state;
    if (!error) return this.props.children;
    return (
      <>
        {this.props.header}
        <div className={this.props.bodyClassName}>
          <ErrorState title="This panel could not be shown" reason={`${error.message}. The rest of the page still works.`}>
            <button type="button" className={`${smallButton} mt-2`} disabled={retrying} onClick={() => void this.retry()}>
              {retrying ? "Retrying…" : "Retry"}
            </button>
          </ErrorState>
        </div>
      </>
    );
  }
}

/**
 * Catches render errors of one panel; Retry refetches the cached queries, then draws the panel again. Not only the
 * active ones: a widget whose query hook is inside the panel is unmounted with it, so that query has no observer left
 * and would keep its bad answer. (A QueryPanel's hook is above it and keeps polling; its children are drawn again from
 * the widget's latest render.)
 */
export function PanelBoundary({ header, bodyClassName = "p-4", children }: { header?: ReactNode; bodyClassName?: string; children: ReactNode }) {
  const client = useQueryClient();
  return (
    <Boundary header={header} bodyClassName={bodyClassName} onRetry={() => client.refetchQueries({ type: "all" })}>
      {children}
    </Boundary>
  );
}
