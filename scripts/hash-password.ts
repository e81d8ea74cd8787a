// `npm run hash-password`: reads a password (prompt without echo, or stdin when piped) and prints its scrypt hash for LOCAL_USERS.
import { stdin, stderr, stdout } from "node:process";
import { hashPassword } from "../lib/features/auth/passwords.ts";

const MIN_LENGTH = 12;

/** Reads one line from the terminal without echoing it. */
function prompt(label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(label);
    let value = "";
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      stderr.write("\n");
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done(value);
        if (ch === "\u0003") return done(new Error("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

async function readPiped(): Promise<string> {
  let text = "";
  for await (const chunk of stdin) text += String(chunk);
  return text.replace(/\r?\n$/, "");
}

async function main(): Promise<void> {
  let password: string;
  if (stdin.isTTY) {
    password = await prompt("Password: ");
    if ((await prompt("Repeat password: ")) !== password) throw new Error("the passwords differ");
  } else {
    password = await readPiped();
  }
  if (password.length < MIN_LENGTH) throw new Error(`use at least ${MIN_LENGTH} characters`);
  stdout.write(`${await hashPassword(password)}\n`);
  stderr.write("Add it to LOCAL_USERS as name:role:<hash> (role viewer, operator or admin).\n");
}

main().catch((err: unknown) => {
  stderr.write(`hash-password: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
