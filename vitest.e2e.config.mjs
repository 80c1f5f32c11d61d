import { defineConfig } from 'vitest/config';

// Browser tests (headless Chromium): `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    // One temporary folder for the run (TMPDIR), removed at its end (tests/temp-root.ts).
    globalSetup: ['tests/temp-root.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
