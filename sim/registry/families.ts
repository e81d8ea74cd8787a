// Per-family text layers (template, system, license, params) shared by every model of a family, as in the real library.

export interface TextLayer {
  /** Layer size as published in the real registry (the text below is an abbreviation). */
  size: number;
  text: string;
}

export interface Family {
  /** Seed for the shared layer digests. */
  key: string;
  architecture: string;
  family: string;
  families: string[] | null;
  template?: TextLayer;
  system?: TextLayer;
  licenses: TextLayer[];
  params?: { size: number; values: Record<string, unknown>; seed?: string };
  /** A created model's `messages` layer (api.Message objects, role lower-cased), shown by /api/show. */
  messages?: { role: string; content: string }[];
}

const LLAMA3_STOP = { stop: ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"] };
const LLAMA3_TEMPLATE =
  "<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n\n" +
  "{{ if .System }}{{ .System }}{{ end }}<|eot_id|>{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n" +
  "{{ .Content }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n";
const CHATML_TEMPLATE =
  "{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}\n" +
  "{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n";
const INST_TEMPLATE = "{{- range .Messages }}{{ if eq .Role \"user\" }}[INST] {{ .Content }} [/INST]{{ else }}{{ .Content }}</s>{{ end }}{{ end }}";
const APACHE = "\n                                 Apache License\n                           Version 2.0, January 2004\n                        http://www.apache.org/licenses/\n";
const MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software…";

/** The families of the catalogue, keyed by name. */
export const FAMILIES = {
  llama32: {
    key: "llama3.2",
    architecture: "llama",
    family: "llama",
    families: ["llama"],
    template: { size: 1429, text: LLAMA3_TEMPLATE },
    licenses: [
      { size: 7711, text: "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n…" },
      { size: 6016, text: "**Llama 3.2** **Acceptable Use Policy**\n\nMeta is committed to promoting safe and fair use…" },
    ],
    params: { size: 96, values: LLAMA3_STOP, seed: "llama3/params" },
  },
  llama31: {
    key: "llama3.1",
    architecture: "llama",
    family: "llama",
    families: ["llama"],
    template: { size: 1481, text: LLAMA3_TEMPLATE },
    licenses: [{ size: 12320, text: "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n…" }],
    params: { size: 96, values: LLAMA3_STOP, seed: "llama3/params" },
  },
  qwen25: {
    key: "qwen2.5",
    architecture: "qwen2",
    family: "qwen2",
    families: ["qwen2"],
    system: { size: 68, text: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant." },
    template: { size: 1482, text: CHATML_TEMPLATE },
    licenses: [{ size: 11343, text: APACHE }],
  },
  mistral: {
    key: "mistral",
    architecture: "llama",
    family: "llama",
    families: ["llama"],
    template: { size: 801, text: INST_TEMPLATE },
    licenses: [{ size: 11356, text: APACHE }],
    params: { size: 30, values: { stop: ["[INST]", "[/INST]"] } },
  },
  gemma2: {
    key: "gemma2",
    architecture: "gemma2",
    family: "gemma2",
    families: ["gemma2"],
    template:
      {
        size: 136,
        text: "<start_of_turn>user\n{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}<end_of_turn>\n<start_of_turn>model\n{{ .Response }}<end_of_turn>\n",
      },
    licenses: [{ size: 8433, text: "Gemma Terms of Use \n\nLast modified: February 21, 2024\n…" }],
    params: { size: 65, values: { stop: ["<start_of_turn>", "<end_of_turn>"] } },
  },
  deepseekR1: {
    key: "deepseek-r1",
    architecture: "qwen2",
    family: "qwen2",
    families: ["qwen2"],
    template: {
      size: 387,
      text: "{{- if .System }}{{ .System }}{{ end }}\n{{- range $i, $_ := .Messages }}{{- if eq .Role \"user\" }}<｜User｜>{{ .Content }}{{- else if eq .Role \"assistant\" }}<｜Assistant｜>{{ .Content }}<｜end▁of▁sentence｜>{{- end }}{{- end }}<｜Assistant｜>",
    },
    licenses: [{ size: 1065, text: MIT }],
    params: { size: 148, values: { stop: ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>"] } },
  },
  phi3: {
    key: "phi3",
    architecture: "phi3",
    family: "phi3",
    families: ["phi3"],
    template: {
      size: 148,
      text: "{{ if .System }}<|system|>\n{{ .System }}<|end|>\n{{ end }}{{ if .Prompt }}<|user|>\n{{ .Prompt }}<|end|>\n{{ end }}<|assistant|>\n{{ .Response }}<|end|>",
    },
    licenses: [{ size: 1084, text: MIT }],
    params: { size: 78, values: { stop: ["<|end|>", "<|user|>", "<|assistant|>"] } },
  },
  nomic: {
    key: "nomic-embed-text",
    architecture: "nomic-bert",
    family: "nomic-bert",
    families: ["nomic-bert"],
    licenses: [{ size: 11357, text: APACHE }],
    params: { size: 17, values: { num_ctx: 8192 } },
  },
  llava: {
    key: "llava",
    architecture: "llama",
    family: "llama",
    families: ["llama", "clip"],
    template: { size: 67, text: "[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]" },
    licenses: [{ size: 11356, text: APACHE }],
    params: { size: 32, values: { stop: ["[INST]", "[/INST]"] } },
  },
} satisfies Record<string, Family>;
