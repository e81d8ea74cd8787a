"use client";
// The optional name of a Kubernetes object the console creates (a snapshot, a restored claim): empty takes the default
// shown as placeholder, anything typed is checked with the grammar the server checks.
import { NameField } from "@/components/ui/name-field";
import { nameProblem } from "@/lib/shared/snapshots/names";

/** What is wrong with the name as typed; nothing when it is empty (the default is used). */
export function optionalNameProblem(typed: string): string | undefined {
  const name = typed.trim();
  return name ? nameProblem(name) : undefined;
}

export function ObjectNameField({ label, value, onChange, fallback, note = "" }: { label: string; value: string; onChange: (v: string) => void; fallback: string; note?: string }) {
  const problem = optionalNameProblem(value);
  return (
    <NameField
      label={label}
      optional
      value={value}
      onChange={onChange}
      placeholder={fallback}
      problem={problem && `Not a valid name: ${problem}`}
      hint={`Leave empty for ${fallback}.${note}`}
    />
  );
}
