import type { OutboxError } from '../../../shared/compose-models';
import type { ServerCertificate } from '../../../shared/mail-models';
import { retryDelayMs } from '../actions/retry-backoff';
import type { OutboxRecord, OutboxRepository, OwedSentCopy } from './outbox-repository';
import { createPassLoop } from './pass-loop';
import { failureKind } from '../../logging/trace';
import { sentCopyFailure } from './sent-copy-failure';
import { classifySendFailure, possiblySentError } from './smtp-failure';

export interface SendRateLimit {
  messages: number;
  perSeconds: number;
}

export interface OutboxSenderDependencies {
  outbox: OutboxRepository;
  /** Submits the stored bytes; throws what classifySendFailure understands. */
  submit: (accountId: string, wire: { envelope: { from: string; to: string[] }; raw: Uint8Array }) => Promise<void>;
  /**
   * After the server's 250: put a copy in Sent (unless the provider does it itself); throws when it
   * could not. `lookFirst`: an earlier try may have stored it already.
   */
  copyToSent: (accountId: string, message: { messageId: string; raw: Uint8Array }, lookFirst: boolean) => Promise<void>;
  /** Whether the account's Sent folder holds this Message-ID; null when it cannot be told now. */
  foundInSent: (accountId: string, messageId: string) => Promise<boolean | null>;
  /** Accounts that can sign in right now; others keep their items waiting. */
  canSend: (accountId: string) => boolean;
  /** The certificate the account's SMTP server presented on a refused TLS handshake, if the user may trust it. */
  refusedCertificate: (accountId: string) => ServerCertificate | null;
  rateLimit: SendRateLimit;
  onChanged: (accountId: string) => void;
  /** A sent message's copy in Sent failed for the first time: it is retried until it succeeds. `reason` is for people. */
  onSentCopyPending: (accountId: string, reason: string) => void;
  /** The server took a message (its 250 after the data) for this many recipients. */
  onSent: (accountId: string, recipients: number) => void;
  /** Failures nobody waits for, by kind, never their text. */
  log: (line: string) => void;
  now?: () => number;
}

export interface OutboxSender {
  /** Look at the outbox again (a new item, a changed item). */
  wake(): void;
  /** The account is online and signed in (again): what waited for that goes now. */
  accountReady(accountId: string): void;
  /** The account's items left "sending" by a previous run: sent if Sent holds them, otherwise "possibly sent". */
  recover(accountId: string): Promise<void>;
  /** Resolves when the current pass is over (for an orderly close). */
  idle(): Promise<void>;
  stop(): void;
}

const signInRecheckMs = 60_000;

const rateLimited = (limit: SendRateLimit, at: number): OutboxError => ({
  kind: 'rateLimited',
  message: `Harbor Mail sends at most ${limit.messages} messages every ${limit.perSeconds} seconds from one account; this one goes out at ${new Date(at).toLocaleTimeString()}.`,
  refusedRecipients: [],
});

/**
 * Sends what the outbox holds, one item at a time per pass, in the engine. The item is marked
 * "sending" before its first byte leaves; a run that stops between the message data and the
 * server's reply leaves it so, and it is then never resent on its own (see recover). Copies in
 * Sent go in a loop of their own, so an IMAP server that is away or slow never holds up sending;
 * a copy stays owed, in the store, until the server has it.
 */
export function createOutboxSender(dependencies: OutboxSenderDependencies): OutboxSender {
  const { outbox, rateLimit } = dependencies;
  const now = dependencies.now ?? Date.now;
  let stopped = false;
  const inFlight = new Set<number>();

  const windowMs = rateLimit.perSeconds * 1000;
  /** When the account may send its next message under the rate limit (now if it may). */
  const allowedAt = (accountId: string): number => {
    const since = now() - windowMs;
    if (outbox.sentSince(accountId, since) < rateLimit.messages) return now();
    return (outbox.oldestSentSince(accountId, since) ?? now()) + windowMs;
  };

  const sendOne = async (item: OutboxRecord) => {
    if (!outbox.markSending(item.id)) return;
    const wire = outbox.wire(item.id);
    dependencies.onChanged(item.accountId);
    inFlight.add(item.id);
    try {
      await dependencies.submit(item.accountId, wire);
    } catch (error) {
      inFlight.delete(item.id);
      const certificate = dependencies.refusedCertificate(item.accountId);
      const outcome = classifySendFailure(error, certificate);
      if (outcome.next === 'retry') {
        const shown = outcome.error.kind === 'untrustedCertificate' ? certificate : null;
        outbox.setState(item.id, 'retrying', now() + retryDelayMs(item.attempts + 1), outcome.error, shown);
      } else if (outcome.next === 'signIn') {
        // Waits for the account to sign in again (accountReady), or looks again in a while.
        outbox.setState(item.id, 'retrying', now() + signInRecheckMs, outcome.error);
      } else {
        outbox.setState(item.id, outcome.next === 'fail' ? 'failed' : 'possiblySent', null, outcome.error);
      }
      dependencies.onChanged(item.accountId);
      return;
    }
    inFlight.delete(item.id);
    outbox.markSent(item.id, now(), true);
    dependencies.onSent(item.accountId, wire.envelope.to.length);
    dependencies.onChanged(item.accountId);
    copying.wake();
  };

  const copyOne = async (copy: OwedSentCopy) => {
    const raw = outbox.rawOf(copy.id);
    if (!raw) return;
    outbox.sentCopyTrying(copy.id);
    try {
      await dependencies.copyToSent(copy.accountId, { messageId: copy.messageId, raw }, copy.attempts > 0);
      outbox.sentCopyMade(copy.id);
    } catch (error) {
      const reason = sentCopyFailure(error);
      outbox.sentCopyFailed(copy.id, now() + retryDelayMs(copy.attempts + 1), reason);
      if (copy.attempts === 0) dependencies.onSentCopyPending(copy.accountId, reason);
    }
    dependencies.onChanged(copy.accountId);
  };

  const copyPass = async (): Promise<number | null> => {
    let nextDue = Infinity;
    for (const copy of outbox.owedSentCopies()) {
      if (stopped) return null;
      if (!dependencies.canSend(copy.accountId)) continue;
      if (copy.dueAt > now()) {
        nextDue = Math.min(nextDue, copy.dueAt);
        continue;
      }
      await copyOne(copy);
      // One more pass, which sees when a failed copy is due again.
      copying.wake();
    }
    return nextDue === Infinity ? null : nextDue - now();
  };

  const sendPass = async (): Promise<number | null> => {
    outbox.prune(now());
    let nextDue = Infinity;
    for (const item of outbox.waiting()) {
      if (stopped) return null;
      if (!dependencies.canSend(item.accountId)) continue;
      const due = Math.max(item.sendAt, item.nextAttemptAt ?? 0);
      if (due > now()) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      const allowed = allowedAt(item.accountId);
      if (allowed > now()) {
        if (item.error?.kind !== 'rateLimited' || item.nextAttemptAt !== allowed) {
          outbox.setState(item.id, 'retrying', allowed, rateLimited(rateLimit, allowed));
          dependencies.onChanged(item.accountId);
        }
        nextDue = Math.min(nextDue, allowed);
        continue;
      }
      await sendOne(item);
      sending.wake();
    }
    return nextDue === Infinity ? null : nextDue - now();
  };

  const passFailed = (what: string) => (error: unknown) =>
    dependencies.log(`${what} failed (${failureKind(error)}); tried again in 30 s`);
  const sending = createPassLoop(sendPass, passFailed('an outbox pass'));
  const copying = createPassLoop(copyPass, passFailed('a pass over owed Sent copies'));

  const sender: OutboxSender = {
    wake() {
      sending.wake();
      copying.wake();
    },
    accountReady(accountId) {
      outbox.retryNow(accountId, now());
      sender.wake();
    },
    async recover(accountId) {
      for (const item of outbox.sendingOf(accountId)) {
        if (inFlight.has(item.id)) continue;
        const found = await dependencies.foundInSent(item.accountId, item.messageId).catch(() => null);
        if (found) outbox.markSent(item.id, now(), false);
        else outbox.setState(item.id, 'possiblySent', null, possiblySentError);
        dependencies.onChanged(item.accountId);
      }
    },
    idle: async () => {
      await Promise.all([sending.idle(), copying.idle()]);
    },
    stop() {
      stopped = true;
      sending.stop();
      copying.stop();
    },
  };
  return sender;
}
