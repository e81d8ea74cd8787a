import type { Config } from "tailwindcss";
import plugin from "tailwindcss/plugin";

/*
 * Palette as RGB triplets so Tailwind can apply alpha. Light is the default; dark via data-theme or the OS.
 * Every colour used for text reaches WCAG AA (4.5:1) on the panel, the page and its own 10 % tint: the light status
 * colours are the 800 shades (the 500/600 ones read 2.9–3.7:1 on white; 700 fails on the 15–20 % badge tints). `on-accent` is the text on accent and bad
 * buttons: white in light, near-black in dark, where the lighter accent would leave white text at 3:1.
 */
const LIGHT = {
  bg: "247 248 250",
  panel: "255 255 255",
  raised: "241 243 246",
  border: "222 226 232",
  fg: "24 28 35",
  muted: "88 96 112",
  accent: "29 78 216",
  "on-accent": "255 255 255",
  ok: "22 101 52",
  warn: "146 64 14",
  bad: "185 28 28",
  info: "21 94 117",
};
const DARK: typeof LIGHT = {
  bg: "13 15 19",
  panel: "22 25 31",
  raised: "30 34 42",
  border: "44 49 60",
  fg: "228 231 236",
  muted: "146 154 168",
  accent: "96 150 250",
  "on-accent": "10 12 16",
  ok: "74 196 120",
  warn: "230 180 60",
  bad: "240 96 96",
  info: "70 190 220",
};

/** One theme as CSS custom properties (`--bg: 247 248 250`, …). */
const themeVars = (palette: typeof LIGHT, scheme: "light" | "dark") => ({
  ...Object.fromEntries(Object.entries(palette).map(([name, rgb]) => [`--${name}`, rgb])),
  "color-scheme": scheme,
});

// Colours are CSS variables so the dark and light themes share one set of class names.
const token = (name: string) => `rgb(var(--${name}) / <alpha-value>)`;

export default {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  darkMode: ["class", '[data-theme="dark"]'],
  theme: {
    extend: {
      colors: Object.fromEntries(Object.keys(LIGHT).map((name) => [name, token(name)])),
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      fontSize: { "2xs": ["0.6875rem", "1rem"] },
    },
  },
  plugins: [
    // The dark palette applies on the OS's word (unless light was chosen) or by choice: written once, used twice.
    plugin((api) =>
      api.addBase({
        ":root": themeVars(LIGHT, "light"),
        "@media (prefers-color-scheme: dark)": { ':root:not([data-theme="light"])': themeVars(DARK, "dark") },
        ':root[data-theme="dark"]': themeVars(DARK, "dark"),
      }),
    ),
  ],
} satisfies Config;
