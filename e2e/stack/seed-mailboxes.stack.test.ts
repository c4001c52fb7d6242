import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_FOLDERS } from './mail-corpus';
import { startMailStack } from './mail-stack';
import { seedUsers, type SeedSummary } from './seed-mailboxes';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import type { MailStack, StackUser } from './types';

interface Envelope {
  messageId: string;
  inReplyTo?: string;
  to: string[];
}

/** `doveadm mailbox status` lines like `INBOX messages=197 unseen=75`. */
function parseStatus(output: string): Map<string, { messages: number; unseen: number }> {
  const folders = new Map<string, { messages: number; unseen: number }>();
  for (const line of output.trim().split('\n')) {
    const [name = '', ...fields] = line.split(' ');
    const values = Object.fromEntries(fields.map((f) => f.split('=')));
    folders.set(name, { messages: Number(values.messages), unseen: Number(values.unseen) });
  }
  return folders;
}

async function envelopes(client: ImapFlow, folder: string): Promise<Envelope[]> {
  const mailbox = await client.mailboxOpen(folder, { readOnly: true });
  if (mailbox.exists === 0) return [];
  const out: Envelope[] = [];
  for await (const message of client.fetch('1:*', { envelope: true })) {
    const envelope = message.envelope;
    if (!envelope?.messageId) continue;
    out.push({
      messageId: envelope.messageId,
      ...(envelope.inReplyTo ? { inReplyTo: envelope.inReplyTo } : {}),
      to: (envelope.to ?? []).map((a) => a.address ?? ''),
    });
  }
  return out;
}

describe('seedUsers', () => {
  let stack: MailStack;
  let alice: StackUser;
  let bob: StackUser;
  let summaries: SeedSummary[];

  beforeAll(async () => {
    stack = await startMailStack({ keyring: false });
    [alice, bob] = stack.users as [StackUser, StackUser];
    const started = performance.now();
    summaries = await seedUsers(stack.dovecot, stack.users, { perUser: 300, seed: 5 });
    console.info(
      `seeded ${stack.users.length} users in ${Math.round(performance.now() - started)} ms`,
      JSON.stringify(summaries),
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('fills every folder Dovecot reports with the summarised counts, about 30% unread', async () => {
    for (const summary of summaries) {
      const status = parseStatus(
        await stack.dovecot.doveadm(['mailbox', 'status', '-u', summary.email, 'messages unseen', '*']),
      );
      let messages = 0;
      let unseen = 0;
      for (const folder of MAIL_FOLDERS) {
        expect(status.get(folder)?.messages, `${summary.email} ${folder}`).toBe(summary.folders[folder]);
        messages += status.get(folder)?.messages ?? 0;
        unseen += status.get(folder)?.unseen ?? 0;
      }
      expect(summary.folders.INBOX).toBeGreaterThan(100);
      expect(summary.folders.Sent).toBeGreaterThan(30);
      expect(messages).toBeGreaterThanOrEqual(300);
      expect(unseen / messages).toBeGreaterThan(0.15);
      expect(unseen / messages).toBeLessThan(0.45);
      expect(status.get('Sent')?.unseen).toBe(0);
    }
  });

  it('puts conversations between the seeded users on both sides, under the same Message-IDs', async () => {
    // Received mail may since have been archived or deleted, as in the generated corpus.
    const read = async (user: StackUser): Promise<{ received: Set<string>; sent: Envelope[] }> => {
      const token = await accessTokenFor(stack.auth, stack.ca, user);
      return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
        const received = new Set<string>();
        for (const folder of ['INBOX', 'Archive', 'Trash']) {
          for (const message of await envelopes(client, folder)) received.add(message.messageId);
        }
        return { received, sent: await envelopes(client, 'Sent') };
      });
    };
    const aliceMail = await read(alice);
    const bobMail = await read(bob);

    const aliceToBob = aliceMail.sent.filter((m) => m.to.includes(bob.email));
    expect(aliceToBob.length).toBeGreaterThan(5);
    for (const message of aliceToBob) expect(bobMail.received.has(message.messageId), message.messageId).toBe(true);
    const bobToAlice = bobMail.sent.filter((m) => m.to.includes(alice.email));
    expect(bobToAlice.length).toBeGreaterThan(5);
    for (const message of bobToAlice) expect(aliceMail.received.has(message.messageId), message.messageId).toBe(true);

    // alice writes, bob answers: bob's reply (in his Sent and her INBOX) points at her message.
    const aliceSentIds = new Set(aliceToBob.map((m) => m.messageId));
    const bobReplies = bobToAlice.filter((m) => m.inReplyTo && aliceSentIds.has(m.inReplyTo));
    expect(bobReplies.length).toBeGreaterThan(0);
  });
});
