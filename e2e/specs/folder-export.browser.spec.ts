import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openSignedIn, signOut, withServer } from './support/mail-session';

// "Export as mbox…" in the Inbox's list actions, as a person uses it: the browser host's stand-in for a save
// dialog writes the file into its downloads folder, with every message the server holds.

test('exports the Inbox as an mbox file from the folder view', async ({ sandbox, systemBrowser, watched, browser }) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  const onServer = await withServer(sandbox, alice.email, async (client) => {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });

  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Inbox/ })
    .click();
  await page.getByRole('region', { name: 'Message list' }).getByRole('button', { name: 'More list actions' }).click();
  await page.getByRole('menuitem', { name: 'Export as mbox…' }).click();
  const count = `${onServer.toLocaleString('en-US')} message${onServer === 1 ? '' : 's'}`;
  await expect(page.getByRole('status').filter({ hasText: 'mbox' })).toHaveText(
    `Inbox was saved as an mbox file (${count}).`,
    {
      timeout: 60_000,
    },
  );
  const mbox = await readFile(
    path.join(sandbox.facts.configDir, 'downloads', `INBOX of ${alice.email}.mbox`),
    'latin1',
  );
  expect(mbox.match(/^From MAILER-DAEMON /gm)).toHaveLength(onServer);
  await signOut(page, sandbox);
});
