import { describe, expect, it } from 'vitest';
import { rowPeople } from './row-people';

describe('rowPeople', () => {
  const row = {
    from: { name: 'Alice Example', address: 'alice@harbor.test' },
    to: [
      { name: 'Bob Example', address: 'bob@harbor.test' },
      { name: ' ', address: 'carol@harbor.test' },
    ],
  };

  it('names the sender in ordinary folders', () => {
    expect(rowPeople(row, false)).toBe('Alice Example');
    expect(rowPeople({ ...row, from: { name: '', address: 'alice@harbor.test' } }, false)).toBe('alice@harbor.test');
  });

  it('names the recipients, by name or else address, in Sent and Drafts', () => {
    expect(rowPeople(row, true)).toBe('To: Bob Example, carol@harbor.test');
    expect(rowPeople({ ...row, to: [] }, true)).toBe('To: (no recipients)');
  });
});
