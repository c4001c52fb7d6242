import type { OutboxItem } from '../../shared/compose-models';

function time(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * An outbox item's state in plain words, with the reason the main side gave (unless a refused
 * certificate comes with it: its own block says why).
 */
export function outboxStateText(item: OutboxItem, now = Date.now()): string {
  const why = item.error && !item.certificate ? ` ${item.error.message}` : '';
  switch (item.state) {
    case 'queued':
      return item.sendAt > now ? `Queued: sends at ${time(item.sendAt)}.` : `Queued.${why}`;
    case 'sending':
      return 'Sending…';
    case 'retrying':
      return `${item.nextAttemptAt === null ? 'Retrying soon.' : `Retrying at ${time(item.nextAttemptAt)}.`}${why}`;
    case 'possiblySent':
      return `Possibly sent.${why}`;
    case 'failed':
      return `Failed.${why}`;
    case 'sent':
      return item.sentAt === null ? 'Sent.' : `Sent at ${time(item.sentAt)}.`;
  }
}
