import type { Address } from '../../../shared/mail-models';
import { indexedText } from '../../store/search-text';

/** The text of one message's row in the search index (message_search), as indexedText() gives it. */
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
    subject: indexedText(subject),
    sender: from ? indexedText(spelled(from)) : '',
    recipients: indexedText([...to, ...cc].map(spelled).join(' ')),
    body: indexedText(body),
  };
}
