import { describe, expect, it } from 'vitest';
import { hueOf, initialsOf } from './avatar';

describe('initials avatars', () => {
  it('takes the first letters of the first and last name', () => {
    expect(initialsOf({ name: 'Bob Example', address: 'bob@harbor.test' })).toBe('BE');
    expect(initialsOf({ name: 'Ana María de la Peña', address: 'ana@harbor.test' })).toBe('AP');
    expect(initialsOf({ name: 'Émile', address: 'emile@harbor.test' })).toBe('É');
  });

  it('falls back to the address when there is no name, and to a question mark without either', () => {
    expect(initialsOf({ name: '', address: 'carol@harbor.test' })).toBe('C');
    expect(initialsOf({ name: '"42"', address: '9lives@harbor.test' })).toBe('9');
    expect(initialsOf({ name: '', address: '' })).toBe('?');
  });

  it('gives an address the same hue whatever its case', () => {
    expect(hueOf('Bob@Harbor.test')).toBe(hueOf('bob@harbor.test'));
    expect(hueOf('bob@harbor.test')).toBeGreaterThanOrEqual(0);
    expect(hueOf('bob@harbor.test')).toBeLessThan(360);
  });
});
