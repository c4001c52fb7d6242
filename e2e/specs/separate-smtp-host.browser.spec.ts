import { expect, test } from './fixtures';
import { appendToInbox, confirmLeaving, withServer } from './support/mail-session';

// An iCloud-like account through "Other mail server": IMAP and SMTP under different host names
// (127.0.0.1 and localhost, both names in the stack's certificates, both checked), an app
// password, STARTTLS on the submission port. Carol reads her Inbox and sends to bob; bob's Inbox
// on the server has the message.

test('an app-password account with its own SMTP host reads and sends', async ({ sandbox, watched }) => {
  const { page } = watched;
  const carol = sandbox.facts.users.find((user) => user.appPassword !== undefined);
  const bob = sandbox.facts.users.find((user) => user.email.startsWith('bob@'));
  if (!carol?.appPassword || !bob) throw new Error('the sandbox has carol with an app password, and bob');
  const waiting = `Berth renewal ${Date.now()}`;
  await appendToInbox(sandbox, carol.email, [
    {
      raw: `From: bob@harbor.test\r\nTo: ${carol.email}\r\nSubject: ${waiting}\r\n\r\nPlease renew.\r\n`,
      date: new Date(),
    },
  ]);
  await page.goto(sandbox.facts.appUrl);

  const other = page.getByRole('region', { name: 'Other mail server' });
  await other.getByLabel('Email address').fill(carol.email);
  await other.getByLabel('IMAP server').fill('127.0.0.1');
  await other.getByLabel('Port', { exact: true }).fill(String(sandbox.facts.imap.port));
  await other.getByRole('button', { name: 'Check server' }).click();
  await other.getByRole('button', { name: 'Use an app password instead' }).click();

  const form = other.getByRole('form', { name: 'Sign in with an app password' });
  await expect(form.getByLabel('SMTP server')).toHaveValue('127.0.0.1');
  await form.getByLabel('SMTP server').fill('localhost');
  await form.getByLabel('SMTP port').fill(String(sandbox.facts.smtp.starttlsPort));
  await form.getByLabel('SMTP security').selectOption('starttls');
  await form.getByLabel('App password').fill(carol.appPassword);
  await form.getByRole('button', { name: 'Sign in with app password' }).click();

  const inbox = page.getByRole('listbox', { name: 'Unified Inbox' });
  await expect(inbox.getByRole('option').filter({ hasText: waiting })).toBeVisible({ timeout: 30_000 });

  const subject = `Renewed ${Date.now()}`;
  await page.getByRole('button', { name: 'Compose' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
  await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
  await dialog.getByLabel('Subject').fill(subject);
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Renewed for another year.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();

  const delivered = () =>
    withServer(sandbox, bob.email, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const found: string[] = [];
      for await (const message of client.fetch('1:*', { envelope: true })) {
        if (message.envelope?.subject === subject) found.push(message.envelope.from?.[0]?.address ?? '');
      }
      return found;
    });
  await expect.poll(delivered, { timeout: 30_000 }).toEqual([carol.email]);
  await expect(page.getByText(carol.appPassword)).toHaveCount(0);

  await page.getByRole('button', { name: 'Account and security' }).click();
  await page.getByRole('button', { name: 'Sign out and remove app password' }).click();
  await confirmLeaving(page, 'Sign out and remove app password');
  await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
});
