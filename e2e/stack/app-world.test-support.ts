// The app's main side (startMainServices, over the in-memory contract transport) on a fresh mail
// stack, as the stack tests of whole flows use it: the sandbox provider, optionally with IMAP and
// SMTP behind relays the test can take away, and the few steps every such test takes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import type { SyncStatus } from '../../shared/mail-models';
import { signingInAs } from '../integration/system-browser';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from './app-services';
import { startMailStack } from './mail-stack';
import { seedUsers } from './seed-mailboxes';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import { startTcpRelay, type TcpRelay } from './tcp-relay';
import type { MailStack, StackUser } from './types';
import type { SaveContent, SaveFile } from '../../main/files/save-file';

export interface AppWorld {
  stack: MailStack;
  app: AppServices;
  /** In front of Dovecot when asked for; the app's IMAP goes through it. */
  imapRelay: TcpRelay | null;
  /** In front of the submission server when asked for; the app's SMTP goes through it. */
  smtpRelay: TcpRelay | null;
  close(): Promise<void>;
}

export interface AppWorldOptions {
  /** A folder name under the stack's for the app's config. */
  name: string;
  relays?: { imap?: boolean; smtp?: boolean };
  /** Merged into config.json; undoSendSeconds is 0 unless given. */
  config?: Record<string, unknown>;
  saveFile?: SaveFile;
  /** Realistic mail for the first two users (alice and bob), this many messages each, before the app starts. */
  seedPerUser?: number;
}

export async function startAppWorld(options: AppWorldOptions): Promise<AppWorld> {
  const stack = await startMailStack({ keyring: false });
  const relays: TcpRelay[] = [];
  let app: AppServices | undefined;
  const close = async () => {
    await app?.close();
    await Promise.all(relays.map((relay) => relay.close()));
    await stack.close();
  };
  try {
    if (options.seedPerUser) await seedUsers(stack.dovecot, stack.users.slice(0, 2), { perUser: options.seedPerUser });
    const relayTo = async (wanted: boolean | undefined, port: number) => {
      if (!wanted) return null;
      const relay = await startTcpRelay(port);
      relays.push(relay);
      return relay;
    };
    const imapRelay = await relayTo(options.relays?.imap, stack.dovecot.imapPort);
    const smtpRelay = await relayTo(options.relays?.smtp, stack.submission.tlsPort);
    const configDir = path.join(stack.dir, options.name);
    await mkdir(configDir, { recursive: true });
    await writeSandboxConfig(stack, configDir);
    const file = path.join(configDir, 'config.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as {
      providers: Array<{ imap: { port: number }; smtp: { port: number } }>;
    };
    const [provider] = config.providers;
    if (imapRelay) provider!.imap.port = imapRelay.port;
    if (smtpRelay) provider!.smtp.port = smtpRelay.port;
    await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0, ...options.config }));
    app = await startAppServices({
      configDir,
      secrets: createSessionSecretStore(),
      opener: signingInAs(stack, stack.users[0]!),
      saveFile: options.saveFile,
    });
    return { stack, app, imapRelay, smtpRelay, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function phaseOf(app: AppServices, accountId: string): Promise<SyncStatus['phase'] | undefined> {
  return (await app.client.call('mail.syncStatus', {})).find((status) => status.accountId === accountId)?.phase;
}

/** Signs the user in with the sandbox provider; with `untilIdle`, waits until the first sync is done. */
export async function signIn(app: AppServices, user: StackUser, untilIdle = true): Promise<string> {
  const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: user.email });
  if (untilIdle) await expect.poll(() => phaseOf(app, accountId), { timeout: 60_000 }).toBe('idle');
  return accountId;
}

/** A saved draft to `to`, as the composer leaves it. */
export async function draftTo(app: AppServices, accountId: string, to: StackUser, subject: string): Promise<number> {
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

/** How many messages with this subject the user's folder holds, read from Dovecot itself. */
export async function countOnServer(stack: MailStack, user: StackUser, subject: string, folder = 'INBOX') {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const { exists } = await client.mailboxOpen(folder, { readOnly: true });
    if (exists === 0) return 0;
    return ((await client.search({ subject }, { uid: true })) || []).length;
  });
}

/** What a save through the host would write, read whole (a test's stand-in for the file). */
export async function contentBytes(content: SaveContent): Promise<Buffer> {
  if (content instanceof Uint8Array) return Buffer.from(content);
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}
