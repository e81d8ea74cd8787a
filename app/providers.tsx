"use client";
// Client-side providers: React Query with defaults suited to an operator console.
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { HttpError } from "@/components/ui/fetch-json";

function makeClient() {
  return new QueryClient({
    // A 401 means the session ended: reload so the server sends the browser to sign-in.
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof HttpError && error.status === 401) window.location.reload();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // Cluster data is kept fresh by polling; a tab regaining focus should not cause a burst.
        refetchOnWindowFocus: false,
        retry: (failures, error) => {
          // Answers, not failures: asking again cannot change them (a deleted model stays 404).
          if (error instanceof HttpError && [400, 401, 403, 404].includes(error.status)) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeClient);
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster richColors closeButton position="bottom-right" />
    </QueryClientProvider>
  );
}
