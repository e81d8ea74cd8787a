// One reading of ollama-js failures, two presentations: the AppError routes answer with, and the pull's retry decision.
import { describe, expect, it } from "vitest";
import { classifyFailure } from "../../features/pulls/job";
import { ollamaError, readOllamaFailure } from "./errors";

/** ollama-js's ResponseError: `error` is Ollama's JSON `error` field, `status_code` the HTTP status. */
const answer = (status: number, error: string) => Object.assign(new Error(error), { name: "ResponseError", status_code: status, error });
const refused = () => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });

describe("readOllamaFailure", () => {
  it("reads each shape ollama-js throws", () => {
    expect(readOllamaFailure(answer(500, "pull model manifest: file does not exist"))).toEqual({ kind: "answer", status: 500, text: "pull model manifest: file does not exist" });
    expect(readOllamaFailure(answer(502, ""))).toEqual({ kind: "answer", status: 502, text: "HTTP 502" });
    expect(readOllamaFailure(refused())).toEqual({ kind: "network", reason: "connection refused" });
    expect(readOllamaFailure(new TypeError("fetch failed"))).toEqual({ kind: "network", reason: "fetch failed" });
    expect(readOllamaFailure(new Error("Did not receive done or success response in stream."))).toEqual({ kind: "stream-cut" });
    expect(readOllamaFailure(new TypeError("terminated"))).toEqual({ kind: "stream-cut" });
    expect(readOllamaFailure(new Error("context canceled"))).toEqual({ kind: "cancelled" });
    expect(readOllamaFailure(new Error("max retries exceeded"))).toEqual({ kind: "other", message: "max retries exceeded" });
  });
});

describe("ollamaError and classifyFailure agree", () => {
  it.each([
    [answer(404, 'model "x" not found'), "not_found", false],
    [answer(400, "invalid model name"), "invalid", false],
    [answer(503, "server busy"), "unavailable", true],
    [answer(502, "bad gateway"), "upstream", true],
    [answer(500, "pull model manifest: file does not exist"), "upstream", false],
    [refused(), "unreachable", true],
    [new Error("Did not receive done or success response in stream."), "unreachable", true],
    [new Error("context canceled"), "unavailable", true],
    [new Error("max retries exceeded"), "upstream", false],
  ] as const)("%s → %s, retry %s", (err, code, retry) => {
    expect(ollamaError(err).code).toBe(code);
    expect(classifyFailure(err).retry).toBe(retry);
  });

  it("keeps Ollama's words", () => {
    expect(ollamaError(answer(404, 'model "x" not found')).message).toBe('model "x" not found');
    expect(classifyFailure(answer(500, "pull model manifest: file does not exist")).message).toBe("pull model manifest: file does not exist");
    expect(ollamaError(refused()).message).toBe("Ollama API unreachable: connection refused");
    expect(classifyFailure(refused()).message).toBe("Ollama unreachable: connection refused");
  });
});
