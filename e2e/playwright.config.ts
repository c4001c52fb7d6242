import { defineConfig } from '@playwright/test';

// Two hosts for the same renderer: the browser host in Debian's Chromium (runs everywhere), and
// Electron (runs where its binary is installed; reported as skipped elsewhere).
export default defineConfig({
  testDir: './specs',
  outputDir: '../test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  projects: [
    {
      name: 'browser-host',
      testMatch: /.*\.browser\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
        },
      },
    },
    { name: 'electron', testMatch: /.*\.electron\.spec\.ts/ },
  ],
});
