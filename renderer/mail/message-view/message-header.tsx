import type { Address, MessageDetail } from '../../../shared/mail-models';
import { formatFullDate } from '../../../shared/readable-dates';
import { Avatar } from '../../ui/avatar';

export function formatAddress({ name, address }: Address): string {
  return name.trim() === '' ? address : `${name} <${address}>`;
}

export function AddressLine({ label, addresses }: { label: string; addresses: Address[] }) {
  if (addresses.length === 0) return null;
  return (
    <div className="message-header-line">
      <dt>{label}</dt>
      <dd>{addresses.map(formatAddress).join(', ')}</dd>
    </div>
  );
}

/** Subject and addresses, always as text: HTML in a name or subject shows as typed. */
export function MessageHeader({ detail }: { detail: MessageDetail }) {
  return (
    <header className="message-header">
      <h2 className="message-subject">{detail.subject.trim() === '' ? '(no subject)' : detail.subject}</h2>
      <div className="message-people">
        <Avatar person={detail.from} />
        <dl>
          <AddressLine label="From" addresses={[detail.from]} />
          <AddressLine label="To" addresses={detail.to} />
          <AddressLine label="Cc" addresses={detail.cc} />
          {detail.date !== null && (
            <div className="message-header-line">
              <dt>Date</dt>
              <dd>
                <time dateTime={new Date(detail.date).toISOString()}>{formatFullDate(detail.date)}</time>
              </dd>
            </div>
          )}
        </dl>
      </div>
    </header>
  );
}
