import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One config, four layers. `npm test` (scripts/test.ts) brings the stack up and runs them in order;
// `npx vitest run --project unit` works on its own because the unit layer needs no services.
export default defineConfig({
  resolve: { alias: { 'server-only': path.resolve(import.meta.dirname, 'test/helpers/server-only-stub.ts') } },
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
