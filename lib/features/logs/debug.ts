// Whether the Deployment's env makes Ollama log prompts (OLLAMA_DEBUG, OLLAMA_DEBUG_LOG_REQUESTS). Pure and browser-safe.
import "server-only";
import type { SpecValue } from "./settings";

export interface DebugWarning {
  variables: string[];
  message: string;
}

const FALSE = new Set(["", "0", "f", "F", "false", "FALSE", "False"]);

/** A warning when a variable that logs request content is set (or set from a reference we cannot read), else undefined. */
export function debugWarning(env: Record<string, SpecValue>): DebugWarning | undefined {
  const on = ["OLLAMA_DEBUG", "OLLAMA_DEBUG_LOG_REQUESTS"].filter((name) => {
    const v = env[name];
    if (!v) return false;
    return "from" in v || !FALSE.has(v.value.trim().replace(/^["']+|["']+$/g, ""));
  });
  if (on.length === 0) return undefined;
  return {
    variables: on,
    message: `The Deployment sets ${on.join(" and ")}: Ollama's log can then hold prompts and responses. Treat these lines as user data, and turn it off when you are done debugging.`,
  };
}
