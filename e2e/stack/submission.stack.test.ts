// SMTP submission against the real authorization server and Dovecot: OAuth sending over
// implicit TLS and STARTTLS ends up in the recipient's INBOX byte for byte, and every refusal
// the app must handle is the one a real server gives.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer } from './auth-server';
import { startDovecot } from './dovecot';
import { startRefusingLmtp } from './refusing-lmtp-server';
import { SmtpDialogue } from './smtp-dialogue';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import { startSubmission } from './submission';
import { createTestCa } from './test-ca';
import { introspectToken } from './token-introspection';
import type { AuthServer, Dovecot, StackUser, Submission, TestCa } from './types';

const alice: StackUser = { email: 'alice@harbor.test', password: 'alice-pw-1', name: 'Alice Example' };
const bob: StackUser = { email: 'bob@harbor.test', password: 'bob-pw-2', name: 'Bob Example' };
const MAX_MESSAGE_BYTES = 256 * 1024;

let dir: string;
let ca: TestCa;
let auth: AuthServer;
let dovecot: Dovecot;
let submission: Submission;
let aliceToken: string;
let bobToken: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'harbor-submission-test-'));
  ca = await createTestCa(path.join(dir, 'ca'));
  auth = await startAuthServer({ dir, ca, users: [alice, bob] });
  dovecot = await startDovecot({ dir, ca, auth, users: [alice, bob] });
  submission = await startSubmission({ dir, ca, auth, dovecot, maxMessageBytes: MAX_MESSAGE_BYTES });
  [aliceToken, bobToken] = await Promise.all([accessTokenFor(auth, ca, alice), accessTokenFor(auth, ca, bob)]);
});

afterAll(async () => {
  await submission?.close();
  await dovecot?.close();
  await auth?.close();
  await rm(dir, { recursive: true, force: true });
});

type Mode = 'implicit TLS' | 'STARTTLS';

function transport(mode: Mode, user: string, accessToken: string, port?: number) {
  const secure = mode === 'implicit TLS';
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: port ?? (secure ? submission.tlsPort : submission.starttlsPort),
    secure,
    requireTLS: !secure,
    tls: { ca: ca.caPem, servername: 'localhost' },
    auth: { type: 'OAuth2', user, accessToken },
  });
}

/** Raw sources of the INBOX messages whose Subject is `subject`. */
async function inboxMessages(user: StackUser, token: string, subject: string): Promise<Buffer[]> {
  return withImap(imapClient(dovecot, ca, user.email, token), async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ header: { subject } }, { uid: true });
      if (!uids || uids.length === 0) return [];
      const sources: Buffer[] = [];
      for await (const item of client.fetch(uids, { source: true }, { uid: true })) {
        if (item.source) sources.push(item.source);
      }
      return sources;
    } finally {
      lock.release();
    }
  });
}

function responseCode(error: unknown): number | undefined {
  return (error as { responseCode?: number }).responseCode;
}

describe.each<Mode>(['implicit TLS', 'STARTTLS'])('sending over %s', (mode) => {
  it("delivers Alice's message with its attachment into Bob's INBOX before answering 250", async () => {
    const subject = `Report ${randomUUID()}`;
    const attachment = randomBytes(40_000);
    const info = await transport(mode, alice.email, aliceToken).sendMail({
      from: `${alice.name} <${alice.email}>`,
      to: `${bob.name} <${bob.email}>`,
      subject,
      text: 'The numbers are attached.\n.A line that starts with a dot.\n',
      attachments: [{ filename: 'numbers.bin', content: attachment, contentType: 'application/octet-stream' }],
    });
    expect(info.response).toMatch(/^250 /);
    expect(info.accepted).toEqual([bob.email]);

    const [source, ...more] = await inboxMessages(bob, bobToken, subject);
    expect(more).toHaveLength(0);
    const parsed = await simpleParser(source ?? Buffer.alloc(0));
    expect(parsed.from?.value[0]?.address).toBe(alice.email);
    expect(parsed.text).toContain('.A line that starts with a dot.');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('numbers.bin');
    expect(Buffer.compare(parsed.attachments[0]?.content ?? Buffer.alloc(0), attachment)).toBe(0);
  });

  it('refuses a MAIL FROM that is not the signed-in user', async () => {
    const sending = transport(mode, alice.email, aliceToken).sendMail({
      from: bob.email,
      to: bob.email,
      subject: 'Spoofed',
      text: 'x',
    });
    const error = await sending.catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(553);
    expect(String(error)).toContain('not the signed-in user');
  });

  it('answers 535 to a bogus token', async () => {
    const error = await transport(mode, alice.email, 'not-a-token-the-server-issued')
      .sendMail({ from: alice.email, to: bob.email, subject: 'x', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(535);
  });
});

describe('authentication', () => {
  it('sends the XOAUTH2 error challenge before 535', async () => {
    const dialogue = await SmtpDialogue.open(submission.tlsPort, ca.caPem);
    try {
      expect(dialogue.greeting.code).toBe(220);
      expect((await dialogue.command('EHLO client.test')).text).toContain('AUTH XOAUTH2');
      const bogus = Buffer.from(`user=${alice.email}\x01auth=Bearer bogus\x01\x01`).toString('base64');
      const challenge = await dialogue.command(`AUTH XOAUTH2 ${bogus}`);
      expect(challenge.code).toBe(334);
      expect(JSON.parse(Buffer.from(challenge.text, 'base64').toString('utf8'))).toEqual({
        status: '401',
        schemes: 'bearer',
        scope: 'mail.smtp',
      });
      expect((await dialogue.command('')).code).toBe(535);
    } finally {
      dialogue.close();
    }
  });

  it("refuses Bob's token used as Alice", async () => {
    const error = await transport('implicit TLS', alice.email, bobToken)
      .sendMail({ from: alice.email, to: bob.email, subject: 'x', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(535);
  });

  it('refuses a token without the mail.smtp scope', async () => {
    const imapOnly = await accessTokenFor(auth, ca, alice, 'mail.imap');
    expect(await introspectToken(auth.introspection, ca.caPem, imapOnly)).toMatchObject({
      active: true,
      scope: 'mail.imap',
    });
    const error = await transport('implicit TLS', alice.email, imapOnly)
      .sendMail({ from: alice.email, to: bob.email, subject: 'x', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(535);
  });

  it('refuses AUTH before STARTTLS on the STARTTLS port', async () => {
    const dialogue = await SmtpDialogue.open(submission.starttlsPort);
    try {
      expect((await dialogue.command('EHLO client.test')).text).toContain('STARTTLS');
      const token = Buffer.from(`user=${alice.email}\x01auth=Bearer ${aliceToken}\x01\x01`).toString('base64');
      const reply = await dialogue.command(`AUTH XOAUTH2 ${token}`);
      expect(reply.code).toBe(538);
      expect((await dialogue.command(`MAIL FROM:<${alice.email}>`)).code).toBe(530);
    } finally {
      dialogue.close();
    }
  });
});

describe('envelope and size', () => {
  it('refuses a recipient who has no mailbox here with 550 at RCPT', async () => {
    const error = await transport('implicit TLS', alice.email, aliceToken)
      .sendMail({ from: alice.email, to: 'nobody@harbor.test', subject: 'x', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(550);
    expect(String(error)).toContain('nobody@harbor.test');
  });

  it('refuses a message over the size limit with 552', async () => {
    const subject = `Too big ${randomUUID()}`;
    const error = await transport('implicit TLS', alice.email, aliceToken)
      .sendMail({
        from: alice.email,
        to: bob.email,
        subject,
        text: 'x',
        attachments: [{ filename: 'big.bin', content: randomBytes(MAX_MESSAGE_BYTES) }],
      })
      .catch((failure: unknown) => failure);
    expect(responseCode(error)).toBe(552);
    expect(await inboxMessages(bob, bobToken, subject)).toHaveLength(0);
  });
});

describe('holdReplies', () => {
  it('delivers at once but keeps the 250 pending until released', async () => {
    const subject = `Held ${randomUUID()}`;
    submission.holdReplies?.(true);
    let answered = false;
    const sending = transport('implicit TLS', alice.email, aliceToken)
      .sendMail({ from: alice.email, to: bob.email, subject, text: 'held' })
      .finally(() => (answered = true));
    try {
      await expect
        .poll(() => inboxMessages(bob, bobToken, subject).then((found) => found.length), { timeout: 10_000 })
        .toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
    } finally {
      submission.holdReplies?.(false);
    }
    expect((await sending).response).toMatch(/^250 /);
  });
});

describe('delivery failure', () => {
  it('answers 451 when LMTP refuses the recipient, after sending dot-stuffed DATA', async () => {
    const lmtp = await startRefusingLmtp(path.join(dir, 'refusing-lmtp.sock'));
    const broken = await startSubmission({ dir, ca, auth, dovecot: { ...dovecot, lmtpSocket: lmtp.socketPath } });
    try {
      const error = await transport('implicit TLS', alice.email, aliceToken, broken.tlsPort)
        .sendMail({ from: alice.email, to: bob.email, subject: 'Full', text: 'first\n.dotted\n' })
        .catch((failure: unknown) => failure);
      expect(responseCode(error)).toBe(451);
      expect(String(error)).toContain('452 4.2.2 Mailbox full');
      expect(lmtp.received()).toContain('\r\n..dotted\r\n');
      expect(lmtp.received()).toMatch(/\r\n\.\r\n$/);
    } finally {
      await broken.close();
      await lmtp.close();
    }
  });
});
