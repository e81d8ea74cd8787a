"use client";
// A labelled text field checked as you type: the hint below it turns into the problem (red, aria-invalid) while the
// value is not acceptable. Used for every name the console asks for (models, snapshots, claims) and sizes.
import { useId, type ReactNode } from "react";
import { input, label as labelClass } from "./styles";

export function NameField({
  label,
  optional = false,
  value,
  onChange,
  placeholder,
  problem,
  hint,
  mono = true,
  id,
}: {
  label: string;
  /** Says "(optional)" after the label: an empty value has a default. */
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Why the value is not acceptable; undefined while it is (or while nothing is typed). */
  problem?: string;
  /** What the field expects, or what the value will do. */
  hint: ReactNode;
  mono?: boolean;
  /** A fixed id (when a test or a label elsewhere refers to the field); generated otherwise. */
  id?: string;
}) {
  const generated = useId();
  const field = id ?? generated;
  return (
    <div>
      <label htmlFor={field} className={labelClass}>
        {label}
        {optional ? <span className="font-normal"> (optional)</span> : null}
      </label>
      <input
        id={field}
        className={`${input} ${mono ? "font-mono" : ""}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${field}-hint`}
        autoComplete="off"
        spellCheck={false}
      />
      <p id={`${field}-hint`} className={`mt-1 text-xs ${problem ? "text-bad" : "text-muted"}`}>
        {problem ?? hint}
      </p>
    </div>
  );
}
