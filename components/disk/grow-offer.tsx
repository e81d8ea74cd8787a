"use client";
// "Grow the volume" from a pre-flight that does not fit (or crosses the warning threshold): the expansion for this pull.
import { useState } from "react";
import { ConsoleDialog } from "@/components/ui/dialog";
import { button } from "@/components/ui/styles";
import { ExpandVolume } from "./expand-panel";

export function GrowOffer({ pendingBytes, canAdmin }: { pendingBytes: number; canAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={button} onClick={() => setOpen(true)}>
        Grow the volume instead
      </button>
      <ConsoleDialog open={open} onOpenChange={setOpen} title="Grow the volume" description="A size for the cache PVC that holds this pull with headroom, as a patch for git or applied now.">
        {open ? <ExpandVolume pendingBytes={pendingBytes} canAdmin={canAdmin} /> : null}
      </ConsoleDialog>
    </>
  );
}
