import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMessages } from './mail-corpus';
import { startMailStack } from './mail-stack';
import { WRITTEN_UIDVALIDITY, writeLargeMailbox, type LargeMailboxResult } from './maildir-writer';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import type { MailStack, StackUser } from './types';

const COUNT = 2000;
const SEED = 3;

/** doveadm fetch output: blocks of `field: value` lines, separated by a form feed line. */
function parseFetch(output: string): Array<Record<string, string>> {
  return output
    .trim()
    .split(/\n\f?\n/)
    .map((block) =>
      Object.fromEntries(
        block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
      ),
    );
}

describe('writeLargeMailbox', () => {
  let stack: MailStack;
  let alice: StackUser;
  let maildir: string;
  let result: LargeMailboxResult;

  beforeAll(async () => {
    stack = await startMailStack({ keyring: false });
    alice = stack.users[0] as StackUser;
    maildir = path.join(stack.dir, 'mail', alice.email, 'Maildir');
    result = await writeLargeMailbox({ maildir, count: COUNT, seed: SEED, owner: alice });
    console.info(
      `wrote ${COUNT} messages in ${result.seconds.toFixed(2)} s (${Math.round(result.messagesPerSecond)}/s)`,
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('gives Dovecot every message with the fixed UIDVALIDITY', async () => {
    const status = await stack.dovecot.doveadm([
      'mailbox',
      'status',
      '-u',
      alice.email,
      'messages uidvalidity uidnext',
      'INBOX',
    ]);
    expect(status).toContain(`messages=${COUNT}`);
    expect(status).toContain(`uidvalidity=${WRITTEN_UIDVALIDITY}`);
    expect(status).toContain(`uidnext=${COUNT + 1}`);
  });

  it('numbers UIDs in date order and keeps each message its flags and size', async () => {
    const fetched = parseFetch(
      await stack.dovecot.doveadm([
        'fetch',
        '-u',
        alice.email,
        'uid date.received.unixtime flags size.virtual',
        'mailbox',
        'INBOX',
        'all',
      ]),
    );
    const generated = [...generateMessages({ count: COUNT, seed: SEED, owner: alice })];
    expect(fetched.map((m) => Number(m.uid))).toEqual(generated.map((_, i) => i + 1));
    for (const [i, message] of generated.entries()) {
      const seen = fetched[i] as Record<string, string>;
      expect(Number(seen['date.received.unixtime'])).toBe(message.date.getTime() / 1000);
      expect(
        (seen.flags ?? '')
          .split(' ')
          .filter((f) => f && f !== '\\Recent')
          .sort(),
      ).toEqual(message.flags);
      expect(Number(seen['size.virtual'])).toBe(message.raw.length);
    }
  });

  it('serves the oldest message as UID 1 and the newest as the last UID over IMAP', async () => {
    const generated = [...generateMessages({ count: COUNT, seed: SEED, owner: alice })];
    const token = await accessTokenFor(stack.auth, stack.ca, alice);
    await withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), async (client) => {
      const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
      expect(mailbox.exists).toBe(COUNT);
      const first = await client.fetchOne('1', { envelope: true, internalDate: true }, { uid: true });
      const last = await client.fetchOne(String(COUNT), { envelope: true, internalDate: true }, { uid: true });
      expect(first && first.envelope?.messageId).toBe(generated[0]?.messageId);
      expect(last && last.envelope?.messageId).toBe(generated[COUNT - 1]?.messageId);
      expect(first && new Date(first.internalDate ?? 0).getTime()).toBeLessThan(
        last ? new Date(last.internalDate ?? 0).getTime() : 0,
      );
    });
  });

  it('refuses a folder that already holds mail', async () => {
    await expect(writeLargeMailbox({ maildir, count: 10, seed: SEED, owner: alice })).rejects.toThrow(/already holds/);
  });
});
