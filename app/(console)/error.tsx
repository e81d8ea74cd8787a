"use client";
// A render error that no panel caught (a page's own markup, or a server component): the console's header and navigation
// stay, the page says what happened and offers to try again. Server errors arrive here with a digest only, never their text.
import Link from "next/link";
import { useEffect } from "react";
import { ErrorState } from "@/components/ui/states";
import { button, primaryButton } from "@/components/ui/styles";

export default function ConsoleError({ error, reset, retry }: { error: Error & { digest?: string }; reset: () => void; retry?: () => void }) {
  useEffect(() => {
    console.error("The page failed to render", error);
  }, [error]);
  const reason = error.digest ? `The server could not render this page (reference ${error.digest}; its log has the details).` : error.message;
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="mb-3 text-lg font-semibold">This page could not be shown</h1>
      <ErrorState title="Something went wrong while drawing the page" reason={reason}>
        <div className="mt-3 flex flex-wrap gap-2">
          {/* retry (Next 16) also asks the server again; reset only draws again. */}
          <button type="button" className={primaryButton} onClick={() => (retry ?? reset)()}>
            Try again
          </button>
          <Link href="/" className={button}>
            Go to the Overview
          </Link>
        </div>
      </ErrorState>
    </div>
  );
}
