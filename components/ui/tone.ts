// The console's status colours as classes, one set per meaning, so badges, notes and verdicts agree on every page.

/** ok green, warn amber, bad red, muted grey (unknown, cancelled). */
export type Tone = "ok" | "warn" | "bad" | "muted";

/** Text in the tone. */
export const TONE_TEXT: Record<Tone, string> = { ok: "text-ok", warn: "text-warn", bad: "text-bad", muted: "text-muted" };

/** A tinted box or pill: border, 10 % background, text. */
export const TONE_BOX: Record<Tone, string> = {
  ok: "border-ok/40 bg-ok/10 text-ok",
  warn: "border-warn/40 bg-warn/10 text-warn",
  bad: "border-bad/40 bg-bad/10 text-bad",
  muted: "border-border bg-raised text-muted",
};
