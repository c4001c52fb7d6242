import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { smtpAuth, startCertificateRelay } from '../stack/certificate-relay';
import { selfSignedCertificate } from '../stack/tls-test-certificates';
import { expect, test } from './fixtures';
import { openSignedIn, signOut, withServer } from './support/mail-session';

// The outbox's Trust block as a person meets it: the Sandbox provider's SMTP server sits behind
// a relay with a self-signed certificate, the sent message waits in the outbox with the refused
// certificate, "Trust this certificate" pins it and sends, and bob receives the message once.

test('a message held by an untrusted SMTP certificate is sent once after the user trusts it', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  test.setTimeout(120_000);
  const { page } = watched;
  const [alice, bob] = sandbox.facts.users as [{ email: string; password: string }, { email: string }];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outbox-certificate-spec-'));
  const certificate = await selfSignedCertificate(dir, 'IP:127.0.0.1');
  const relay = await startCertificateRelay({
    certificate,
    targetPort: sandbox.stack.submission.tlsPort,
    ca: sandbox.stack.ca,
    login: smtpAuth,
  });
  const configFile = path.join(sandbox.facts.configDir, 'config.json');
  const original = await readFile(configFile, 'utf8');
  const config = JSON.parse(original) as { providers: Array<{ smtp: { port: number } }> };
  config.providers[0]!.smtp.port = relay.port;
  await writeFile(configFile, JSON.stringify(config));
  try {
    await sandbox.restartApp();
    await openSignedIn(page, sandbox, systemBrowser, browser, alice);

    const subject = `Behind a self-signed certificate ${Date.now()}`;
    await page.getByRole('button', { name: 'Compose' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'To' }).fill(bob.email);
    await dialog.getByRole('combobox', { name: 'To' }).press('Enter');
    await dialog.getByLabel('Subject').fill(subject);
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Sent once the certificate is trusted.');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    await page.getByRole('button', { name: /^Outbox\b/ }).click();
    const item = page.getByRole('region', { name: 'Outbox' }).getByRole('listitem', { name: subject });
    const fingerprint = new X509Certificate(certificate.certPem).fingerprint256;
    await expect(item).toContainText(
      `The certificate of 127.0.0.1:${relay.port} is not trusted: it is self-signed. SHA-256 fingerprint: ${fingerprint}`,
      { timeout: 30_000 },
    );
    expect(relay.logins()).toBe(0);

    await item.getByRole('button', { name: 'Trust this certificate' }).click();
    // Sent: it leaves the outbox.
    await expect(item).toHaveCount(0, { timeout: 30_000 });
    const delivered = () =>
      withServer(sandbox, bob.email, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        let found = 0;
        for await (const message of client.fetch('1:*', { envelope: true })) {
          if (message.envelope?.subject === subject) found += 1;
        }
        return found;
      });
    await expect.poll(delivered, { timeout: 15_000 }).toBe(1);
    expect(relay.logins()).toBe(1);

    // A fresh page: the outbox view stays in front while it is open.
    await page.reload();
    await signOut(page, sandbox);
  } finally {
    await writeFile(configFile, original);
    await sandbox.restartApp();
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
});
