import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../shared/compose-models';
import { buildMessage, newMessageId } from '../../main/mail/compose/build-message';
import { sendOverSmtp, SmtpSendError } from '../../main/mail/smtp/smtp-send';
import { startMailStack } from '../stack/mail-stack';
import { startTestSmtpServer } from '../stack/tls-test-servers';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

// Submission of a built message to the real stack (XOAUTH2 over TLS, delivered into Dovecot):
// what bob reads is what was built, attachment bytes included, exactly once.

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;

const draft = (subject: string): Draft => ({
  id: 1,
  accountId: 'sandbox:alice@harbor.test',
  mode: 'new',
  to: [{ name: 'Bob Example', address: bob.email }],
  cc: [],
  bcc: [],
  subject,
  html: '<p>Hello <b>Bob</b></p>',
  text: 'Hello Bob',
  inReplyTo: null,
  references: [],
  sourceMessageId: null,
  from: null,
  attachments: [],
  savedAt: 0,
  serverSavedAt: null,
});

const inboxOf = async (user: StackUser, subject: string) => {
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const found: Buffer[] = [];
    for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
      if (message.envelope?.subject === subject && message.source) found.push(message.source);
    }
    return found;
  });
};

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
}, 120_000);
afterAll(() => stack?.close());

describe('sending over the real submission server', () => {
  it('delivers the built message once to bob, attachment byte for byte', async () => {
    const subject = `Outbox test ${Date.now()}`;
    const bytes = new Uint8Array(Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256));
    const built = await buildMessage(
      draft(subject),
      [{ filename: 'data.bin', contentType: 'application/octet-stream', content: bytes }],
      { email: alice.email, displayName: 'Alice Example' },
      { messageId: newMessageId(alice.email), date: new Date() },
    );
    const accessToken = await accessTokenFor(stack.auth, stack.ca, alice);
    const endpoint = { host: '127.0.0.1', port: stack.submission.tlsPort, security: 'tls' as const };
    await sendOverSmtp(
      { endpoint, email: alice.email, accessToken },
      { extraCa: [stack.ca.caPem] },
      built.envelope,
      built.raw,
    );

    const delivered = await inboxOf(bob, subject);
    expect(delivered).toHaveLength(1);
    const parsed = await simpleParser(delivered[0]!);
    expect(parsed.messageId).toBe(`<${built.messageId}>`);
    expect(Buffer.from(parsed.attachments[0]!.content).equals(Buffer.from(bytes))).toBe(true);
  }, 60_000);

  it('reports a refused token as a refused login, without the token in the error', async () => {
    const endpoint = { host: '127.0.0.1', port: stack.submission.tlsPort, security: 'tls' as const };
    const built = await buildMessage(
      draft('never'),
      [],
      { email: alice.email, displayName: null },
      {
        messageId: newMessageId(alice.email),
        date: new Date(),
      },
    );
    const bogus = 'not-a-real-token-0123456789';
    const failure = await sendOverSmtp(
      { endpoint, email: alice.email, accessToken: bogus },
      { extraCa: [stack.ca.caPem] },
      built.envelope,
      built.raw,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as SmtpSendError).code).toBe('EAUTH');
    expect((failure as SmtpSendError).afterData).toBe(false);
    expect(JSON.stringify({ ...(failure as object), message: (failure as Error).message })).not.toContain(bogus);
  }, 60_000);

  it('refuses an untrusted certificate and a server without STARTTLS as TLS_FAILED, before any AUTH', async () => {
    const built = await buildMessage(
      draft('never sent'),
      [],
      { email: alice.email, displayName: null },
      { messageId: newMessageId(alice.email), date: new Date() },
    );
    const login = { email: alice.email, accessToken: 'never-leaves-the-app-0123' };
    const untrusted = await sendOverSmtp(
      { ...login, endpoint: { host: '127.0.0.1', port: stack.submission.tlsPort, security: 'tls' } },
      { extraCa: [] },
      built.envelope,
      built.raw,
    ).catch((error: unknown) => error);
    expect(untrusted).toMatchObject({ code: 'TLS_FAILED', message: expect.stringMatching(/certificate/) });

    const cleartext = await startTestSmtpServer({ plaintext: true });
    try {
      const stripped = await sendOverSmtp(
        { ...login, endpoint: { host: '127.0.0.1', port: cleartext.port, security: 'starttls' } },
        { extraCa: [stack.ca.caPem] },
        built.envelope,
        built.raw,
      ).catch((error: unknown) => error);
      expect(stripped).toMatchObject({ code: 'TLS_FAILED', message: expect.stringMatching(/STARTTLS/) });
      expect(cleartext.authAttempts()).toBe(0);
    } finally {
      await cleartext.close();
    }
  }, 60_000);
});
