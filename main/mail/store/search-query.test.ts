import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('finds nothing to search in an empty or blank query', () => {
    expect(parseSearchQuery('')).toBeNull();
    expect(parseSearchQuery('   ')).toBeNull();
    expect(parseSearchQuery('" * ^ -')).toBeNull();
  });

  it('requires every word, the last one as a prefix while it is being typed', () => {
    expect(parseSearchQuery('budget meet')?.match).toBe('"budget" "meet"*');
    expect(parseSearchQuery('budget meet ')?.match).toBe('"budget" "meet"');
  });

  it('keeps quoted phrases whole, even while the closing quote is missing', () => {
    expect(parseSearchQuery('"board meeting" notes ')?.match).toBe('"board meeting" "notes"');
    expect(parseSearchQuery('"board meet')?.match).toBe('"board meet"');
  });

  it('splits runs of Chinese, Japanese and Korean letters as the index does', () => {
    // A run that ends the phrase may go on in the message: bigrams only, or a prefix for one character.
    expect(parseSearchQuery('世界人権 ')?.match).toBe('"世界 界人 人権"');
    expect(parseSearchQuery('権 ')?.match).toBe('"権"*');
    // A run followed by other letters ends there in the message too.
    expect(parseSearchQuery('目的Windows ')?.match).toBe('"目的 的 Windows"');
    expect(parseSearchQuery('subject:대한민국 ')?.match).toBe('subject : "대한 한민 민국"');
  });

  it('maps from:, to: and subject: to their columns', () => {
    expect(parseSearchQuery('from:alice@harbor.test to:"Bob Smith" subject:plan')?.match).toBe(
      'sender : "alice@harbor.test" recipients : "Bob Smith" subject : "plan"*',
    );
    expect(parseSearchQuery('From:alice ')?.match).toBe('sender : "alice"');
    // An unknown field is just text.
    expect(parseSearchQuery('label:work ')?.match).toBe('"label:work"');
  });

  it('turns has:attachment, is:unread and is:starred into filters', () => {
    expect(parseSearchQuery('has:attachment is:unread')).toEqual({
      match: null,
      unread: true,
      starred: false,
      hasAttachment: true,
    });
    expect(parseSearchQuery('report is:starred')).toEqual({
      match: '"report"',
      unread: false,
      starred: true,
      hasAttachment: false,
    });
  });

  it('escapes FTS5 syntax so that no input makes the index fail', () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5 (subject, sender, recipients, body, tokenize = 'unicode61', prefix = '2 3')",
    );
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('NEAR the end', 'a@b.c', '', 'x - y ^ z');
    const search = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck();
    const hostile = [
      '"',
      '""',
      '*',
      'a*',
      'NEAR(',
      'NEAR(a b, 2)',
      '"世界"*',
      '日*本',
      'a OR b',
      'NOT a',
      'AND',
      '-a',
      ':',
      'a:b',
      '^a',
      'subject:',
      'from:"',
      'from:(x',
      '{subject}: a',
      '(a',
      'a)',
      'a + b',
      "it's",
      'é',
      '你好',
      '\u0000',
      'a"b',
      '"a" "b',
    ];
    for (const input of hostile) {
      const query = parseSearchQuery(input);
      if (query?.match) expect(() => search.get(query.match), input).not.toThrow();
    }
    expect(search.get(parseSearchQuery('NEAR(')!.match)).toBe(1);
    db.close();
  });
});
