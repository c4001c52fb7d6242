import { expect, test } from './fixtures';

// The whole path: renderer -> contract over WebSocket -> main service -> the real Dovecot (TLS
// with the run's own CA, OAUTHBEARER through its oauth2 passdb and the authorization server)
// -> back to the screen.

test('the sandbox IMAP server is checked end to end', async ({ sandbox, watched }) => {
  const { page, requests } = watched;
  await page.goto(sandbox.facts.appUrl);
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  await expect(page.getByText('browser host')).toBeVisible();

  await page.getByLabel('IMAP server').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(sandbox.facts.imap.port));
  await page.getByRole('button', { name: 'Check server' }).click();

  const report = page.getByRole('status', { name: 'Server check' });
  await expect(report).toContainText(`127.0.0.1:${sandbox.facts.imap.port} answers securely`);
  await expect(report).toContainText(/TLSv1\.[23], certificate verified/);
  await expect(report).toContainText('OAUTHBEARER');
  await expect(report).toContainText(`${sandbox.facts.issuer}/.well-known/openid-configuration`);

  const { host } = new URL(sandbox.facts.appUrl);
  expect(requests).toContain(`ws://${host}/ipc`);
  for (const url of requests) expect(new URL(url).host).toBe(host);
  expect(page.url()).not.toContain('token=');
});

test('a server that is not there gives a plain error', async ({ sandbox, watched }) => {
  const { page } = watched;
  await page.goto(sandbox.facts.appUrl);
  await page.getByLabel('IMAP server').fill('127.0.0.1');
  await page.getByLabel('Port').fill('1');
  await page.getByRole('button', { name: 'Check server' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing answers at 127.0.0.1:1.');
});

test('without the per-run token the page cannot reach the app', async ({ sandbox, watched }) => {
  const { page } = watched;
  await page.goto(new URL(sandbox.facts.appUrl).origin);
  await expect(page.getByRole('alert')).toContainText('Open the app from the address it printed');
});
