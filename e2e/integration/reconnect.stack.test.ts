// When the mail servers come back after an outage, what waited for them goes at once, through the
// whole main side and with no manual flush or "Send now": a flag change queued while IMAP was away
// and a message whose SMTP submission failed meanwhile.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, sendOverSubmission, withImap } from '../stack/stack-test-support';
import { startTcpRelay, type TcpRelay } from '../stack/tcp-relay';
import type { MailStack, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let imapRelay: TcpRelay;
let smtpRelay: TcpRelay;
let app: AppServices;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
  [imapRelay, smtpRelay] = await Promise.all([
    startTcpRelay(stack.dovecot.imapPort),
    startTcpRelay(stack.submission.tlsPort),
  ]);
  const configDir = path.join(stack.dir, 'reconnect');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    providers: Array<{ imap: { port: number }; smtp: { port: number } }>;
  };
  config.providers[0]!.imap.port = imapRelay.port;
  config.providers[0]!.smtp.port = smtpRelay.port;
  await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0 }));
  app = await startAppServices({ configDir, secrets: createSessionSecretStore(), opener: signingInAs(stack, alice) });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([imapRelay?.close(), smtpRelay?.close()]);
  await stack?.close();
});

async function phaseOf(accountId: string) {
  return (await app.client.call('mail.syncStatus', {})).find((status) => status.accountId === accountId)?.phase;
}

/** The \Seen flag of the message with this subject, as Dovecot has it (not through the relay). */
async function seenOnServer(user: StackUser, subject: string): Promise<boolean> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const [uid] = (await client.search({ subject }, { uid: true })) || [];
    if (uid === undefined) throw new Error(`no message "${subject}" in the Inbox`);
    const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return message ? message.flags?.has('\\Seen') === true : false;
  });
}

async function inInbox(user: StackUser, subject: string): Promise<number> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const { exists } = await client.mailboxOpen('INBOX', { readOnly: true });
    if (exists === 0) return 0;
    return ((await client.search({ subject }, { uid: true })) || []).length;
  });
}

describe('the servers back after an outage', () => {
  it('get the queued flag change and the waiting message within 5 s, with no flush or Send now', async () => {
    const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: alice.email });
    const unread = `Read me while offline ${Date.now()}`;
    await sendOverSubmission(stack, bob, [alice], unread);
    const page = async () =>
      (await app.client.call('mail.list', { view: { kind: 'unified-inbox' }, offset: 0, limit: 50 })).rows;
    await expect.poll(async () => (await page()).some((row) => row.subject === unread), { timeout: 15_000 }).toBe(true);
    const row = (await page()).find((candidate) => candidate.subject === unread)!;
    expect(row.unread).toBe(true);

    await Promise.all([imapRelay.stop(), smtpRelay.stop()]);
    await expect.poll(() => phaseOf(accountId), { timeout: 10_000 }).toBe('offline');
    await app.client.call('mail.setFlags', { messageIds: [row.id], unread: false });
    const subject = `Written while offline ${Date.now()}`;
    const draft = await app.client.call('compose.start', { mode: 'new', accountId });
    await app.client.call('compose.save', {
      draftId: draft.id,
      to: [{ name: bob.name, address: bob.email }],
      cc: [],
      bcc: [],
      subject,
      text: 'Queued while the servers were away.',
      html: null,
    });
    const { outboxId } = await app.client.call('compose.send', { draftId: draft.id });
    const item = async () => (await app.client.call('outbox.list', {})).find((entry) => entry.id === outboxId);
    await expect.poll(async () => (await item())?.state, { timeout: 15_000 }).toBe('retrying');
    // Long enough for the retries' own backoff to have grown past the 5 s allowed below.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await seenOnServer(alice, unread)).toBe(false);

    await Promise.all([imapRelay.start(), smtpRelay.start()]);
    const back = Date.now();
    await expect.poll(() => seenOnServer(alice, unread), { timeout: 15_000, interval: 200 }).toBe(true);
    await expect.poll(() => inInbox(bob, subject), { timeout: 15_000, interval: 200 }).toBe(1);
    expect(Date.now() - back).toBeLessThan(5_000);
  }, 120_000);
});
