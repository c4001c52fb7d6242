import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests, and stack tests that start real servers (Dovecot, the
// authorization server, SMTP, the keyring) on loopback.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,main,renderer,app,e2e}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.stack.test.ts', 'node_modules/**', 'dist/**'],
          environment: 'node',
          // Unit files share two cores with the stack tests; the timeout catches hangs, not slowness.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'stack',
          include: ['{main,e2e}/**/*.stack.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
