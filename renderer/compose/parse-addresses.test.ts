import { describe, expect, it } from 'vitest';
import { addressLabel, parseAddress, parseAddressList } from './parse-addresses';

describe('parseAddress', () => {
  it('reads bare and named addresses', () => {
    expect(parseAddress(' bob@example.test ')).toEqual({ name: '', address: 'bob@example.test' });
    expect(parseAddress('"Bob B." <bob@example.test>')).toEqual({ name: 'Bob B.', address: 'bob@example.test' });
    expect(parseAddress('Bob <bob@example.test>')).toEqual({ name: 'Bob', address: 'bob@example.test' });
  });

  it('refuses what is not an address', () => {
    expect(parseAddress('bob')).toBeNull();
    expect(parseAddress('bob@')).toBeNull();
    expect(parseAddress('<script>@x')).toBeNull();
  });
});

describe('parseAddressList', () => {
  it('splits a pasted list and keeps the rest as text', () => {
    expect(parseAddressList('a@example.test, nope; B <b@example.test>')).toEqual({
      addresses: [
        { name: '', address: 'a@example.test' },
        { name: 'B', address: 'b@example.test' },
      ],
      rest: 'nope',
    });
    expect(addressLabel({ name: 'B', address: 'b@example.test' })).toBe('B <b@example.test>');
  });
});
