import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openSignedIn, confirmLeaving } from './support/mail-session';

// Sign-out with mail that exists only on this computer, as a person meets it: a message to an
// address the submission server refuses for good stays in the Outbox as failed; "Sign out and
// revoke access" then asks first. Cancel keeps everything; "Save to a file and sign out" writes an
// mbox (the browser host's save goes to `downloads` in the config folder) and then signs out.
// With UI_SHOTS_DIR set, the open dialog is also photographed at two window sizes for review.

const mboxFiles = async (folder: string) =>
  (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.mbox'));

test('sign-out with an unsent message asks first: Cancel keeps the account, saving exports it to an mbox', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  // The stack's submission server answers 550 5.1.1 for a mailbox Dovecot does not know.
  const nobody = 'nobody@harbor.test';
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);

  const subject = `Never delivered ${Date.now()}`;
  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog');
  await composer.getByRole('combobox', { name: 'To' }).fill(nobody);
  await composer.getByRole('combobox', { name: 'To' }).press('Enter');
  await composer.getByLabel('Subject').fill(subject);
  await composer.getByRole('textbox', { name: 'Message' }).fill('This one only ever lived on this computer.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();

  await page.getByRole('button', { name: /^Outbox\b/ }).click();
  const item = page.getByRole('region', { name: 'Outbox' }).getByRole('listitem', { name: subject });
  await expect(item).toContainText(`Refused: ${nobody}`, { timeout: 30_000 });

  const revocationsBefore = sandbox.stack.auth.revocations().length;
  const downloads = path.join(sandbox.facts.configDir, 'downloads');
  const savedBefore = await mboxFiles(downloads);

  // The Outbox takes the place of the account panel while shown: back to the Inbox first.
  const inbox = page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Unified Inbox/ });
  await inbox.click();
  await page.getByRole('button', { name: 'Account and security' }).click();
  const signOut = page.getByRole('button', { name: 'Sign out and revoke access' });
  const dialog = page.getByRole('alertdialog', { name: 'Unsent mail on this computer' });
  await signOut.click();
  await confirmLeaving(page);
  await expect(dialog).toContainText(`${alice.email} has 1 message in the Outbox that exists only on this computer`);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();

  const shots = process.env.UI_SHOTS_DIR;
  if (shots) {
    const size = page.viewportSize();
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: path.join(shots, `sign-out-unsent-${width}x${height}.png`) });
      await dialog.screenshot({ path: path.join(shots, `sign-out-unsent-dialog-${width}x${height}.png`) });
    }
    // The same from the keyboard, where the focused default shows its ring.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.screenshot({ path: path.join(shots, 'sign-out-unsent-dialog-keyboard-1024x700.png') });
    if (size) await page.setViewportSize(size);
  }

  // Cancel: nothing leaves, nothing is revoked, the message still waits in the Outbox.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(signOut).toBeEnabled();
  await expect(page.getByRole('button', { name: alice.email })).toBeVisible();
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore);
  expect(await mboxFiles(downloads)).toEqual(savedBefore);
  await page.getByRole('button', { name: /^Outbox\b/ }).click();
  await expect(item).toContainText(`Refused: ${nobody}`);

  // Save to a file and sign out: the account goes, revoked, and the message is in the mbox.
  await inbox.click();
  await signOut.click();
  await confirmLeaving(page);
  await dialog.getByRole('button', { name: 'Save to a file and sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore + 1);

  const saved = (await mboxFiles(downloads)).filter((name) => !savedBefore.includes(name));
  expect(saved).toHaveLength(1);
  const mbox = await readFile(path.join(downloads, saved[0]!), 'utf8');
  expect(mbox).toMatch(/^From /);
  expect(mbox).toContain(`Subject: ${subject}`);
  expect(mbox).toContain(`To: ${nobody}`);
});
