// A data table that stays a table on wide screens and turns each row into a card on a phone (see `.card-table` in
// app/globals.css). Cells name their column with `data-label`, which the card layout prints before the value.
import type { ReactNode } from "react";

/**
 * The scroll box is `relative` on purpose: visually hidden headers (`sr-only`, position absolute) otherwise take the
 * page as their containing block, escape the `overflow-x-auto` box and widen the whole document on a phone.
 */
export function CardTable({ caption, children, className = "" }: { caption: string; children: ReactNode; className?: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className={`card-table w-full text-left text-sm ${className}`}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
