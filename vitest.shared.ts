import { basename } from 'node:path'
import { defineConfig } from 'vitest/config'

const reportDir = process.env.MASAR_TEST_REPORT_DIR

/**
 * Every package's vitest config: `unit` (pure, fast), `integration` (real database, broker or browser) and
 * `faults` (`*.faults.test.ts`: processes killed, servers stopped, hostile input, a soak; `npm run test:faults`).
 * With MASAR_TEST_REPORT_DIR set, each run also writes a JSON report there (.ci/run adds them up).
 */
export const packageTestConfig = defineConfig({
  test: {
    reporters: reportDir
      ? ['default', ['json', { outputFile: `${reportDir}/${basename(process.cwd())}-${process.pid}-${Date.now()}.json` }]]
      : ['default'],
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.integration.test.ts', 'src/**/*.faults.test.ts'] } },
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
      {
        test: {
          name: 'faults',
          include: ['src/**/*.faults.test.ts'],
          testTimeout: 20 * 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
