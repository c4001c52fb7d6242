import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { appendToInbox, openSignedIn, removeFromFolder, signOut } from './support/mail-session';
import { discardDraft } from './support/composer';

// The keyboard alone: a skip link reaches the list on the first Tab stop, F6 cycles the panes,
// j/k keep working after a click in the (sandboxed) message body, ? lists the shortcuts, z undoes
// an archive, and Enter in To takes the highlighted suggestion.

let signedIn = false;

test.afterAll(async ({ sandbox, browser }) => {
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOut(page, sandbox);
  await page.close();
});

const holdsFocus = (locator: Locator) => locator.evaluate((element) => element.contains(document.activeElement));

test('skip links, F6, shortcuts after a click in the body, ? help, z undo and Enter on a suggestion', async ({
  sandbox,
  systemBrowser,
  browser,
  watched,
}) => {
  const { page } = watched;
  const alice = sandbox.facts.users[0]!;
  const bob = sandbox.facts.users[1]!;
  await openSignedIn(page, sandbox, systemBrowser, browser, alice);
  signedIn = true;
  const list = page.getByRole('listbox', { name: 'Unified Inbox' });
  const rows = list.getByRole('option');
  const reading = page.getByRole('region', { name: 'Reading pane' });
  const folders = page.getByRole('navigation', { name: 'Folders' });

  // From the top of the page (nothing focused), the first Tab stop is the skip link; Enter puts
  // the focus in the message list.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to message list' })).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await holdsFocus(list)).toBe(true);

  // Open an HTML message (its body is the sandboxed frame), click into the body: j still moves to
  // the next one.
  const newsletter = `Keyboard newsletter ${Date.now()}`;
  const newsletterId = `<${Date.now()}.keys@harbor.test>`;
  await appendToInbox(sandbox, alice.email, [
    {
      raw: `From: News <news@harbor.test>\r\nTo: ${alice.email}\r\nSubject: ${newsletter}\r\nMessage-ID: ${newsletterId}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Long <b>read</b> for the weekend.</p>\r\n`,
      date: new Date(),
    },
  ]);
  await expect(rows.nth(0)).toContainText(newsletter, { timeout: 15_000 });
  await rows.nth(0).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.locator('body')).not.toBeEmpty({ timeout: 20_000 });
  await body.locator('body').click({ position: { x: 24, y: 24 } });
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');

  // F6 and Shift+F6 go round the panes: list, reading pane, folders, list.
  await rows.nth(0).click();
  await expect(reading.getByRole('button', { name: 'Reply', exact: true })).toBeVisible();
  await page.keyboard.press('F6');
  expect(await holdsFocus(reading)).toBe(true);
  await page.keyboard.press('F6');
  await expect(folders.getByRole('button', { name: /^Unified Inbox/ })).toBeFocused();
  await page.keyboard.press('F6');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('Shift+F6');
  await expect(folders.getByRole('button', { name: /^Unified Inbox/ })).toBeFocused();
  await page.keyboard.press('F6');

  // ? lists the shortcuts in a dialog; Escape closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /z Undo the last action/ })).toBeVisible();
  await expect(help.getByRole('row', { name: /F6 Next pane/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // e archives the selected message, z brings it back.
  const subject = (await rows.nth(0).textContent()) ?? '';
  await rows.nth(0).click();
  await page.keyboard.press('e');
  await expect(rows.filter({ hasText: subject })).toHaveCount(0);
  // z undoes once the archive is recorded, which the toast's Undo shows.
  await expect(
    page.getByRole('status').filter({ hasText: 'Archived.' }).getByRole('button', { name: 'Undo' }),
  ).toBeVisible();
  await page.keyboard.press('z');
  await expect(page.getByRole('status').filter({ hasText: 'Undone.' })).toBeVisible({ timeout: 10_000 });
  await expect(rows.filter({ hasText: subject })).toHaveCount(1);

  // Enter in To with suggestions open takes the highlighted one.
  await page.getByRole('button', { name: 'Compose' }).click();
  const composer = page.getByRole('dialog', { name: 'New message' });
  const to = composer.getByRole('combobox', { name: 'To' });
  await to.fill('bob');
  await expect(composer.getByRole('listbox', { name: 'To suggestions' })).toBeVisible();
  await to.press('Enter');
  await expect(composer.getByRole('list', { name: 'To recipients' })).toContainText(bob.email);
  await expect(composer).not.toContainText('Not an email address');
  await discardDraft(composer);
  // Later specs count the seeded Inbox.
  await removeFromFolder(sandbox, alice.email, 'INBOX', [newsletterId]);
});
