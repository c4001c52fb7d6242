import { queryText } from '../../store/search-text';
import { parseSearchTerms, type SearchField, type SearchWithin } from '../search/search-terms';

/** A search box entry, as the store runs it. */
export interface SearchQuery {
  /** An FTS5 MATCH expression over message_search; null when only filters were given. */
  match: string | null;
  unread: boolean;
  starred: boolean;
  hasAttachment: boolean;
  /** Trash and Junk are searched only when asked for. */
  within: SearchWithin;
}

// The search index's columns that the field operators search.
const fieldColumns: Record<SearchField, string> = { from: 'sender', to: 'recipients', subject: 'subject' };

// What the unicode61 tokenizer keeps; a term without any of these would be an empty phrase.
const tokenCharacter = /[\p{L}\p{N}\p{Co}]/u;

/** As an FTS5 string every character is literal: operators, `*`, `^`, `:` and `(` mean nothing. */
const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/** What the user typed (see parseSearchTerms) as the local index runs it; null when there is nothing to search for. */
export function parseSearchQuery(input: string): SearchQuery | null {
  const { terms, unread, starred, hasAttachment, within } = parseSearchTerms(input);
  const matches: string[] = [];
  for (const { field, text, prefix } of terms) {
    if (!tokenCharacter.test(text)) continue;
    const segmented = queryText(text);
    const term = ftsString(segmented.text) + (prefix || segmented.prefix ? '*' : '');
    matches.push(field ? `${fieldColumns[field]} : ${term}` : term);
  }
  const match = matches.length > 0 ? matches.join(' ') : null;
  if (match === null && !unread && !starred && !hasAttachment && within === null) return null;
  return { match, unread, starred, hasAttachment, within };
}
