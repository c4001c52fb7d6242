import type { ImapFlow } from 'imapflow';
import { createAccountRepository } from '../../accounts/account-repository';
import type { Db } from '../../store/database';
import type { CertificateRefusals } from '../../tls/certificate-refusals';
import type { EngineAccount } from '../engine/engine-api';
import type { SmtpSubmit } from '../smtp/smtp-submit';
import { createOutboxRepository } from './outbox-repository';
import { createOutboxSender, type SendRateLimit } from './outbox-sender';
import { closeImapSession } from '../imap-session';

export interface EngineOutboxDependencies {
  db: Db;
  submit: SmtpSubmit;
  rateLimit: SendRateLimit;
  /** An IMAP session for the account, when it is running in the engine. */
  connect: (accountId: string) => Promise<ImapFlow>;
  running: (accountId: string) => EngineAccount | undefined;
  onChanged: (accountId: string) => void;
  /** After a copy went into Sent: sync so it shows. */
  onSentCopied: (accountId: string) => void;
  onSentCopyPending: (accountId: string, reason: string) => void;
  onSent: (accountId: string, recipients: number) => void;
  log: (line: string) => void;
  /**
   * The engine's refused-certificate tracker: a submission refused for its TLS certificate is
   * reported on the item and can then be trusted with tls.trustCertificate.
   */
  certificates: CertificateRefusals;
}

// Gmail files what its SMTP server accepted into Sent itself; a copy of ours would be a duplicate.
const savesSentItself = (smtpHost: string) => /(^|\.)(gmail|googlemail)\.com$/i.test(smtpHost);

/** The outbox sender with its IMAP side: the copy in Sent, and the Sent check after a crash. */
export function createEngineOutbox(dependencies: EngineOutboxDependencies) {
  const { db, certificates } = dependencies;
  const accounts = createAccountRepository(db);
  const sentPath = (accountId: string) =>
    db
      .prepare<[string], string>("SELECT path FROM mailboxes WHERE account_id = ? AND role = 'sent' LIMIT 1")
      .pluck()
      .get(accountId) ?? null;
  const smtpHost = (accountId: string) =>
    db.prepare<[string], string>('SELECT smtp_host FROM accounts WHERE id = ?').pluck().get(accountId) ?? '';

  const withSession = async <T>(accountId: string, use: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await dependencies.connect(accountId);
    try {
      return await use(client);
    } finally {
      await closeImapSession(client);
    }
  };
  const holds = async (client: ImapFlow, path: string, messageId: string) => {
    await client.mailboxOpen(path, { readOnly: true });
    const uids = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true });
    return Array.isArray(uids) && uids.length > 0;
  };

  return createOutboxSender({
    outbox: createOutboxRepository(db),
    submit: (accountId, wire) => {
      const account = accounts.get(accountId);
      if (!account) return dependencies.submit(accountId, wire);
      return certificates.watch(accountId, account.smtp, 'smtp', () => dependencies.submit(accountId, wire));
    },
    refusedCertificate: (accountId) => certificates.certificateOf(accountId, 'smtp'),
    rateLimit: dependencies.rateLimit,
    canSend: (accountId) => dependencies.running(accountId) !== undefined,
    onChanged: dependencies.onChanged,
    onSentCopyPending: dependencies.onSentCopyPending,
    onSent: dependencies.onSent,
    log: dependencies.log,
    copyToSent: async (accountId, { messageId, raw }, lookFirst) => {
      const path = sentPath(accountId);
      if (!path || savesSentItself(smtpHost(accountId))) return;
      await withSession(accountId, async (client) => {
        if (lookFirst && (await holds(client, path, messageId))) return;
        // imapflow answers false instead of throwing when the session was no longer usable.
        if (!(await client.append(path, Buffer.from(raw), ['\\Seen']))) throw new Error('The copy was not appended');
      });
      dependencies.onSentCopied(accountId);
    },
    foundInSent: async (accountId, messageId) => {
      const path = sentPath(accountId);
      if (!path || !dependencies.running(accountId)) return null;
      return withSession(accountId, (client) => holds(client, path, messageId));
    },
  });
}

export type EngineOutbox = ReturnType<typeof createEngineOutbox>;
