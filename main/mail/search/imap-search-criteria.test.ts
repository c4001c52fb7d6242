import { describe, expect, it } from 'vitest';
import { imapSearchCriteria } from './imap-search-criteria';
import { parseSearchTerms } from './search-terms';

const criteria = (query: string, gmail = false) => imapSearchCriteria(parseSearchTerms(query), query, gmail);

describe('imapSearchCriteria', () => {
  it('maps from:, to: and subject: to FROM, TO and SUBJECT, and words to TEXT, all required', () => {
    expect(criteria('from:zoe@finance.test')).toEqual({ from: 'zoe@finance.test' });
    expect(criteria('to:"Budget Team" subject:plan quarterly')).toEqual({
      to: 'Budget Team',
      or: [{ subject: 'plan', or: [{ text: 'quarterly' }] }],
    });
    expect(criteria('"board meeting" notes')).toEqual({ text: 'board meeting', or: [{ text: 'notes' }] });
  });

  it('maps is:unread and is:starred to UNSEEN and FLAGGED; in: chooses folders, not criteria', () => {
    expect(criteria('is:unread is:starred in:anywhere report')).toEqual({
      text: 'report',
      or: [{ seen: false, or: [{ flagged: true }] }],
    });
    expect(criteria('in:trash')).toEqual({ all: true });
  });

  it('hands the query as typed to a Gmail server with X-GM-RAW', () => {
    expect(criteria(' from:zoe has:attachment budget ', true)).toEqual({ gmraw: 'from:zoe has:attachment budget' });
  });
});
