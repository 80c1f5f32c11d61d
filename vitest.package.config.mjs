import { defineConfig } from 'vitest/config';

// The toolkit packed, installed into an edition of its own and run from there: `npm run test:package`.
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts'],
    // One temporary folder for the run (TMPDIR), removed at its end (tests/temp-root.ts).
    globalSetup: ['tests/temp-root.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
