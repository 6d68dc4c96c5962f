import { defineConfig } from 'vitest/config'

/** Every package's vitest config: `unit` (pure, fast) and `integration` (real database, broker or browser). */
export const packageTestConfig = defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.integration.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.integration.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration files share this 2-core machine's database and broker: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
