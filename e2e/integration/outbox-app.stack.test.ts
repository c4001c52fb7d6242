// Sending through the whole main side (contract validation, the engine worker, the outbox, the
// real submission server and Dovecot): delivery with the copy in Sent, threading of a reply, a
// server that is away, a main side killed while the server holds its 250, a revoked token, the
// rate limit, and no token in any log line, reply or event.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../main/config/app-config';
import {
  engineLogNotice,
  type EngineHandlers,
  type EngineLogLine,
  type EngineNotices,
} from '../../main/mail/engine/engine-api';
import { mailEngineEntry, type MailEngine } from '../../main/mail/engine/mail-engine-client';
import type { SecretStore } from '../../main/secrets/secret-store';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { createServices } from '../../main/services/create-services';
import { openDatabase } from '../../main/store/database';
import { spawnWorker } from '../../main/workers/spawn-worker';
import { createRpcPeer } from '../../main/workers/worker-rpc';
import type { OutboxItem } from '../../shared/compose-models';
import { createClient, type Client } from '../../shared/ipc/client';
import { createMemoryTransport } from '../../shared/ipc/memory-transport';
import { createEmitter, serve } from '../../shared/ipc/serve';
import type { ClientTransport } from '../../shared/ipc/transport';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { foreignDraft } from '../stack/foreign-draft';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
const wire: string[] = [];
const logLines: string[] = [];
const running = new Set<AppUnderTest>();

/** A TCP relay in front of a server (submission, IMAP) that the tests can take away and bring back. */
interface Relay {
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(target: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((socket) => {
        const upstream = net.connect(target, '127.0.0.1');
        for (const end of [socket, upstream]) {
          sockets.add(end);
          end.on('error', () => undefined);
          end.on('close', () => {
            sockets.delete(end);
            socket.destroy();
            upstream.destroy();
          });
        }
        socket.pipe(upstream).pipe(socket);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  await listen();
  return { port, stop, start: listen, close: stop };
}

interface AppUnderTest {
  client: Client;
  /** An orderly close, as the app does on quit. */
  close(): Promise<void>;
  /** The engine worker terminated on the spot and the store dropped: the main side killed. */
  kill(): Promise<void>;
}

/**
 * The main side as startMainServices builds it, with the engine worker in reach so a test can
 * terminate it without the orderly close. The secret store lives as long as the test, so a
 * restart finds the account's refresh token as the keychain would.
 */
async function startApp(configDir: string, secrets: SecretStore): Promise<AppUnderTest> {
  const config = await loadAppConfig(configDir);
  const databaseFile = path.join(configDir, 'harbor.db');
  const db = openDatabase(databaseFile);
  db.pragma('busy_timeout = 5000');
  let worker: Worker | undefined;
  let engine: MailEngine | undefined;
  const { client: transport, host } = createMemoryTransport();
  const log = (line: string) => logLines.push(line);
  const services = createServices({
    config,
    host: 'browser',
    version: 'test',
    emitter: createEmitter(host),
    opener: signingInAs(stack, alice),
    db,
    secrets: { store: secrets, warning: null },
    bringToFront: () => undefined,
    startMailEngine: (credentials, onNotice) => {
      worker = spawnWorker(mailEngineEntry, {
        databaseFile,
        extraCa: config.extraCa,
        sendRateLimit: config.sendRateLimit,
      });
      worker.on('error', (error) => log(`mail engine failed (${error.name})`));
      const peer = createRpcPeer<EngineHandlers>(worker, credentials);
      // As the engine client does: the worker's own log lines go to the log, the rest to the services.
      peer.onNotice((name, payload) =>
        name === engineLogNotice
          ? log(`mail engine: ${(payload as EngineLogLine).line}`)
          : onNotice(name as keyof EngineNotices, payload as never),
      );
      engine = {
        call: (method, args) => peer.call(method, args),
        setAccounts: (accounts) => peer.call('setAccounts', { accounts }),
        restart: async () => undefined,
        close: async () => {
          await peer.call('close', {}).catch(() => undefined);
          await worker?.terminate();
        },
      };
      return engine;
    },
    saveFile: async () => false,
    log,
  });
  serve(services, host, {
    onUnexpectedError: (method, error) =>
      log(`${method} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`),
  });
  // Every reply and event the renderer would see, as it would cross the wire.
  const client = createClient({
    async invoke(method, input) {
      const reply = await transport.invoke(method, input);
      wire.push(JSON.stringify(reply));
      return reply;
    },
    subscribe: (event, listener) =>
      transport.subscribe(event, (payload) => {
        wire.push(JSON.stringify(payload));
        listener(payload);
      }),
  } satisfies ClientTransport);
  for (const event of ['accounts.changed', 'outbox.changed', 'mail.changed', 'mail.syncStatus'] as const) {
    client.on(event, () => undefined);
  }
  const app: AppUnderTest = {
    client,
    async close() {
      running.delete(app);
      await engine?.close();
      db.close();
    },
    async kill() {
      running.delete(app);
      await worker?.terminate();
      db.close();
    },
  };
  running.add(app);
  return app;
}

async function writeConfig(configDir: string, ports: { smtp: number; imap?: number }, extra: Record<string, unknown>) {
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    providers: Array<{ smtp: { port: number }; imap: { port: number } }>;
  };
  config.providers[0]!.smtp.port = ports.smtp;
  if (ports.imap) config.providers[0]!.imap.port = ports.imap;
  await writeFile(file, JSON.stringify({ ...config, undoSendSeconds: 0, ...extra }, null, 2));
}

/** Polls outside a test (expect.poll works only inside one). */
async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the app');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(app: AppUnderTest, user: StackUser): Promise<string> {
  const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: user.email });
  // Sent must be known before sending, so the copy goes there.
  await until(async () =>
    (await app.client.call('mail.folders', {})).some(
      (folder) => folder.accountId === accountId && folder.role === 'sent',
    ),
  );
  return accountId;
}

/** The raw messages with this subject in one of the user's folders, read over IMAP. */
async function onServer(user: StackUser, folder: string, subject: string): Promise<Buffer[]> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const { exists } = await client.mailboxOpen(folder, { readOnly: true });
    const found: Buffer[] = [];
    if (exists === 0) return found;
    for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
      if (message.envelope?.subject === subject && message.source) found.push(message.source);
    }
    return found;
  });
}

async function specialFolder(user: StackUser, specialUse: '\\Sent' | '\\Drafts'): Promise<string> {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const found = (await client.list()).find((folder) => folder.specialUse === specialUse);
    if (!found) throw new Error(`${user.email} has no ${specialUse} folder`);
    return found.path;
  });
}

/** The versions of a draft in the user's Drafts folder, with their flags, read over IMAP. */
async function draftsOnServer(user: StackUser, subject: string) {
  const folder = await specialFolder(user, '\\Drafts');
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    const { exists } = await client.mailboxOpen(folder, { readOnly: true });
    const found: Array<{ flags: string[]; text: string; bcc: string[] }> = [];
    if (exists === 0) return found;
    for await (const message of client.fetch('1:*', { source: true, envelope: true, flags: true })) {
      if (message.envelope?.subject !== subject || !message.source) continue;
      const parsed = await simpleParser(message.source);
      const bcc = [parsed.bcc ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? ''));
      found.push({ flags: [...(message.flags ?? [])].sort(), text: (parsed.text ?? '').trim(), bcc });
    }
    return found;
  });
}

async function compose(app: AppUnderTest, accountId: string, to: StackUser, subject: string) {
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

async function outboxItem(app: AppUnderTest, outboxId: number): Promise<OutboxItem | undefined> {
  return (await app.client.call('outbox.list', {})).find((item) => item.id === outboxId);
}

const subjectOf = (label: string) => `${label} ${Date.now()}`;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
}, 120_000);

afterAll(async () => {
  for (const app of running) await app.close().catch(() => undefined);
  await stack?.close();
});

describe('sending through the app', () => {
  let relay: Relay;
  let configDir: string;
  const secrets = createSessionSecretStore();
  let app: AppUnderTest;
  let aliceId: string;
  let bobId: string;

  beforeAll(async () => {
    relay = await startRelay(stack.submission.tlsPort);
    configDir = path.join(stack.dir, 'outbox-app');
    await mkdir(configDir, { recursive: true });
    await writeConfig(configDir, { smtp: relay.port }, {});
    app = await startApp(configDir, secrets);
    aliceId = await signIn(app, alice);
    bobId = await signIn(app, bob);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await relay?.close();
  });

  it('delivers to bob with the attachment byte for byte, files a copy in Sent, and threads the reply', async () => {
    const subject = subjectOf('Harbour plans');
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, index) => (index * 7 + 3) % 256));
    const draftId = await compose(app, aliceId, bob, subject);
    await app.client.call('compose.addAttachment', {
      draftId,
      filename: 'plans.bin',
      contentType: 'application/octet-stream',
      dataBase64: bytes.toString('base64'),
    });
    const { outboxId } = await app.client.call('compose.send', { draftId });
    await expect.poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 }).toBe('sent');

    const aliceSent = await specialFolder(alice, '\\Sent');
    for (const [user, folder] of [
      [bob, 'INBOX'],
      [alice, aliceSent],
    ] as const) {
      await expect.poll(async () => (await onServer(user, folder, subject)).length, { timeout: 10_000 }).toBe(1);
      const [raw] = await onServer(user, folder, subject);
      const parsed = await simpleParser(raw!);
      expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['plans.bin']);
      expect(Buffer.from(parsed.attachments[0]!.content).equals(bytes)).toBe(true);
    }
    const original = await simpleParser((await onServer(bob, 'INBOX', subject))[0]!);

    // Bob answers from his synced Inbox.
    await app.client.call('mail.syncNow', { accountId: bobId }).catch(() => undefined);
    const bobsCopy = async () =>
      (await app.client.call('mail.list', { view: { kind: 'unified-inbox' } })).rows.find(
        (row) => row.accountId === bobId && row.subject === subject,
      );
    await expect.poll(bobsCopy, { timeout: 20_000 }).toBeDefined();
    const inboxRow = await bobsCopy();
    const reply = await app.client.call('compose.start', { mode: 'reply', messageId: inboxRow!.id });
    expect(reply.to.map((address) => address.address)).toEqual([alice.email]);
    await app.client.call('compose.save', {
      draftId: reply.id,
      to: reply.to,
      cc: reply.cc,
      bcc: reply.bcc,
      subject: reply.subject,
      text: 'Looks good.',
      html: null,
    });
    const sentReply = await app.client.call('compose.send', { draftId: reply.id });
    await expect.poll(async () => (await outboxItem(app, sentReply.outboxId))?.state, { timeout: 20_000 }).toBe('sent');

    const replySubject = reply.subject;
    await expect.poll(async () => (await onServer(alice, 'INBOX', replySubject)).length, { timeout: 10_000 }).toBe(1);
    const answer = await simpleParser((await onServer(alice, 'INBOX', replySubject))[0]!);
    expect(answer.inReplyTo).toBe(original.messageId);
    expect([answer.references].flat()).toContain(original.messageId);

    // After sync, original and reply share one conversation in each account's store.
    for (const accountId of [aliceId, bobId]) {
      await app.client.call('mail.syncNow', { accountId }).catch(() => undefined);
      await expect
        .poll(
          async () => {
            const found = await app.client.call('mail.list', {
              view: { kind: 'search', query: subject, accountId },
            });
            const threads = new Set(found.rows.map((row) => row.threadId));
            if (found.rows.length < 2 || threads.size !== 1) return [];
            const conversation = await app.client.call('mail.conversation', {
              accountId,
              threadId: found.rows[0]!.threadId,
            });
            return conversation.messages.map((message) => message.subject).sort();
          },
          { timeout: 30_000 },
        )
        .toEqual([subject, replySubject].sort());
    }
  }, 120_000);

  it('delivers a draft once when two sends of it race, and answers both with its one item', async () => {
    const subject = subjectOf('Sent twice');
    const draftId = await compose(app, aliceId, bob, subject);
    const [first, second] = await Promise.all([
      app.client.call('compose.send', { draftId }),
      app.client.call('compose.send', { draftId }),
    ]);
    const items = async () => (await app.client.call('outbox.list', {})).filter((item) => item.subject === subject);
    await expect
      .poll(async () => (await items()).every((item) => item.state === 'sent'), { timeout: 20_000 })
      .toBe(true);
    await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await onServer(bob, 'INBOX', subject)).toHaveLength(1);
    expect(second).toEqual(first);
    expect((await items()).map((item) => item.id)).toEqual([first.outboxId]);
  }, 60_000);

  it('keeps a message in the outbox while the server is away, then delivers it exactly once', async () => {
    const subject = subjectOf('While away');
    await relay.stop();
    const { outboxId } = await app.client.call('compose.send', { draftId: await compose(app, aliceId, bob, subject) });
    await expect.poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 }).toBe('retrying');
    const waiting = await outboxItem(app, outboxId);
    expect(waiting?.error?.kind).toBe('offline');
    expect(await onServer(bob, 'INBOX', subject)).toHaveLength(0);

    await relay.start();
    await app.client.call('outbox.sendNow', { outboxId });
    await expect.poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 30_000 }).toBe('sent');
    await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 10_000 }).toBe(1);
    // A later pass does not send it again.
    await app.client.call('outbox.sendNow', { outboxId });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await onServer(bob, 'INBOX', subject)).toHaveLength(1);
  }, 90_000);

  it('after a kill between the data and the 250, restarts to possibly sent or sent, delivered once', async () => {
    const subject = subjectOf('Held reply');
    stack.submission.holdReplies!(true);
    try {
      const { outboxId } = await app.client.call('compose.send', {
        draftId: await compose(app, aliceId, bob, subject),
      });
      // The server delivers before it answers: once bob has it, the 250 is what is missing.
      await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 20_000 }).toBe(1);
      expect((await outboxItem(app, outboxId))?.state).toBe('sending');
      await app.kill();
      stack.submission.holdReplies!(false);

      app = await startApp(configDir, secrets);
      await expect
        .poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 })
        .toMatch(/^(possiblySent|sent)$/);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await onServer(bob, 'INBOX', subject)).toHaveLength(1);
      expect((await outboxItem(app, outboxId))?.state).toMatch(/^(possiblySent|sent)$/);
    } finally {
      stack.submission.holdReplies!(false);
    }
  }, 90_000);

  it('never sends twice when send now races the send, even after a kill while the 250 is held', async () => {
    const subject = subjectOf('Send now race');
    stack.submission.holdReplies!(true);
    try {
      const { outboxId } = await app.client.call('compose.send', {
        draftId: await compose(app, aliceId, bob, subject),
      });
      // Pressed again and again while the engine takes the item, and once more while it is on the wire.
      const presses = Array.from({ length: 20 }, () => app.client.call('outbox.sendNow', { outboxId }));
      await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 20_000 }).toBe(1);
      await Promise.all(presses);
      await app.client.call('outbox.sendNow', { outboxId });
      // A restart must find it on the wire ("possibly sent"), not waiting to go again.
      await app.kill();
      stack.submission.holdReplies!(false);

      app = await startApp(configDir, secrets);
      await expect
        .poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 })
        .toMatch(/^(possiblySent|sent)$/);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await onServer(bob, 'INBOX', subject)).toHaveLength(1);
    } finally {
      stack.submission.holdReplies!(false);
    }
  }, 90_000);

  it('keeps the latest version of a draft in the server Drafts folder, and removes it on discard', async () => {
    const subject = subjectOf('Draft on server');
    const draft = await app.client.call('compose.start', { mode: 'new', accountId: aliceId });
    const save = (text: string) =>
      app.client.call('compose.save', {
        draftId: draft.id,
        to: [{ name: bob.name, address: bob.email }],
        cc: [],
        bcc: [{ name: '', address: 'carol@harbor.test' }],
        subject,
        text,
        html: null,
      });
    await save('First words');
    // Debounced: nothing goes up while the typing goes on.
    await save('First words, and more');
    expect(await draftsOnServer(alice, subject)).toEqual([]);
    await expect
      .poll(async () => draftsOnServer(alice, subject), { timeout: 20_000 })
      .toEqual([{ flags: ['\\Draft', '\\Seen'], text: 'First words, and more', bcc: ['carol@harbor.test'] }]);
    await expect
      .poll(async () => (await app.client.call('compose.get', { draftId: draft.id })).serverSavedAt, {
        timeout: 5_000,
      })
      .not.toBeNull();

    await save('Second version');
    await expect
      .poll(async () => (await draftsOnServer(alice, subject)).map((version) => version.text), { timeout: 20_000 })
      .toEqual(['Second version']);

    await app.client.call('compose.discard', { draftId: draft.id });
    await expect.poll(async () => draftsOnServer(alice, subject), { timeout: 20_000 }).toEqual([]);
  }, 90_000);

  /** A draft of alice's that another mail program put into her Drafts folder, once the app has synced it. */
  const putForeignDraft = async (
    subject: string,
    text: string,
    attachment: { filename: string; content: Buffer },
    to = bob.email,
  ) => {
    const { raw, messageId } = foreignDraft({ from: alice.email, to, subject, text, attachment });
    const drafts = await specialFolder(alice, '\\Drafts');
    const token = await accessTokenFor(stack.auth, stack.ca, alice);
    await withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), (client) =>
      client.append(drafts, raw, ['\\Draft', '\\Seen']),
    );
    const folderId = (await app.client.call('mail.folders', {})).find(
      (folder) => folder.accountId === aliceId && folder.role === 'drafts',
    )!.id;
    const row = async () => {
      await app.client.call('mail.syncNow', { accountId: aliceId });
      return (await app.client.call('mail.list', { view: { kind: 'folder', folderId } })).rows.find(
        (each) => each.subject === subject,
      );
    };
    await expect.poll(row, { timeout: 20_000 }).toBeDefined();
    return { drafts, messageId, messageRowId: (await row())!.id };
  };

  it('edits a draft another client left in Drafts: closing it untouched keeps it, a save replaces it, sending removes it', async () => {
    const subject = subjectOf('Left by another client');
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, index) => (index * 11 + 1) % 256));
    const { drafts, messageId, messageRowId } = await putForeignDraft(
      subject,
      'Written elsewhere.',
      { filename: 'notes.bin', content: bytes },
      `Bob <${bob.email}>`,
    );

    const opened = await app.client.call('compose.openServerDraft', { messageId: messageRowId });
    expect(opened.to).toEqual([{ name: 'Bob', address: bob.email }]);
    expect(opened.subject).toBe(subject);
    expect(opened.text.trim()).toBe('Written elsewhere.');
    expect(opened.attachments.map((file) => [file.filename, file.size])).toEqual([['notes.bin', bytes.length]]);
    // Closed untouched: nothing stays here, and the server's copy is left alone.
    expect(await app.client.call('compose.close', { draftId: opened.id })).toEqual({ removed: true });
    expect((await app.client.call('compose.drafts', {})).some((draft) => draft.subject === subject)).toBe(false);
    expect(await onServer(alice, drafts, subject)).toHaveLength(1);

    const again = await app.client.call('compose.openServerDraft', { messageId: messageRowId });
    await app.client.call('compose.save', {
      draftId: again.id,
      to: again.to,
      cc: [],
      bcc: [],
      subject,
      text: 'Written elsewhere, finished here.',
      html: null,
    });
    // The version saved here takes the other client's place.
    await expect
      .poll(async () => (await draftsOnServer(alice, subject)).map((version) => version.text), { timeout: 20_000 })
      .toEqual(['Written elsewhere, finished here.']);
    expect(await onServer(alice, drafts, subject)).toHaveLength(1);
    expect(String(await onServer(alice, drafts, subject))).not.toContain(messageId);
    expect(await app.client.call('compose.close', { draftId: again.id })).toEqual({ removed: false });

    const { outboxId } = await app.client.call('compose.send', { draftId: again.id });
    await app.client.call('outbox.sendNow', { outboxId });
    await expect.poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 }).toBe('sent');
    await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 10_000 }).toBe(1);
    const delivered = await simpleParser((await onServer(bob, 'INBOX', subject))[0]!);
    expect(delivered.text?.trim()).toBe('Written elsewhere, finished here.');
    expect(delivered.attachments.map((attachment) => attachment.filename)).toEqual(['notes.bin']);
    await expect.poll(async () => onServer(alice, drafts, subject), { timeout: 20_000 }).toEqual([]);
  }, 90_000);

  it('discarding a draft opened from Drafts before any save removes the other client’s copy', async () => {
    const subject = subjectOf('Discarded from Drafts');
    const { drafts, messageRowId } = await putForeignDraft(subject, 'Not needed after all.', {
      filename: 'old.bin',
      content: Buffer.from('old'),
    });
    const opened = await app.client.call('compose.openServerDraft', { messageId: messageRowId });
    await app.client.call('compose.discard', { draftId: opened.id });
    await expect.poll(async () => onServer(alice, drafts, subject), { timeout: 20_000 }).toEqual([]);
  }, 60_000);

  it('keeps the message in the outbox and asks to sign in again when the token is revoked', async () => {
    const subject = subjectOf('Revoked');
    const refreshToken = await secrets.get({ accountId: aliceId, purpose: 'refresh-token' });
    expect(refreshToken).toEqual(expect.any(String));
    const response = await fetchWithCa(stack.auth.revocationUrl, {
      token: refreshToken!,
      token_type_hint: 'refresh_token',
      client_id: stack.auth.appClientId,
    });
    expect(response).toBe(200);

    const { outboxId } = await app.client.call('compose.send', { draftId: await compose(app, aliceId, bob, subject) });
    await expect
      .poll(async () => (await outboxItem(app, outboxId))?.error?.kind, { timeout: 30_000 })
      .toBe('signInAgain');
    expect((await outboxItem(app, outboxId))?.state).toBe('retrying');
    await expect
      .poll(
        async () => (await app.client.call('accounts.list', {})).find((account) => account.id === aliceId)?.status,
        { timeout: 10_000 },
      )
      .toBe('needs-sign-in');
    expect(await onServer(bob, 'INBOX', subject)).toHaveLength(0);
  }, 60_000);
});

describe('the send rate limit', () => {
  it('sends two in the window and holds the third with a clear reason', async () => {
    const configDir = path.join(stack.dir, 'outbox-rate');
    await mkdir(configDir, { recursive: true });
    await writeConfig(
      configDir,
      { smtp: stack.submission.tlsPort },
      { sendRateLimit: { messages: 2, perSeconds: 60 } },
    );
    const app = await startApp(configDir, createSessionSecretStore());
    try {
      const bobId = await signIn(app, bob);
      const subjects = [1, 2, 3].map((n) => subjectOf(`Rate ${n}`));
      const ids: number[] = [];
      for (const subject of subjects) {
        ids.push(
          (await app.client.call('compose.send', { draftId: await compose(app, bobId, alice, subject) })).outboxId,
        );
      }
      await expect
        .poll(async () => Promise.all(ids.map(async (id) => (await outboxItem(app, id))?.state)), { timeout: 30_000 })
        .toEqual(['sent', 'sent', 'retrying']);
      const third = await outboxItem(app, ids[2]!);
      expect(third?.error?.kind).toBe('rateLimited');
      expect(third?.error?.message).toMatch(/at most 2 messages every 60 seconds/);
      expect(third?.nextAttemptAt).toBeGreaterThan(Date.now() + 30_000);
      expect(await onServer(alice, 'INBOX', subjects[2]!)).toHaveLength(0);
    } finally {
      await app.close();
    }
  }, 90_000);
});

describe('drafts while IMAP is away', () => {
  it('leaves no copy in Drafts of a draft sent while IMAP was unreachable, once it is back', async () => {
    const imap = await startRelay(stack.dovecot.imapPort);
    const configDir = path.join(stack.dir, 'outbox-imap-away');
    await mkdir(configDir, { recursive: true });
    await writeConfig(configDir, { smtp: stack.submission.tlsPort, imap: imap.port }, {});
    const app = await startApp(configDir, createSessionSecretStore());
    try {
      const aliceId = await signIn(app, alice);
      const subject = subjectOf('Sent while IMAP is away');
      const draftId = await compose(app, aliceId, bob, subject);
      await expect.poll(async () => (await draftsOnServer(alice, subject)).length, { timeout: 20_000 }).toBe(1);

      await imap.stop();
      const { outboxId } = await app.client.call('compose.send', { draftId });
      await expect.poll(async () => (await outboxItem(app, outboxId))?.state, { timeout: 20_000 }).toBe('sent');
      await expect.poll(async () => (await onServer(bob, 'INBOX', subject)).length, { timeout: 10_000 }).toBe(1);
      expect(await draftsOnServer(alice, subject)).toHaveLength(1);

      await imap.start();
      await expect.poll(async () => draftsOnServer(alice, subject), { timeout: 30_000 }).toEqual([]);
    } finally {
      await app.close();
      await imap.close();
    }
  }, 120_000);
});

describe('secrets', () => {
  it('left no token in any log line, reply or event', () => {
    const issued = stack.auth.issuedTokens();
    expect(issued.length).toBeGreaterThan(0);
    expect(wire.length).toBeGreaterThan(0);
    const recorded = [...wire, ...logLines].join('\n');
    for (const token of issued) expect(recorded).not.toContain(token);
  });
});

/** A form POST over HTTPS trusting the stack's CA; resolves with the status code. */
async function fetchWithCa(url: string, form: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        ca: stack.ca.caPem,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
