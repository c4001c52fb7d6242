import { expect, test } from './fixtures';
import {
  appendToFolder,
  createFolders,
  deleteFolders,
  openSignedIn,
  removeFromFolder,
  signOut,
  withServer,
} from './support/mail-session';

// "Search on server" as a person uses it: a word found only in an old message the app has never
// synced (put on the server after the first sync, in folders the app does not watch), copied into
// a second folder, and a message in Trash that only in:anywhere finds.

const oldMessage = (messageId: string, subject: string, word: string) =>
  [
    'From: Zoë Keller <zoe@finance.test>',
    'To: alice@harbor.test',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Tue, 5 Mar 2019 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The ${word} contract was signed on the day.`,
    '',
  ].join('\r\n');

test('search on server finds an old message never synced, lists it once with where it was found, and opens it', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  test.setTimeout(150_000);
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  // Put on the server once the first sync is done: the app has not seen them.
  await expect(page.getByText('Up to date', { exact: true })).toBeVisible({ timeout: 60_000 });

  const word = `quill${Date.now().toString(36)}`;
  const folder = `Board ${word}`;
  const minutes = { id: `minutes-${word}@finance.test`, subject: `Minutes of the 2019 board meeting` };
  const trashed = { id: `trashed-${word}@finance.test`, subject: `Draft minutes, thrown away` };
  const date = new Date('2019-03-05T10:00:00Z');
  await createFolders(sandbox, alice.email, [folder]);
  await appendToFolder(
    sandbox,
    alice.email,
    'Archive',
    [{ raw: oldMessage(minutes.id, minutes.subject, word), date }],
    ['\\Seen'],
  );
  // The same message in a second folder, copied there on the server.
  await withServer(sandbox, alice.email, async (client) => {
    const lock = await client.getMailboxLock('Archive');
    try {
      await client.messageCopy({ header: { 'message-id': minutes.id } }, folder);
    } finally {
      lock.release();
    }
  });
  await appendToFolder(
    sandbox,
    alice.email,
    'Trash',
    [{ raw: oldMessage(trashed.id, trashed.subject, word), date }],
    ['\\Seen'],
  );
  try {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill(word);
    await expect(page.getByText(`No messages match “${word}”.`)).toBeVisible();

    await page.getByRole('button', { name: 'Search on server' }).click();
    const summary = page.getByRole('status', { name: 'Search on server' });
    await expect(summary).toContainText('1 message found on the server.', { timeout: 30_000 });
    await expect(summary).toContainText(`Searched Inbox, Sent, Drafts, Archive, ${folder}.`);
    await expect(summary).toContainText('Trash and Junk left out; add in:anywhere to search them too.');

    // The two copies (Archive and the new folder) are one row, marked as found on the server.
    const results = page
      .getByRole('listbox', { name: `Search results for ${word}, here and on the server` })
      .getByRole('option');
    await expect(results).toHaveCount(1);
    await expect(results).toContainText(minutes.subject);
    await expect(results.getByRole('img', { name: 'Found on the server' })).toBeVisible();

    // It opens like any message: its body is fetched from the server now.
    await results.click();
    await expect(
      page.getByRole('article', { name: 'Message' }).getByText(`The ${word} contract was signed on the day.`),
    ).toBeVisible({ timeout: 30_000 });

    // Now stored, the local search finds it too; in:anywhere adds the copy in Trash.
    await search.fill(`${word} in:anywhere`);
    await expect(
      page.getByRole('listbox', { name: `Search results for ${word} in:anywhere` }).getByRole('option'),
    ).toHaveCount(1);
    await page.getByRole('button', { name: 'Search on server' }).click();
    const everywhere = page
      .getByRole('listbox', { name: `Search results for ${word} in:anywhere, here and on the server` })
      .getByRole('option');
    await expect(everywhere).toHaveCount(2, { timeout: 30_000 });
    await expect(
      everywhere
        .filter({ hasText: minutes.subject })
        .getByRole('img', { name: 'Found on this computer and on the server' }),
    ).toBeVisible();
    await expect(
      everywhere.filter({ hasText: trashed.subject }).getByRole('img', { name: 'Found on the server' }),
    ).toBeVisible();
    await expect(summary).not.toContainText('left out');
  } finally {
    await removeFromFolder(sandbox, alice.email, 'Archive', [`<${minutes.id}>`]);
    await removeFromFolder(sandbox, alice.email, 'Trash', [`<${trashed.id}>`]);
    await deleteFolders(sandbox, alice.email, [folder]);
  }
  await signOut(page, sandbox);
});
