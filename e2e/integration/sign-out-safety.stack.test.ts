// Sign-out keeps what exists only on this computer and finishes whatever the mail server does,
// through the whole main side: an unsent outbox item and a draft are never deleted without an
// explicit choice (refused, or saved to a file first), and a sign-out behind an IMAP server that
// trickles one byte every 2 s revokes at the authorization server and returns within 10 s.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { startMailStack } from '../stack/mail-stack';
import { startTcpRelay, type TcpRelay } from '../stack/tcp-relay';
import type { MailStack, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let imapRelay: TcpRelay;
let smtpRelay: TcpRelay;
let app: AppServices;
/** What the host's save dialog does: by default the person cancels. */
let saveFile: (name: string, content: Uint8Array) => Promise<boolean> = async () => false;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
  [imapRelay, smtpRelay] = await Promise.all([
    startTcpRelay(stack.dovecot.imapPort),
    startTcpRelay(stack.submission.tlsPort),
  ]);
  const configDir = path.join(stack.dir, 'sign-out-safety');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    providers: Array<{ imap: { port: number }; smtp: { port: number } }>;
  };
  config.providers[0]!.imap.port = imapRelay.port;
  config.providers[0]!.smtp.port = smtpRelay.port;
  await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0 }));
  app = await startAppServices({
    configDir,
    secrets: createSessionSecretStore(),
    opener: signingInAs(stack, alice),
    saveFile: (name, content) => saveFile(name, content),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([imapRelay?.close(), smtpRelay?.close()]);
  await stack?.close();
});

async function signedIn(user: StackUser): Promise<string> {
  const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: user.email });
  await expect
    .poll(async () => (await app.client.call('mail.syncStatus', {})).find((s) => s.accountId === accountId)?.phase, {
      timeout: 30_000,
    })
    .toBe('idle');
  return accountId;
}

async function draftTo(accountId: string, to: StackUser, subject: string): Promise<number> {
  const draft = await app.client.call('compose.start', { mode: 'new', accountId });
  await app.client.call('compose.save', {
    draftId: draft.id,
    to: [{ name: to.name, address: to.email }],
    cc: [],
    bcc: [],
    subject,
    text: `About ${subject}`,
    html: null,
  });
  return draft.id;
}

const accountIds = async () => (await app.client.call('accounts.list', {})).map((account) => account.id);

describe('signing out with mail that exists only here', () => {
  it('is refused without a choice, keeps everything when the save is cancelled, and saves both to a file', async () => {
    const accountId = await signedIn(alice);
    // Both servers away: the message stays in the outbox, the draft never reaches the server's Drafts.
    await Promise.all([imapRelay.stop(), smtpRelay.stop()]);
    const queued = `Waiting in the outbox ${Date.now()}`;
    const { outboxId } = await app.client.call('compose.send', { draftId: await draftTo(accountId, bob, queued) });
    await expect
      .poll(async () => (await app.client.call('outbox.list', {})).find((item) => item.id === outboxId)?.state, {
        timeout: 15_000,
      })
      .toBe('retrying');
    const drafted = `Only a draft ${Date.now()}`;
    await draftTo(accountId, bob, drafted);
    // An empty draft (a composer opened and closed) is nothing to lose.
    await app.client.call('compose.start', { mode: 'new', accountId });
    expect(await app.client.call('accounts.unsentMail', { accountId })).toEqual({ outbox: 1, drafts: 1 });

    await expect(app.client.call('auth.signOut', { accountId })).rejects.toMatchObject({
      code: 'UNSENT_MAIL',
      message: `${alice.email} has 1 message in the Outbox and 1 draft that exist only on this computer. Save them to a file or discard them first.`,
    });
    await expect(app.client.call('auth.removeAccount', { accountId })).rejects.toMatchObject({ code: 'UNSENT_MAIL' });
    await expect(app.client.call('auth.signOut', { accountId, unsent: 'export' })).rejects.toMatchObject({
      code: 'UNSENT_MAIL',
      message: 'The unsent mail was not saved, so nothing was removed.',
    });
    expect(await accountIds()).toEqual([accountId]);
    expect(await app.client.call('accounts.unsentMail', { accountId })).toEqual({ outbox: 1, drafts: 1 });
    expect(stack.auth.revocations()).toHaveLength(0);

    const saved: { name: string; content: string }[] = [];
    saveFile = async (name, content) => {
      saved.push({ name, content: Buffer.from(content).toString('latin1') });
      return true;
    };
    await expect(app.client.call('auth.signOut', { accountId, unsent: 'export' })).resolves.toMatchObject({
      outcome: 'revoked',
    });
    expect(saved.map((file) => file.name)).toEqual([`Unsent mail of ${alice.email}.mbox`]);
    const mbox = saved[0]!.content;
    expect(mbox.match(/^From MAILER-DAEMON /gm)).toHaveLength(2);
    expect(mbox).toContain(`Subject: ${queued}`);
    expect(mbox).toContain(`Subject: ${drafted}`);
    expect(await accountIds()).toEqual([]);
    expect(stack.auth.revocations()).toHaveLength(1);
  }, 90_000);
});

describe('signing out behind an IMAP server that trickles', () => {
  it('revokes at the authorization server and returns within 10 s', async () => {
    await Promise.all([imapRelay.start(), smtpRelay.start()]);
    const accountId = await signedIn(bob);
    // Every session reconnects into a server whose bytes come one every 2 s.
    imapRelay.drip(true);
    imapRelay.cut();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const revocations = stack.auth.revocations().length;

    const started = Date.now();
    await expect(app.client.call('auth.signOut', { accountId })).resolves.toMatchObject({ outcome: 'revoked' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.auth.revocations()).toHaveLength(revocations + 1);
    expect(await accountIds()).toEqual([]);
    imapRelay.drip(false);
  }, 60_000);
});
