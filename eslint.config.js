// One flat config for the workspace. Boundaries: the shared model stays browser-safe; services never import each other.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '.masar-data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['gtfs/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'pg', 'mqtt', 'fastify', 'pino'], message: '@masar/model is browser-safe: no Node built-ins or server libraries.' }] }],
    },
  },
  {
    files: ['ingest/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@masar/api*', '@masar/dashboard*'], message: 'Services share only @masar/model and the database schema.' }] }],
    },
  },
  {
    // The api's production code: what an image runs never brings the simulators or the eval (tests may).
    files: ['api/src/**/*.ts'],
    ignores: ['api/src/**/*.test.ts', 'api/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@masar/simulators*', '@masar/eval*'], message: 'Production code imports neither the simulators nor the eval (api/eval and tests may).' }] }],
    },
  },
  {
    // Command-line entry points and benchmarks talk to a person on the terminal.
    files: ['**/main.ts', '**/*-cli.ts', '**/bench/**/*.ts', '**/*.test.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
)
