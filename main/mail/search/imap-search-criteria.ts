import type { SearchObject } from 'imapflow';
import type { SearchField, SearchTerms } from './search-terms';

const imapKeys: Record<SearchField, 'from' | 'to' | 'subject'> = { from: 'from', to: 'to', subject: 'subject' };

/**
 * Criteria that all must hold, as one imapflow search object. It allows each key once, so every
 * criterion after the first goes into a one-operand OR, which imapflow sends as a parenthesized
 * list: `TEXT a (TEXT b (FROM c))`, which IMAP reads as their conjunction.
 */
function allOf(criteria: SearchObject[]): SearchObject {
  const [first, ...rest] = criteria;
  if (!first) return { all: true };
  return rest.length === 0 ? first : { ...first, or: [allOf(rest)] };
}

/**
 * What the search box asked for as IMAP SEARCH criteria: from:, to:, subject: as FROM, TO and
 * SUBJECT, words and phrases as TEXT, is:unread as UNSEEN, is:starred as FLAGGED. IMAP has no
 * criterion for attachments: has:attachment is applied to the rows once stored. A Gmail server
 * (X-GM-EXT-1) reads the query itself with X-GM-RAW, as its own search box would.
 */
export function imapSearchCriteria(terms: SearchTerms, query: string, gmail: boolean): SearchObject {
  if (gmail) return { gmraw: query.trim() };
  const criteria: SearchObject[] = [];
  for (const { field, text } of terms.terms) {
    if (text.trim() === '') continue;
    criteria.push(field ? { [imapKeys[field]]: text } : { text });
  }
  if (terms.unread) criteria.push({ seen: false });
  if (terms.starred) criteria.push({ flagged: true });
  return allOf(criteria);
}
