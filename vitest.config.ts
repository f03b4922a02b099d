import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@scrubin/source'] },
  ssr: { resolve: { conditions: ['@scrubin/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'packages/*/test/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration tests each start a server and a database.
    fileParallelism: false,
  },
});
