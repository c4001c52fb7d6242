import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary, MessageSummary } from '../../shared/models';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function InboxPreview({ client, account }: { client: Client; account: AccountSummary }) {
  const [messages, setMessages] = useState<MessageSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setMessages(null);
    setError(null);
    client.call('mail.inboxPreview', { accountId: account.id, limit: 50 }).then(
      (result) => current && setMessages(result),
      (reason: Error) => current && setError(reason.message),
    );
    return () => {
      current = false;
    };
  }, [client, account.id, account.status]);

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">Inbox</h2>
      {error && <p role="alert">{error}</p>}
      {!error && messages === null && <p role="status">Loading the newest messages…</p>}
      {messages?.length === 0 && <p>Your Inbox is empty.</p>}
      {messages && messages.length > 0 && (
        <ul className="message-list" aria-label="Messages">
          {messages.map((message) => (
            <li
              key={message.uid}
              className={message.unread ? 'message unread' : 'message'}
              aria-label={`${message.from}: ${message.subject}`}
            >
              <span className="from">{message.from}</span>
              <span className="subject">{message.subject || '(no subject)'}</span>
              <span className="date">{message.date ? dateFormat.format(message.date) : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
