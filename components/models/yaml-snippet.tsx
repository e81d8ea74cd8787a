"use client";
// A models.yaml snippet to paste into git, with a copy button: the console never writes to git itself.
import { useState } from "react";
import { smallButton } from "@/components/ui/styles";

export function YamlSnippet({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <figure className="mt-2 rounded-md border border-border bg-bg">
      <figcaption className="flex items-center justify-between gap-2 border-b border-border px-2 py-1 text-xs text-muted">
        <span>{label}</span>
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </figcaption>
      <pre aria-label={label} className="overflow-x-auto p-2 font-mono text-xs">
        {text}
      </pre>
    </figure>
  );
}
