import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ServerCertificate } from '../../../shared/mail-models';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { SmtpSendError } from '../smtp/smtp-send';
import { createOutboxRepository, type OutboxRepository } from './outbox-repository';
import { createOutboxSender, type OutboxSenderDependencies } from './outbox-sender';

let store: TestStore;
let outbox: OutboxRepository;
let clock: number;
let submitted: string[];
let failNext: unknown[];
let sentCopies: Array<{ messageId: string; lookFirst: boolean }>;
let failCopies: unknown[];
let pendingNotices: Array<{ accountId: string; reason: string }>;
let sentNotices: Array<{ accountId: string; recipients: number }>;
let logLines: string[];

const queue = (subject: string, sendAt = clock) =>
  outbox.add(
    {
      accountId: store.accountId,
      draftId: null as never,
      messageId: `${subject}@harbor.test`,
      envelope: { from: 'alice@harbor.test', to: ['bob@harbor.test'] },
      raw: new TextEncoder().encode(`Message-ID: <${subject}@harbor.test>\r\n\r\nhi`),
      subject,
      to: [{ name: 'Bob', address: 'bob@harbor.test' }],
      sendAt,
    },
    clock,
  );

const sender = (overrides: Partial<OutboxSenderDependencies> = {}) =>
  createOutboxSender({
    outbox,
    submit: async (_accountId, wire) => {
      const failure = failNext.shift();
      if (failure) throw failure;
      submitted.push(new TextDecoder().decode(wire.raw).split('\r\n')[0]!);
    },
    copyToSent: async (_accountId, { messageId }, lookFirst) => {
      const failure = failCopies.shift();
      if (failure) throw failure;
      sentCopies.push({ messageId, lookFirst });
    },
    foundInSent: async () => false,
    canSend: () => true,
    refusedCertificate: () => null,
    rateLimit: { messages: 2, perSeconds: 60 },
    onChanged: () => undefined,
    onSentCopyPending: (accountId, reason) => pendingNotices.push({ accountId, reason }),
    onSent: (accountId, recipients) => sentNotices.push({ accountId, recipients }),
    log: (line) => logLines.push(line),
    now: () => clock,
    ...overrides,
  });

const run = async (outboxSender: ReturnType<typeof sender>) => {
  outboxSender.wake();
  await outboxSender.idle();
  outboxSender.stop();
};
const stateOf = (id: number) => outbox.get(id)!;

beforeEach(() => {
  store = openTestStore();
  outbox = createOutboxRepository(store.db);
  clock = Date.UTC(2025, 0, 1);
  submitted = [];
  failNext = [];
  sentCopies = [];
  failCopies = [];
  pendingNotices = [];
  sentNotices = [];
  logLines = [];
});
afterEach(() => store.close());

describe('outbox sender', () => {
  it('logs a pass that failed by its kind, never its text, and sends once it works again', async () => {
    const id = queue('after-a-failed-pass');
    await run(
      sender({
        canSend: () => {
          throw new AppError('STORE_UNAVAILABLE', 'a text with the path /home/alice');
        },
      }),
    );
    expect(logLines).toContain('an outbox pass failed (AppError STORE_UNAVAILABLE); tried again in 30 s');
    expect(logLines.join('\n')).not.toContain('alice');
    await run(sender());
    expect(stateOf(id).state).toBe('sent');
  });

  it('waits for the undo delay, then sends the stored bytes once and copies them to Sent', async () => {
    const id = queue('later', clock + 5000);
    await run(sender());
    expect(stateOf(id).state).toBe('queued');
    expect(sentNotices).toEqual([]);
    clock += 5000;
    await run(sender());
    expect(stateOf(id).state).toBe('sent');
    expect(submitted).toEqual(['Message-ID: <later@harbor.test>']);
    // For the activity log: how many recipients, never who.
    expect(sentNotices).toEqual([{ accountId: store.accountId, recipients: 1 }]);
    expect(sentCopies).toEqual([{ messageId: 'later@harbor.test', lookFirst: false }]);
    expect(outbox.owedSentCopies()).toEqual([]);
  });

  it('retries a temporary failure with backoff and the same Message-ID; stops on a permanent one', async () => {
    const temporary = queue('temporary');
    failNext.push(new SmtpSendError('ECONNECTION', null, '', false, []));
    await run(sender());
    expect(stateOf(temporary)).toMatchObject({ state: 'retrying', nextAttemptAt: clock + 2000, attempts: 1 });
    expect(stateOf(temporary).error?.kind).toBe('offline');
    clock += 2000;
    await run(sender());
    expect(stateOf(temporary).state).toBe('sent');
    expect(submitted).toEqual(['Message-ID: <temporary@harbor.test>']);

    const refused = queue('refused');
    failNext.push(new SmtpSendError('EENVELOPE', 550, '550 5.1.1 no such user', false, ['nobody@harbor.test']));
    await run(sender());
    expect(stateOf(refused).state).toBe('failed');
    expect(stateOf(refused).error).toMatchObject({
      kind: 'recipientRefused',
      refusedRecipients: ['nobody@harbor.test'],
    });
  });

  it('names SMTP AUTH turned off, too large, and sign in again', async () => {
    const disabled = queue('disabled');
    failNext.push(
      new SmtpSendError(
        'EAUTH',
        535,
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled',
        false,
        [],
      ),
    );
    await run(sender());
    expect(stateOf(disabled).error?.kind).toBe('smtpAuthDisabled');
    const large = queue('large');
    failNext.push(new SmtpSendError('EMESSAGE', 552, '552 5.3.4 Message size exceeds fixed limit', false, []));
    await run(sender());
    expect(stateOf(large)).toMatchObject({ state: 'failed', error: { kind: 'tooLarge' } });
    const revoked = queue('revoked');
    failNext.push(new SmtpSendError('EAUTH', 535, '535 5.7.8 Authentication failed', false, []));
    await run(sender());
    expect(stateOf(revoked)).toMatchObject({
      state: 'retrying',
      nextAttemptAt: clock + 60_000,
      error: { kind: 'signInAgain' },
    });
    const ready = sender();
    ready.accountReady(store.accountId);
    await ready.idle();
    ready.stop();
    expect(stateOf(revoked).state).toBe('sent');
  });

  it('carries the refused SMTP certificate on the item until a later try no longer reports it', async () => {
    const certificate: ServerCertificate = {
      host: 'smtp.example.test',
      port: 465,
      fingerprint256: 'AA:BB',
      subject: 'CN=smtp.example.test',
      issuer: 'CN=smtp.example.test',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: '2026-01-01T00:00:00.000Z',
      problem: 'untrusted',
      reason: 'The certificate of smtp.example.test:465 is not trusted: it is self-signed.',
    };
    let refused: ServerCertificate | null = certificate;
    const id = queue('pinned');
    failNext.push(new AppError('TLS_FAILED', 'The certificate of smtp.example.test:465 is not trusted.'));
    await run(sender({ refusedCertificate: () => refused }));
    expect(stateOf(id)).toMatchObject({
      state: 'retrying',
      error: { kind: 'untrustedCertificate', message: certificate.reason },
      certificate,
    });
    expect(outbox.list()[0]?.certificate).toEqual(certificate);

    refused = null;
    failNext.push(
      new AppError('TLS_FAILED', 'The certificate of smtp.example.test:465 is not trusted: it has expired.'),
    );
    clock += 60 * 60_000;
    await run(sender({ refusedCertificate: () => refused }));
    expect(stateOf(id)).toMatchObject({ state: 'retrying', error: { kind: 'offline' } });
    expect(stateOf(id).certificate).toBeUndefined();
  });

  it('marks a message whose data went out without a reply "possibly sent", and never resends it', async () => {
    const id = queue('lost-reply');
    failNext.push(new SmtpSendError('ECONNECTION', null, '', true, []));
    await run(sender());
    expect(stateOf(id).state).toBe('possiblySent');
    clock += 3_600_000;
    await run(sender());
    expect(submitted).toEqual([]);
  });

  it('after a crash while sending: sent when Sent holds it, otherwise possibly sent', async () => {
    const found = queue('found');
    const unknown = queue('unknown');
    outbox.markSending(found);
    outbox.markSending(unknown);
    const recovering = sender({ foundInSent: async (_account, messageId) => messageId === 'found@harbor.test' });
    await recovering.recover(store.accountId);
    await run(recovering);
    expect(stateOf(found).state).toBe('sent');
    expect(stateOf(unknown).state).toBe('possiblySent');
    expect(submitted).toEqual([]);
  });

  it('holds the rate limit and says when the next one goes', async () => {
    const ids = [queue('one'), queue('two'), queue('three')];
    await run(sender());
    expect(ids.map((id) => stateOf(id).state)).toEqual(['sent', 'sent', 'retrying']);
    expect(stateOf(ids[2]!)).toMatchObject({ nextAttemptAt: clock + 60_000, error: { kind: 'rateLimited' } });
    clock += 60_001;
    await run(sender());
    expect(stateOf(ids[2]!).state).toBe('sent');
  });

  it('keeps the copy in Sent owed when IMAP is away, shows why, and makes it later, looking first', async () => {
    const id = queue('copy-later');
    failCopies.push(new AppError('CONNECTION_FAILED', 'Nothing answers at imap.harbor.test:993.'));
    await run(sender());
    expect(stateOf(id)).toMatchObject({
      state: 'sent',
      sentCopyPending: { reason: 'Nothing answers at imap.harbor.test:993.' },
    });
    expect(submitted).toEqual(['Message-ID: <copy-later@harbor.test>']);

    // Not before its backoff, then by a later run (a restart) with the item still in the store.
    failCopies.push(new Error('NO [SERVERBUG] with a text nobody should see'));
    await run(sender());
    expect(failCopies).toHaveLength(1);
    clock += 2_000;
    await run(sender());
    expect(stateOf(id).sentCopyPending).toEqual({ reason: 'The mail server did not store the copy.' });
    clock += 4_000;
    await run(sender());
    expect(sentCopies).toEqual([{ messageId: 'copy-later@harbor.test', lookFirst: true }]);
    expect(stateOf(id).sentCopyPending).toBeUndefined();
    expect(submitted).toHaveLength(1);
    // The activity log hears of it once, at the first failure, not at every retry.
    expect(pendingNotices).toEqual([
      { accountId: store.accountId, reason: 'Nothing answers at imap.harbor.test:993.' },
    ]);
  });

  it('tries a failed copy again on its own once it is due', async () => {
    vi.useFakeTimers();
    try {
      const id = queue('copy-timer');
      failCopies.push(new AppError('CONNECTION_FAILED', 'Nothing answers at imap.harbor.test:993.'));
      const running = sender();
      running.wake();
      await running.idle();
      expect(stateOf(id).sentCopyPending).toBeDefined();
      clock += 2_000;
      await vi.advanceTimersByTimeAsync(2_000);
      await running.idle();
      running.stop();
      expect(sentCopies).toEqual([{ messageId: 'copy-timer@harbor.test', lookFirst: true }]);
      expect(stateOf(id).sentCopyPending).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('tries an owed copy at once when the account is back, and never holds up sending for it', async () => {
    const first = queue('copy-first');
    failCopies.push(new AppError('CONNECTION_FAILED', 'Nothing answers at imap.harbor.test:993.'));
    await run(sender());
    expect(stateOf(first).sentCopyPending).toBeDefined();

    let releaseCopies = () => undefined as void;
    const imapStalls = new Promise<void>((resolve) => (releaseCopies = resolve));
    const stalled = sender({ copyToSent: () => imapStalls });
    stalled.accountReady(store.accountId);
    const second = queue('send-while-copying');
    stalled.wake();
    await expect.poll(() => stateOf(second).state).toBe('sent');
    releaseCopies();
    await stalled.idle();
    stalled.stop();
    expect(stateOf(first).sentCopyPending).toBeUndefined();
  });
});
