import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Generous: the machine (2 cores) is shared, and a build in a child process can take 30 s under load.
    testTimeout: 120_000,
    // A cold start (SaxonJS, the Typst compiler, a first stylesheet) on a busy
    // 2-core machine can take longer than vitest's 10 s default; a hook that
    // times out skips every test after it.
    hookTimeout: 120_000,
  },
});
