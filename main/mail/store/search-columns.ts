import type { Address } from '../../../shared/mail-models';

/** The text of one message's row in the search index (message_search). */
export interface SearchColumns {
  subject: string;
  sender: string;
  recipients: string;
  body: string;
}

const spelled = (address: Address): string => `${address.name} ${address.address}`.trim();

export function searchColumns(
  subject: string,
  from: Address | null,
  to: Address[],
  cc: Address[],
  body: string,
): SearchColumns {
  return {
    subject,
    sender: from ? spelled(from) : '',
    recipients: [...to, ...cc].map(spelled).join(' '),
    body,
  };
}
