// A native <select> over a list of names with an empty first choice ("All", "Choose…"): one for every such picker.
import type { SelectHTMLAttributes } from "react";

type Props = {
  options: readonly string[];
  /** The empty choice's text; choosing it calls onChange(""). */
  placeholder: string;
  onChange: (value: string) => void;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "children">;

export function OptionSelect({ options, placeholder, onChange, ...select }: Props) {
  return (
    <select {...select} onChange={(e) => onChange(e.target.value)}>
      <option value="">{placeholder}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
