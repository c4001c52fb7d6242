import path from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../sandbox/start-sandbox';
import { createSystemBrowser, type SystemBrowser } from './support/system-browser';
import { tokensLeftBehind } from './support/token-leaks';

// One sandbox (mail stack, seeded users, browser host) per worker, whose printed output is kept
// for tests that look for leaks; every page records each request it makes so a test can prove
// nothing left the app.

export interface WatchedPage {
  page: Page;
  /** Every URL the page requested or opened a WebSocket to, in order. */
  requests: string[];
}

interface WorkerFixtures {
  sandbox: Sandbox;
  systemBrowser: SystemBrowser;
  /** Every line the sandbox's browser host printed so far. */
  hostOutput: string[];
}

export const test = base.extend<{ watched: WatchedPage }, WorkerFixtures>({
  systemBrowser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const systemBrowser = await createSystemBrowser();
      await use(systemBrowser);
      await systemBrowser.close();
    },
    { scope: 'worker' },
  ],
  hostOutput: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      await use([]);
    },
    { scope: 'worker' },
  ],
  sandbox: [
    async ({ systemBrowser, hostOutput }, use) => {
      const sandbox = await startSandbox({
        rendererDir: path.resolve('dist/renderer'),
        seedPerUser: 40,
        browserCommand: systemBrowser.command,
        print: (line) => {
          hostOutput.push(line);
          process.stdout.write(`${line}\n`);
        },
      });
      await use(sandbox);
      const leaks = await tokensLeftBehind({
        issuedTokens: sandbox.stack.auth.issuedTokens(),
        hostOutput,
        configDir: sandbox.facts.configDir,
        stackDir: sandbox.stack.dir,
      });
      await sandbox.close();
      // Names and token numbers only: the error must not carry the token it found.
      if (leaks.length) throw new Error(`Tokens were left behind after this worker's specs: ${leaks.join('; ')}`);
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  watched: async ({ page }, use) => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => requests.push(socket.url()));
    await use({ page, requests });
  },
});

export { expect } from '@playwright/test';
