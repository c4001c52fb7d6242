// The outbox's Trust block end to end, through the whole main side (contract, engine worker,
// outbox, the real submission server behind a TLS relay with a self-signed certificate, Dovecot):
// the queued message shows the refused certificate, trusting it with tls.trustCertificate pins it,
// and "Send now" then delivers the message exactly once. A later swap is refused before AUTH.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/compose-models';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { smtpAuth, startCertificateRelay, type CertificateRelay } from '../stack/certificate-relay';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import { selfSignedCertificate } from '../stack/tls-test-certificates';
import type { MailStack, ServerCertificate, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let relay: CertificateRelay;
let app: AppServices;
let certificates: Record<'selfSigned' | 'otherSelfSigned', ServerCertificate>;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
  const dir = path.join(stack.dir, 'outbox-certificate');
  const [selfSigned, otherSelfSigned] = await Promise.all([
    selfSignedCertificate(path.join(dir, 'self-signed'), 'IP:127.0.0.1'),
    selfSignedCertificate(path.join(dir, 'other-self-signed'), 'IP:127.0.0.1'),
  ]);
  certificates = { selfSigned, otherSelfSigned };
  relay = await startCertificateRelay({
    certificate: selfSigned,
    targetPort: stack.submission.tlsPort,
    ca: stack.ca,
    login: smtpAuth,
  });

  // The sandbox provider, with its SMTP server behind the relay and no undo delay.
  const configDir = path.join(dir, 'config');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { providers: Array<{ smtp: { port: number } }> };
  config.providers[0]!.smtp.port = relay.port;
  await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0 }));

  app = await startAppServices({
    configDir,
    secrets: createSessionSecretStore(),
    opener: signingInAs(stack, alice),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await relay?.close();
  await stack?.close();
});

const fingerprintOf = (certificate: ServerCertificate) => new X509Certificate(certificate.certPem).fingerprint256;

async function outboxItem(outboxId: number): Promise<OutboxItem | undefined> {
  return (await app.client.call('outbox.list', {})).find((item) => item.id === outboxId);
}

async function send(accountId: string, subject: string): Promise<number> {
  const draft = await app.client.call('compose.start', { mode: 'new', accountId });
  await app.client.call('compose.save', {
    draftId: draft.id,
    to: [{ name: bob.name, address: bob.email }],
    cc: [],
    bcc: [],
    subject,
    text: `About ${subject}`,
    html: null,
  });
  return (await app.client.call('compose.send', { draftId: draft.id })).outboxId;
}

/** How many messages with this subject bob's Inbox holds, read over IMAP. */
async function inBobsInbox(subject: string): Promise<number> {
  const token = await accessTokenFor(stack.auth, stack.ca, bob);
  return withImap(imapClient(stack.dovecot, stack.ca, bob.email, token), async (client) => {
    const { exists } = await client.mailboxOpen('INBOX', { readOnly: true });
    if (exists === 0) return 0;
    let found = 0;
    for await (const message of client.fetch('1:*', { envelope: true })) {
      if (message.envelope?.subject === subject) found += 1;
    }
    return found;
  });
}

describe('a message queued to an SMTP server with a self-signed certificate', () => {
  it('shows the certificate, is delivered exactly once after it is trusted, and a swap asks again', async () => {
    const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: alice.email });
    const where = `127.0.0.1:${relay.port}`;
    const subject = `Behind a self-signed certificate ${Date.now()}`;
    const outboxId = await send(accountId, subject);

    await expect.poll(async () => (await outboxItem(outboxId))?.certificate, { timeout: 30_000 }).toBeTruthy();
    const waiting = await outboxItem(outboxId);
    expect(waiting?.state).not.toBe('sent');
    expect(waiting?.certificate).toMatchObject({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates.selfSigned),
      problem: 'untrusted',
      reason: `The certificate of ${where} is not trusted: it is self-signed.`,
    });
    expect(relay.logins()).toBe(0);
    expect(await inBobsInbox(subject)).toBe(0);

    // What the outbox's Trust block does: trust the certificate the item carries, then send now.
    const { host, port, fingerprint256 } = waiting!.certificate!;
    await app.client.call('tls.trustCertificate', { host, port, fingerprint256 });
    await app.client.call('outbox.sendNow', { outboxId });
    await expect.poll(async () => (await outboxItem(outboxId))?.state, { timeout: 30_000 }).toBe('sent');
    expect((await outboxItem(outboxId))?.certificate ?? null).toBeNull();
    await expect.poll(() => inBobsInbox(subject), { timeout: 15_000 }).toBe(1);
    expect(relay.logins()).toBe(1);

    // Another pass does not send it again.
    await app.client.call('outbox.sendNow', { outboxId });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await inBobsInbox(subject)).toBe(1);

    relay.present(certificates.otherSelfSigned);
    const laterSubject = `After the swap ${Date.now()}`;
    const laterId = await send(accountId, laterSubject);
    await expect
      .poll(async () => (await outboxItem(laterId))?.certificate?.problem, { timeout: 30_000 })
      .toBe('changed');
    expect((await outboxItem(laterId))?.certificate).toMatchObject({
      fingerprint256: fingerprintOf(certificates.otherSelfSigned),
      reason: `The certificate of ${where} changed since you trusted it.`,
    });
    expect(relay.logins()).toBe(1);
    expect(await inBobsInbox(laterSubject)).toBe(0);
  }, 120_000);
});
