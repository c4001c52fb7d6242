import type { MessageRow } from '../../shared/mail-models';
import { Avatar } from '../ui/avatar';
import { formatFullDate, formatListDate } from './list-date';
import { rowPeople } from './row-people';

/**
 * One message in the list. Every field is a text node: HTML in a subject or name stays text.
 * A conversation's row (conversation-row.tsx) names its own people and count.
 */
export function MessageRowContent({
  row,
  showRecipients,
  people = rowPeople(row, showRecipients),
  count = row.threadCount,
}: {
  row: MessageRow;
  showRecipients: boolean;
  people?: string;
  count?: number;
}) {
  return (
    <>
      <Avatar person={row.from} />
      <span className="row-text">
        <span className="row-line">
          {row.unread && <span className="unread-dot" role="img" aria-label="Unread" />}
          <span className="row-from">{people}</span>
          {count > 1 && (
            <span className="row-thread-count">
              <span aria-hidden="true">{count}</span>
              <span className="visually-hidden">, {count} messages in conversation</span>
            </span>
          )}
          <span className="row-markers">
            {row.hasAttachments && (
              <svg className="row-attachment" role="img" aria-label="Has attachments" viewBox="0 0 16 16">
                <path d="M10.5 4.5v6a2.5 2.5 0 0 1-5 0v-7a1.5 1.5 0 0 1 3 0v6.5a.5.5 0 0 1-1 0V4.5" />
              </svg>
            )}
            {row.flagged && (
              <span className="row-star" role="img" aria-label="Starred">
                ★
              </span>
            )}
          </span>
          <time
            className="row-date"
            dateTime={row.date === null ? undefined : new Date(row.date).toISOString()}
            title={row.date === null ? undefined : formatFullDate(row.date)}
          >
            {formatListDate(row.date)}
          </time>
        </span>
        <span className="row-line">
          <span className="row-subject">{row.subject || '(no subject)'}</span>
        </span>
        <span className="row-line">
          <span className="row-snippet">{row.snippet}</span>
        </span>
      </span>
    </>
  );
}
