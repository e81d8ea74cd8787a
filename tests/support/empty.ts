// Stand-in for the `server-only` package when lib/ code runs under vitest.
export {};
