import type { MessageSummary } from '../../shared/models';
import type { NetworkTrust } from '../auth/types';
import { openImapSession, type ImapLogin } from './imap-session';

function formatSender(from: { name?: string; address?: string } | undefined): string {
  return from?.name || from?.address || '(unknown sender)';
}

/** The newest messages of the Inbox, straight from the server, newest first. */
export async function fetchInboxPreview(
  login: ImapLogin,
  trust: NetworkTrust,
  limit: number,
): Promise<MessageSummary[]> {
  const client = await openImapSession(login, trust);
  try {
    const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
    if (mailbox.exists === 0) return [];
    const first = Math.max(1, mailbox.exists - limit + 1);
    const messages: MessageSummary[] = [];
    for await (const message of client.fetch(`${first}:*`, { uid: true, envelope: true, flags: true })) {
      messages.push({
        uid: message.uid,
        subject: message.envelope?.subject ?? '',
        from: formatSender(message.envelope?.from?.[0]),
        date: message.envelope?.date ? new Date(message.envelope.date).getTime() : null,
        unread: !message.flags?.has('\\Seen'),
        flagged: message.flags?.has('\\Flagged') ?? false,
      });
    }
    return messages.reverse();
  } finally {
    await client.logout().catch(() => client.close());
  }
}
