import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end cases install real Python environments; they run in their own files, in parallel.
    testTimeout: 15_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
