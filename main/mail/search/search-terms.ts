/** Which folders a search looks in: by default every folder but Trash and Junk. */
export type SearchWithin = 'trash' | 'junk' | 'anywhere' | null;

export type SearchField = 'from' | 'to' | 'subject';

export interface SearchTerm {
  /** null: anywhere in the message. */
  field: SearchField | null;
  text: string;
  /** The word the user is still typing: it may go on in the message. */
  prefix: boolean;
}

/** A search box entry split into what it asks for, before the local index or a server reads it. */
export interface SearchTerms {
  terms: SearchTerm[];
  unread: boolean;
  starred: boolean;
  hasAttachment: boolean;
  within: SearchWithin;
}

const fields: Record<string, SearchField> = { from: 'from', to: 'to', subject: 'subject' };

const withinNames: Record<string, Exclude<SearchWithin, null>> = {
  'in:trash': 'trash',
  'in:bin': 'trash',
  'in:junk': 'junk',
  'in:spam': 'junk',
  'in:anywhere': 'anywhere',
};

// A field with a quoted value, a quoted phrase (the closing quote may still be missing while
// the user types), or anything else up to the next space.
const tokens = /([a-z]+):"([^"]*)"?|"([^"]*)"?|(\S+)/giu;

/**
 * Parses what the user typed: words (all must match), "quoted phrases", from:, to:, subject:,
 * has:attachment, is:unread, is:starred, in:trash, in:junk, in:anywhere. The last word is a prefix
 * while the user is still typing it (no space after it).
 */
export function parseSearchTerms(input: string): SearchTerms {
  const parsed: SearchTerms = { terms: [], unread: false, starred: false, hasAttachment: false, within: null };
  const stillTyping = !/\s$/u.test(input);
  const matches = [...input.matchAll(tokens)];

  matches.forEach((token, index) => {
    const [, quotedField, quotedValue, phrase, bare] = token;
    const isLast = index === matches.length - 1;
    if (quotedField !== undefined && quotedValue !== undefined) {
      const field = fields[quotedField.toLowerCase()];
      parsed.terms.push({
        field: field ?? null,
        text: field ? quotedValue : `${quotedField} ${quotedValue}`,
        prefix: false,
      });
    } else if (phrase !== undefined) {
      parsed.terms.push({ field: null, text: phrase, prefix: false });
    } else if (bare !== undefined) {
      const filter = bare.toLowerCase();
      if (filter === 'has:attachment' || filter === 'has:attachments') parsed.hasAttachment = true;
      else if (filter === 'is:unread') parsed.unread = true;
      else if (filter === 'is:starred' || filter === 'is:flagged') parsed.starred = true;
      else if (withinNames[filter]) parsed.within = withinNames[filter];
      else {
        const named = /^([a-z]+):(.*)$/iu.exec(bare);
        const field = named && fields[named[1]!.toLowerCase()];
        const prefix = isLast && stillTyping;
        parsed.terms.push(field ? { field, text: named[2]!, prefix } : { field: null, text: bare, prefix });
      }
    }
  });
  return parsed;
}
