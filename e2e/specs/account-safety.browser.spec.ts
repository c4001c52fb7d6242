import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { confirmLeaving, openSignedIn, withServer } from './support/mail-session';
import { signInFrom } from './support/system-browser';
import { discardDraft } from './support/composer';

// Accounts are not lost by a slip: adding one can be called off, signing out asks first and says
// what will happen (in a modal dialog that keeps the focus), and once one of two accounts has
// signed out the other one's panels work and its unread count follows the server.

let signedIn = false;

/** Signs out every account left, one after another, so the next spec starts at onboarding. */
async function signOutEveryAccount(page: Page, appUrl: string) {
  await page.goto(appUrl);
  const onboarding = page.getByRole('heading', { name: 'Add your mail account' });
  const panel = page.getByRole('button', { name: 'Account and security' });
  for (let left = 3; left > 0; left -= 1) {
    await expect(onboarding.or(panel)).toBeVisible();
    if (await onboarding.isVisible()) return;
    if ((await panel.getAttribute('aria-expanded')) !== 'true') await panel.click();
    await page.getByRole('button', { name: 'Sign out and revoke access' }).click();
    await confirmLeaving(page);
    await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toBeVisible();
  }
}

test.afterAll(async ({ sandbox, browser }) => {
  if (!signedIn) return;
  const page = await browser.newPage();
  await signOutEveryAccount(page, sandbox.facts.appUrl);
  await page.close();
});

test('adding an account can be called off; signing out asks; the other account keeps working', async ({
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
  const accounts = page.getByRole('navigation', { name: 'Accounts' });

  // "Add account", then back to mail without adding one.
  await accounts.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel and go back to mail' }).click();
  await expect(page.getByRole('listbox', { name: 'Unified Inbox' })).toBeVisible();
  await expect(accounts.getByRole('button', { name: alice.email })).toBeVisible();

  await accounts.getByRole('button', { name: 'Add account' }).click();
  await signInFrom(page.getByRole('button', { name: 'Sign in with Sandbox' }), systemBrowser, browser, bob);
  await expect(accounts.getByRole('button', { name: bob.email })).toHaveAttribute('aria-current', 'true');

  // Signing out asks first, says what happens, keeps the focus inside, and Escape changes nothing.
  const revocationsBefore = sandbox.stack.auth.revocations().length;
  await accounts.getByRole('button', { name: 'Account and security' }).click();
  const signOut = page.getByRole('button', { name: 'Sign out and revoke access' });
  await signOut.click();
  const question = page.getByRole('alertdialog', { name: `Sign out of ${bob.email}?` });
  await expect(question).toContainText('asks Sandbox to revoke its access');
  await expect(question).toContainText('removed from this computer. Mail on the server stays there');
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // The rest of the window is out of reach while it asks.
  await expect(page.getByRole('button', { name: 'Compose' })).toHaveCount(0);
  for (let tab = 0; tab < 4; tab += 1) {
    await page.keyboard.press('Tab');
    expect(await question.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(accounts.getByRole('button', { name: bob.email })).toBeVisible();
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore);

  await signOut.click();
  await confirmLeaving(page);
  await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toBeVisible();
  await expect(accounts.getByRole('button', { name: bob.email })).toHaveCount(0);
  expect(sandbox.stack.auth.revocations().length).toBe(revocationsBefore + 1);

  // Alice's panels all work: the security panel's buttons, composing, the folders.
  await expect(accounts.getByRole('button', { name: alice.email })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('button', { name: 'Sign in again' })).toBeEnabled();
  await expect(signOut).toBeEnabled();
  await signOut.click();
  await expect(page.getByRole('alertdialog', { name: `Sign out of ${alice.email}?` })).toBeVisible();
  await page.keyboard.press('Escape');
  await accounts.getByRole('button', { name: 'Account and security' }).click();

  const folders = page.getByRole('navigation', { name: 'Folders' });
  await folders.getByRole('button', { name: /^Inbox\b/ }).click();
  const inbox = page.getByRole('listbox', { name: 'Inbox', exact: true });
  await expect(inbox.getByRole('option').first()).toBeVisible();

  // The unread count follows a change made elsewhere (another mail program marks one read).
  const unreadOf = async () => {
    const name = (await folders.getByRole('button', { name: /^Inbox\b/ }).getAttribute('aria-label')) ?? '';
    const label = name || ((await folders.getByRole('button', { name: /^Inbox\b/ }).textContent()) ?? '');
    return Number(/([\d,]+) unread/.exec(label)?.[1]?.replace(/,/g, '') ?? '0');
  };
  await expect.poll(unreadOf).toBeGreaterThan(0);
  const before = await unreadOf();
  await withServer(sandbox, alice.email, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      await client.messageFlagsAdd(unseen.slice(0, 1), ['\\Seen'], { uid: true });
    } finally {
      lock.release();
    }
  });
  await expect.poll(unreadOf, { timeout: 15_000 }).toBe(before - 1);

  await page.getByRole('button', { name: 'Compose' }).click();
  await expect(page.getByRole('dialog', { name: 'New message' })).toBeVisible();
  await discardDraft(page.getByRole('dialog', { name: 'New message' }));
});
