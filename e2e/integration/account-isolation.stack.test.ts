// Two accounts in one app, through the whole main side and the engine worker: carol's server
// (behind the hostile proxy) floods every selected session with endless responses, and alice's
// flag change must still reach Dovecot within 1 s, again and again while the flood goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { startHostileImapProxy, type HostileImapProxy } from '../stack/hostile-imap-proxy.test-support';
import { phaseOf, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { accessTokenFor, imapClient } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';
import { floodedReason } from '../../main/mail/sync/flood-guard';

let world: AppWorld;
let proxy: HostileImapProxy;
let alice: StackUser;
let carol: StackUser & { appPassword: string };
let aliceId: string;
let carolId: string;
/** Alice's Inbox as Dovecot has it, on a session of the test's own (not through the proxy). */
let watcher: ImapFlow;

beforeAll(async () => {
  world = await startAppWorld({ name: 'isolation', seedPerUser: 30 });
  const { stack } = world;
  alice = stack.users[0]!;
  carol = stack.users.find((user) => user.appPassword) as StackUser & { appPassword: string };
  for (let n = 1; n <= 30; n += 1) {
    const message = `From: bob@harbor.test\r\nTo: ${carol.email}\r\nSubject: Carol ${n}\r\nDate: Mon, 1 Jan 2024 10:${String(n).padStart(2, '0')}:00 +0000\r\n\r\nHello Carol\r\n`;
    await stack.dovecot.doveadm(['save', '-u', carol.email, '-m', 'INBOX'], message);
  }
  proxy = await startHostileImapProxy(stack);
}, 120_000);

afterAll(async () => {
  await watcher?.logout().catch(() => undefined);
  await world?.close();
  await proxy?.close();
});

const seenOnServer = async (subject: string) => {
  const [uid] = (await watcher.search({ subject }, { uid: true })) || [];
  if (uid === undefined) throw new Error(`no message "${subject}" in alice's Inbox`);
  const message = await watcher.fetchOne(String(uid), { flags: true }, { uid: true });
  return message !== false && message.flags?.has('\\Seen') === true;
};

describe('one account flooded by its server', () => {
  it("leaves another account's flag changes reaching its server within 1 s", async () => {
    const { app, stack } = world;
    aliceId = await signIn(app, alice);
    ({ accountId: carolId } = await app.client.call('auth.signInWithPassword', {
      email: carol.email,
      password: carol.appPassword,
      imap: { host: '127.0.0.1', port: proxy.port, security: 'tls' },
    }));
    await expect.poll(() => phaseOf(app, carolId), { timeout: 60_000 }).toBe('idle');
    watcher = imapClient(stack.dovecot, stack.ca, alice.email, await accessTokenFor(stack.auth, stack.ca, alice));
    await watcher.connect();
    await watcher.mailboxOpen('INBOX', { readOnly: true });
    const rows = (await app.client.call('mail.list', { view: { kind: 'unified-inbox' }, offset: 0, limit: 100 })).rows;
    const unread = rows.filter((row) => row.accountId === aliceId && row.unread).slice(0, 3);
    expect(unread).toHaveLength(3);

    const carolMessages: (string | null)[] = [];
    app.client.on('mail.syncStatus', (status) => {
      if (status.accountId === carolId) carolMessages.push(status.message);
    });
    proxy.behave({ flood: true });
    const delays: number[] = [];
    for (const row of unread) {
      expect(await seenOnServer(row.subject)).toBe(false);
      // Each change goes while carol's sessions are drowning: the flood's first bytes of a login.
      const before = proxy.floodedBytes();
      await expect.poll(() => proxy.floodedBytes(), { timeout: 60_000, interval: 5 }).toBeGreaterThan(before);
      const start = Date.now();
      await app.client.call('mail.setFlags', { messageIds: [row.id], unread: false });
      await expect.poll(() => seenOnServer(row.subject), { timeout: 10_000, interval: 10 }).toBe(true);
      delays.push(Date.now() - start);
    }
    expect(Math.max(...delays), `delays: ${delays.join(', ')} ms`).toBeLessThan(1_000);
    // Carol's sync cut the flood, and said why while it waited to sign in again.
    expect(carolMessages).toContain(floodedReason);
  }, 180_000);
});
