// Sending states that tell the truth, through the whole main side (the engine worker, the outbox,
// the real submission server and Dovecot): a connection cut in the middle of a message's data is a
// retry that delivers it once; a copy in Sent that IMAP could not take at send time shows as
// pending, outlives a restart, and is made once IMAP is back.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { startCuttingRelay, type CuttingRelay } from '../stack/cutting-relay.test-support';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import { startTcpRelay, type TcpRelay } from '../stack/tcp-relay';
import type { MailStack, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let smtp: CuttingRelay;
let imap: TcpRelay;
let configDir: string;
const secrets = createSessionSecretStore();
let app: AppServices;
let aliceId: string;

const startApp = () => startAppServices({ configDir, secrets, opener: signingInAs(stack, alice) });

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
  [smtp, imap] = await Promise.all([
    startCuttingRelay(stack.submission.tlsPort),
    startTcpRelay(stack.dovecot.imapPort),
  ]);
  configDir = path.join(stack.dir, 'outbox-faults');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    providers: Array<{ imap: { port: number }; smtp: { port: number } }>;
  };
  config.providers[0]!.imap.port = imap.port;
  config.providers[0]!.smtp.port = smtp.port;
  await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0 }));
  app = await startApp();
  ({ accountId: aliceId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: alice.email }));
  // Sent must be known before sending, so a copy is owed there (expect.poll works only inside a test).
  const deadline = Date.now() + 30_000;
  while (!(await app.client.call('mail.folders', {})).some((folder) => folder.role === 'sent')) {
    if (Date.now() > deadline) throw new Error('the Sent folder never showed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([smtp?.close(), imap?.close()]);
  await stack?.close();
});

async function send(subject: string, attachment?: Buffer): Promise<number> {
  const draft = await app.client.call('compose.start', { mode: 'new', accountId: aliceId });
  await app.client.call('compose.save', {
    draftId: draft.id,
    to: [{ name: bob.name, address: bob.email }],
    cc: [],
    bcc: [],
    subject,
    text: `About ${subject}`,
    html: null,
  });
  if (attachment) {
    await app.client.call('compose.addAttachment', {
      draftId: draft.id,
      filename: 'survey.bin',
      contentType: 'application/octet-stream',
      dataBase64: attachment.toString('base64'),
    });
  }
  return (await app.client.call('compose.send', { draftId: draft.id })).outboxId;
}

const item = async (outboxId: number) =>
  (await app.client.call('outbox.list', {})).find((entry) => entry.id === outboxId);

/** How many messages with this subject the user's folder holds, read from Dovecot directly. */
async function countIn(user: StackUser, folder: string, subject: string): Promise<number> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const { exists } = await client.mailboxOpen(folder, { readOnly: true });
    if (exists === 0) return 0;
    return ((await client.search({ subject }, { uid: true })) || []).length;
  });
}

async function sentFolderOf(user: StackUser): Promise<string> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const found = (await client.list()).find((folder) => folder.specialUse === '\\Sent');
    if (!found) throw new Error(`${user.email} has no Sent folder`);
    return found.path;
  });
}

describe('sending states that tell the truth', () => {
  it('retries a message whose connection was cut in the middle of its data, and delivers it once', async () => {
    const subject = `Cut mid-DATA ${Date.now()}`;
    // Larger than what loopback's socket buffers take in at once (about 4 MB), so the cut after
    // 60 KB comes before the end of DATA has left the app.
    smtp.cutAfter(60_000);
    const outboxId = await send(subject, randomBytes(8 * 1024 * 1024));
    await expect.poll(async () => (await item(outboxId))?.state, { timeout: 30_000, interval: 100 }).toBe('retrying');
    expect(smtp.cuts()).toBe(1);
    expect((await item(outboxId))?.error?.kind).toBe('offline');

    await expect.poll(async () => (await item(outboxId))?.state, { timeout: 30_000 }).toBe('sent');
    expect((await item(outboxId))?.attempts).toBe(2);
    await expect.poll(() => countIn(bob, 'INBOX', subject), { timeout: 15_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await countIn(bob, 'INBOX', subject)).toBe(1);
    // The activity log records the one send, by its number of recipients, never an address.
    const sends = (await app.client.call('activity.list', { accountId: aliceId })).filter(
      (entry) => entry.kind === 'send',
    );
    expect(sends.map((entry) => entry.detail)).toEqual(['Sent a message to 1 recipient.']);
  }, 120_000);

  it('shows the copy in Sent as pending (item and activity log) while IMAP is away, keeps it over a restart, and makes it once IMAP is back', async () => {
    const sent = await sentFolderOf(alice);
    const pendingReason = async (outboxId: number) => (await item(outboxId))?.sentCopyPending?.reason;

    await imap.stop();
    const first = `Sent while IMAP is away ${Date.now()}`;
    const firstId = await send(first);
    await expect.poll(() => pendingReason(firstId), { timeout: 30_000 }).toEqual(expect.stringMatching(/\w/));
    expect((await item(firstId))?.state).toBe('sent');
    expect(await countIn(bob, 'INBOX', first)).toBe(1);
    expect(await countIn(alice, sent, first)).toBe(0);
    // The activity log says so too, where the UI points for details.
    const activity = await app.client.call('activity.list', { accountId: aliceId });
    expect(activity.filter((entry) => entry.kind === 'sent-copy-pending')).toHaveLength(1);

    // The next run finds the copy still owed.
    await app.close();
    await imap.start();
    app = await startApp();
    await expect.poll(() => countIn(alice, sent, first), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => pendingReason(firstId), { timeout: 10_000 }).toBeUndefined();

    // A running app makes it once IMAP is back, with no restart.
    await imap.stop();
    const second = `Sent while IMAP is away again ${Date.now()}`;
    const secondId = await send(second);
    await expect.poll(() => pendingReason(secondId), { timeout: 30_000 }).toEqual(expect.stringMatching(/\w/));
    await imap.start();
    await expect.poll(() => countIn(alice, sent, second), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => pendingReason(secondId), { timeout: 10_000 }).toBeUndefined();
    expect(await countIn(alice, sent, first)).toBe(1);
  }, 240_000);
});
