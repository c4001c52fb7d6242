import { CircleAlert, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutboxItem } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import { IconButton } from '../ui/icon-button';

/**
 * Items that wait for the person, not for the network: refused for good, possibly sent, or held
 * by a certificate only they can trust.
 */
export function needsAttention(item: OutboxItem): boolean {
  return item.state === 'failed' || item.state === 'possiblySent' || Boolean(item.certificate);
}

/** What the Outbox view lists: a sent item has left it (its record stays internally a while). */
export function outboxShown(items: OutboxItem[]): OutboxItem[] {
  return items.filter((item) => item.state !== 'sent');
}

function reasonOf(item: OutboxItem): string {
  if (item.certificate) return item.certificate.reason;
  return item.error?.message ?? (item.state === 'possiblySent' ? 'It may have been sent already.' : 'It was refused.');
}

export interface OutboxNotice {
  outboxId: number;
  subject: string;
  reason: string;
}

/**
 * The outbox items needing the person, wherever they are in the app: their count for the Outbox
 * badge, and a notice for the latest one that came to need them while the app was open.
 */
export function useOutboxAttention(client: Client) {
  const [count, setCount] = useState(0);
  const [notice, setNotice] = useState<OutboxNotice | null>(null);
  // Null until the first answer: what already needed the person at start gets the badge, not a notice.
  const known = useRef<Set<number> | null>(null);

  const reload = useCallback(() => {
    client.call('outbox.list', {}).then(
      (items) => {
        const waiting = items.filter(needsAttention);
        setCount(waiting.length);
        const fresh = known.current ? waiting.filter((item) => !known.current!.has(item.id)) : [];
        known.current = new Set(waiting.map((item) => item.id));
        const latest = fresh.at(0);
        if (latest) setNotice({ outboxId: latest.id, subject: latest.subject, reason: reasonOf(latest) });
        // A notice about an item dealt with (sent again, edited, deleted) goes away with it.
        else setNotice((shown) => (shown && known.current!.has(shown.outboxId) ? shown : null));
      },
      () => undefined,
    );
  }, [client]);
  useEffect(() => {
    reload();
    return client.on('outbox.changed', reload);
  }, [client, reload]);

  return { count, notice, dismiss: useCallback(() => setNotice(null), []) };
}

/** The Outbox's badge: how many of its items need the person. */
export function OutboxBadge({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      <span className="outbox-badge" aria-hidden="true">
        {count.toLocaleString()}
      </span>
      <span className="visually-hidden">, {count === 1 ? '1 not sent' : `${count.toLocaleString()} not sent`}</span>
    </>
  );
}

/** "Not sent: <subject>" with the reason, over whatever view is open, until dismissed or dealt with. */
export function OutboxFailureNotice({
  notice,
  onOpenOutbox,
  onDismiss,
}: {
  notice: OutboxNotice | null;
  onOpenOutbox: () => void;
  onDismiss: () => void;
}) {
  return (
    <div className="outbox-notice-area" role="alert">
      {notice && (
        <div className="outbox-notice">
          <CircleAlert className="outbox-notice-icon" size={20} aria-hidden="true" />
          <div className="outbox-notice-text">
            <strong>Not sent: {notice.subject || '(no subject)'}</strong>
            <span>{notice.reason}</span>
          </div>
          <button
            type="button"
            className="small"
            onClick={() => {
              onOpenOutbox();
              onDismiss();
            }}
          >
            Open Outbox
          </button>
          <IconButton label="Dismiss" icon={X} onClick={onDismiss} />
        </div>
      )}
    </div>
  );
}
