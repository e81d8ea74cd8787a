"use client";
// The last resort: the root layout itself failed, so this renders its own document. Kept plain on purpose (no
// providers, no data): whatever broke the layout must not break this too.
import Link from "next/link";
import "./globals.css";

export default function GlobalError({ error, reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main className="mx-auto max-w-xl p-8">
          <h1 className="mb-3 text-lg font-semibold">Ollama Ops could not show this page</h1>
          <div role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm">
            <p className="font-medium text-bad">Something went wrong before the console could start</p>
            <p className="mt-0.5 break-words text-muted">{error.digest ? `Reference ${error.digest}: the console's log has the details.` : error.message}</p>
          </div>
          <div className="mt-4 flex gap-2">
            <button type="button" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-on-accent" onClick={() => (retry ?? reset)()}>
              Try again
            </button>
            <Link href="/" className="rounded-md border border-border px-3 py-1.5 text-sm font-medium">
              Go to the Overview
            </Link>
          </div>
        </main>
      </body>
    </html>
  );
}
