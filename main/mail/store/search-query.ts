import { queryText } from '../../store/search-text';

/** A search box entry, as the store runs it. */
export interface SearchQuery {
  /** An FTS5 MATCH expression over message_search; null when only filters were given. */
  match: string | null;
  unread: boolean;
  starred: boolean;
  hasAttachment: boolean;
}

// The search index's columns that the field operators search.
const fieldColumns: Record<string, string> = { from: 'sender', to: 'recipients', subject: 'subject' };

// A field with a quoted value, a quoted phrase (the closing quote may still be missing while
// the user types), or anything else up to the next space.
const tokens = /([a-z]+):"([^"]*)"?|"([^"]*)"?|(\S+)/giu;

// What the unicode61 tokenizer keeps; a term without any of these would be an empty phrase.
const tokenCharacter = /[\p{L}\p{N}\p{Co}]/u;

/** As an FTS5 string every character is literal: operators, `*`, `^`, `:` and `(` mean nothing. */
const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * Parses what the user typed: words (all must match), "quoted phrases", from:, to:, subject:,
 * has:attachment, is:unread, is:starred. The last word is a prefix while the user is still typing
 * it (no space after it). Null when there is nothing to search for.
 */
export function parseSearchQuery(input: string): SearchQuery | null {
  const query: SearchQuery = { match: null, unread: false, starred: false, hasAttachment: false };
  const terms: string[] = [];
  const stillTyping = !/\s$/u.test(input);
  const matches = [...input.matchAll(tokens)];

  matches.forEach((token, index) => {
    const [, quotedField, quotedValue, phrase, bare] = token;
    const isLast = index === matches.length - 1;
    if (quotedField !== undefined && quotedValue !== undefined) {
      const column = fieldColumns[quotedField.toLowerCase()];
      addTerm(terms, column ? quotedValue : `${quotedField} ${quotedValue}`, column, false);
    } else if (phrase !== undefined) {
      addTerm(terms, phrase, undefined, false);
    } else if (bare !== undefined) {
      const filter = bare.toLowerCase();
      if (filter === 'has:attachment' || filter === 'has:attachments') query.hasAttachment = true;
      else if (filter === 'is:unread') query.unread = true;
      else if (filter === 'is:starred' || filter === 'is:flagged') query.starred = true;
      else {
        const field = /^([a-z]+):(.*)$/iu.exec(bare);
        const column = field && fieldColumns[field[1]!.toLowerCase()];
        if (column) addTerm(terms, field[2]!, column, isLast && stillTyping);
        else addTerm(terms, bare, undefined, isLast && stillTyping);
      }
    }
  });

  if (terms.length > 0) query.match = terms.join(' ');
  else if (!query.unread && !query.starred && !query.hasAttachment) return null;
  return query;
}

function addTerm(terms: string[], text: string, column: string | undefined, prefix: boolean): void {
  if (!tokenCharacter.test(text)) return;
  const segmented = queryText(text);
  const term = ftsString(segmented.text) + (prefix || segmented.prefix ? '*' : '');
  terms.push(column ? `${column} : ${term}` : term);
}
