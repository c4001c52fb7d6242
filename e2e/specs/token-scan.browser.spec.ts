import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WebSocket } from '@playwright/test';
import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';
import { signInFrom } from './support/system-browser';
import { filesUnder, tokenSightings, type Haystack } from './support/token-leaks';

// A whole session — sign-in, Inbox, restart (a refresh with a rotated refresh token), Inbox,
// sign-out — and then every place a token must never be: each WebSocket frame between page and
// app, the browser host's output, the app's database, and the mail stack's logs. The tokens are
// taken from the authorization server, not from the app.

const databaseFiles = ['harbor.db', 'harbor.db-wal', 'harbor.db-shm'];

test('no access or refresh token appears in IPC frames, output, the database or the server logs', async ({
  sandbox,
  systemBrowser,
  hostOutput,
  watched,
  browser,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const frames: string[] = [];
  const recordFrames = (socket: WebSocket) => {
    socket.on('framesent', ({ payload }) => frames.push(payload.toString()));
    socket.on('framereceived', ({ payload }) => frames.push(payload.toString()));
  };
  page.on('websocket', recordFrames);
  const tokensBefore = new Set(sandbox.stack.auth.issuedTokens());
  const outputBefore = hostOutput.length;
  const messages = page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option');
  const refreshes = () => sandbox.stack.auth.tokenRequests().filter((r) => r.grantType === 'refresh_token').length;

  await page.goto(sandbox.facts.appUrl);
  await signInFrom(page.getByRole('button', { name: 'Sign in with Sandbox' }), systemBrowser, browser, alice);
  await expect(messages.first()).toBeVisible();
  const refreshesBefore = refreshes();
  await page.goto(await sandbox.restartApp());
  await expect(messages.first()).toBeVisible();
  // The list comes from the local store; the engine's reconnect is what renews the token.
  await expect.poll(refreshes).toBe(refreshesBefore + 1);
  await page.getByRole('button', { name: 'Account and security' }).click();
  await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
  await confirmLeaving(page);
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();

  const tokens = sandbox.stack.auth.issuedTokens().filter((token) => !tokensBefore.has(token));
  // Two access tokens and two refresh tokens: the sign-in's, and the refresh's after the restart.
  expect(tokens).toHaveLength(4);
  expect(frames.length).toBeGreaterThan(0);
  const database: Haystack[] = [];
  for (const name of databaseFiles) {
    const content = await readFile(path.join(sandbox.facts.configDir, name)).catch(() => null);
    if (content) database.push({ name, content });
  }
  const stackLogs = (await filesUnder(sandbox.stack.dir)).filter((file) => file.name.endsWith('.log'));
  expect(stackLogs.map((file) => file.name)).toContain(path.join('dovecot', 'dovecot.log'));

  expect(
    tokenSightings(
      [
        ...frames.map((content, index) => ({ name: `WebSocket frame ${index}`, content })),
        { name: 'browser host output', content: hostOutput.slice(outputBefore).join('\n') },
        ...database,
        ...stackLogs,
      ],
      tokens,
    ),
  ).toEqual([]);
});
