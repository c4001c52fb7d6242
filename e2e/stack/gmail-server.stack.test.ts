// The Gmail-shaped server as a client meets it: sign-in with a token or an app password over
// verified TLS, Gmail's folders and their special uses, All Mail holding each message once, and
// X-GM-EXT-1: message and thread IDs, labels that can be read, added and taken off (archive),
// and X-GM-RAW search.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer } from './auth-server';
import { startGmailServer } from './gmail-server';
import { seedGmailUser, type GmailSeedSummary } from './seed-gmail';
import { accessTokenFor, withImap } from './stack-test-support';
import { createTestCa } from './test-ca';
import type { AuthServer, GmailServer, StackUser, TestCa } from './types';

const dana: StackUser = {
  email: 'dana@gmail.harbor.test',
  password: 'dana-pw-1',
  name: 'Dana Example',
  appPassword: 'dana-app-password',
  server: 'gmail',
};

let dir: string;
let ca: TestCa;
let auth: AuthServer;
let gmail: GmailServer;
let seeded: GmailSeedSummary;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'harbor-gmail-test-'));
  ca = await createTestCa(path.join(dir, 'ca'));
  auth = await startAuthServer({ dir, ca, users: [dana] });
  gmail = await startGmailServer({ dir, ca, auth, users: [dana] });
  seeded = await seedGmailUser(gmail.dovecot, dana, { count: 120, seed: 5 });
  token = await accessTokenFor(auth, ca, dana);
});

afterAll(async () => {
  await gmail?.close();
  await auth?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function client(login: { accessToken: string } | { pass: string }): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: gmail.imapPort,
    secure: true,
    tls: { ca: ca.caPem, servername: 'localhost' },
    auth: { user: dana.email, ...login },
    logger: false,
  });
}

async function messagesIn(imap: ImapFlow, path: string): Promise<number> {
  const status = await imap.status(path, { messages: true });
  return status ? (status.messages ?? 0) : -1;
}

const allMailCount = () =>
  ['INBOX', 'Store/Archive', 'Store/Sent', 'Store/Drafts'].reduce((sum, home) => sum + (seeded.homes[home] ?? 0), 0);

describe('the Gmail-shaped server', () => {
  it('signs in with XOAUTH2 over verified TLS and announces X-GM-EXT-1', async () => {
    const capabilities = await withImap(client({ accessToken: token }), async (imap) => [...imap.capabilities.keys()]);
    expect(capabilities).toEqual(expect.arrayContaining(['X-GM-EXT-1', 'SPECIAL-USE', 'IDLE', 'MOVE', 'CONDSTORE']));
  });

  it('takes an app password, and refuses a wrong one', async () => {
    await expect(
      withImap(client({ pass: dana.appPassword as string }), async (imap) => imap.authenticated),
    ).resolves.toBe(true);
    await expect(withImap(client({ pass: 'not-it' }), async () => true)).rejects.toThrow();
  });

  it("lists Gmail's folders with their special uses and no Archive", async () => {
    const folders = await withImap(client({ accessToken: token }), (imap) => imap.list());
    const byPath = new Map(folders.map((folder) => [folder.path, folder]));
    expect(byPath.get('[Gmail]/All Mail')?.specialUse).toBe('\\All');
    expect(byPath.get('[Gmail]/Sent Mail')?.specialUse).toBe('\\Sent');
    expect(byPath.get('[Gmail]/Drafts')?.specialUse).toBe('\\Drafts');
    expect(byPath.get('[Gmail]/Spam')?.specialUse).toBe('\\Junk');
    expect(byPath.get('[Gmail]/Trash')?.specialUse).toBe('\\Trash');
    expect(byPath.get('[Gmail]/Starred')?.specialUse).toBe('\\Flagged');
    expect([...(byPath.get('[Gmail]/Important')?.flags ?? [])]).toContain('\\Important');
    expect(byPath.get('[Gmail]')?.flags.has('\\Noselect')).toBe(true);
    expect(byPath.has('Work')).toBe(true);
    expect(folders.some((folder) => folder.specialUse === '\\Archive' || /archive|^Store/i.test(folder.path))).toBe(
      false,
    );
  });

  it('keeps every message of the account once in All Mail, Spam and Trash left out', async () => {
    const count = await withImap(client({ accessToken: token }), (imap) => messagesIn(imap, '[Gmail]/All Mail'));
    expect(count).toBe(allMailCount());
    expect(seeded.labels.Work).toBeGreaterThan(0);
  });

  it('gives a message the same X-GM-MSGID in every folder it shows in, and its labels', async () => {
    await withImap(client({ accessToken: token }), async (imap) => {
      await imap.mailboxOpen('Work');
      const inWork = await imap.fetchOne(
        '1',
        { uid: true, labels: true, threadId: true, envelope: true },
        { uid: false },
      );
      expect(inWork && inWork.emailId).toMatch(/^\d+$/);
      expect(inWork && inWork.threadId).toMatch(/^\d+$/);
      expect([...(inWork ? (inWork.labels ?? []) : [])]).toContain('Work');
      const messageId = inWork ? inWork.envelope?.messageId : undefined;
      await imap.mailboxOpen('[Gmail]/All Mail');
      const uids = await imap.search({ header: { 'message-id': messageId as string } }, { uid: true });
      expect(uids).toHaveLength(1);
      const inAllMail = await imap.fetchOne(String((uids as number[])[0]), { uid: true, labels: true }, { uid: true });
      expect(inAllMail && inAllMail.emailId).toBe(inWork && inWork.emailId);
      expect([...(inAllMail ? (inAllMail.labels ?? []) : [])].sort()).toEqual(
        [...(inWork ? (inWork.labels ?? []) : [])].sort(),
      );
    });
  });

  it('archives by taking the Inbox label off, and adds a label that shows as a folder', async () => {
    await withImap(client({ accessToken: token }), async (imap) => {
      const inboxBefore = await messagesIn(imap, 'INBOX');
      const workBefore = await messagesIn(imap, 'Work');
      await imap.mailboxOpen('INBOX');
      const first = await imap.fetchOne('1', { uid: true, labels: true }, { uid: false });
      const uid = first ? first.uid : 0;
      expect([...(first ? (first.labels ?? []) : [])]).toContain('\\Inbox');
      expect(await imap.messageFlagsRemove(String(uid), ['\\Inbox'], { uid: true, useLabels: true })).toBe(true);
      // Dovecot answers STATUS on the selected folder from the session's view until a NOOP.
      await imap.noop();
      expect(await messagesIn(imap, 'INBOX')).toBe(inboxBefore - 1);
      expect(await messagesIn(imap, '[Gmail]/All Mail')).toBe(allMailCount());
      await imap.mailboxOpen('[Gmail]/All Mail');
      const allUids = (await imap.search({ all: true }, { uid: true })) as number[];
      const target = allUids[allUids.length - 1] as number;
      await imap.messageFlagsAdd(String(target), ['Work', 'Travel plans'], { uid: true, useLabels: true });
      const after = await imap.fetchOne(String(target), { uid: true, labels: true }, { uid: true });
      expect([...(after ? (after.labels ?? []) : [])]).toEqual(expect.arrayContaining(['Work', 'Travel plans']));
      expect(await messagesIn(imap, 'Travel plans')).toBe(1);
      expect(await messagesIn(imap, 'Work')).toBeGreaterThanOrEqual(workBefore);
    });
  });

  it('searches with X-GM-RAW', async () => {
    await withImap(client({ accessToken: token }), async (imap) => {
      await imap.mailboxOpen('[Gmail]/All Mail');
      const first = await imap.fetchOne('1', { uid: true, envelope: true }, { uid: false });
      const sender = first ? (first.envelope?.from?.[0]?.address ?? '') : '';
      const byRaw = (await imap.search({ gmraw: `from:${sender}` }, { uid: true })) as number[];
      const byFrom = (await imap.search({ from: sender }, { uid: true })) as number[];
      expect(byRaw.length).toBeGreaterThan(0);
      expect(byRaw).toEqual(byFrom);
    });
  });
});
