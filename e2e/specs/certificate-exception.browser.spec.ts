import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { imapLogin, startCertificateRelay } from '../stack/certificate-relay';
import { selfSignedCertificate } from '../stack/tls-test-certificates';
import { expect, test } from './fixtures';
import { confirmLeaving } from './support/mail-session';

// "Other mail server" at a server with a self-signed certificate, as a person meets it: the check
// is refused with the reason, the certificate the app saw is shown, "Don't trust it" turns back,
// "Trust this certificate" pins it and checks again, and the app-password sign-in goes through.

test('trusts a self-signed certificate while adding the server, then signs in with an app password', async ({
  sandbox,
  watched,
}) => {
  const { page } = watched;
  const carol = sandbox.facts.users.find((user) => user.appPassword !== undefined);
  if (!carol?.appPassword) throw new Error('the sandbox has a user with an app password');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-exception-spec-'));
  const certificate = await selfSignedCertificate(dir, 'IP:127.0.0.1');
  const relay = await startCertificateRelay({
    certificate,
    targetPort: sandbox.stack.dovecot.imapPort,
    ca: sandbox.stack.ca,
    login: imapLogin,
  });
  const fingerprint = new X509Certificate(certificate.certPem).fingerprint256;
  try {
    await page.goto(sandbox.facts.appUrl);
    const other = page.getByRole('region', { name: 'Other mail server' });
    await other.getByLabel('Email address').fill(carol.email);
    await other.getByLabel('IMAP server').fill('127.0.0.1');
    await other.getByLabel('Port').fill(String(relay.port));
    await other.getByRole('button', { name: 'Check server' }).click();

    const reason = `The certificate of 127.0.0.1:${relay.port} is not trusted: it is self-signed.`;
    await expect(other.getByRole('alert', { name: 'Server check' })).toContainText(reason);
    const exception = other.getByRole('region', { name: `Certificate of 127.0.0.1:${relay.port}` });
    await expect(exception).toContainText(`${reason} SHA-256 fingerprint: ${fingerprint}`);
    await expect(exception).toContainText('Trust it only if you know this is your server’s certificate.');

    await exception.getByRole('button', { name: 'Don’t trust it' }).click();
    await expect(exception).toBeHidden();
    expect(relay.logins()).toBe(0);
    await other.getByRole('button', { name: 'Check server' }).click();
    await exception.getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(other.getByRole('heading', { name: `127.0.0.1:${relay.port} answers securely` })).toBeVisible();

    await other.getByRole('button', { name: 'Use an app password instead' }).click();
    const form = other.getByRole('form', { name: 'Sign in with an app password' });
    await form.getByLabel('App password').fill(carol.appPassword);
    await form.getByRole('button', { name: 'Sign in with app password' }).click();
    await expect(page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option').first()).toBeVisible();

    await page.getByRole('button', { name: 'Account and security' }).click();
    await page.getByRole('button', { name: 'Sign out and remove app password' }).click();
    await confirmLeaving(page, 'Sign out and remove app password');
    await expect(page.getByRole('heading', { name: 'Add your mail account' })).toBeVisible();
  } finally {
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
});
