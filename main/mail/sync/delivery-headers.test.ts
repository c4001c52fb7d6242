import { describe, expect, it } from 'vitest';
import { deliveryAddresses } from './delivery-headers';

describe('deliveryAddresses', () => {
  it('reads X-Original-To, Envelope-To, then every Delivered-To, each address once and lowercased', () => {
    const block = [
      'Delivered-To: alice@harbor.test',
      'Delivered-To: <crew-list@harbor.test>',
      'X-Original-To: Harbourmaster@Harbor.test',
      'Envelope-to: ferries@harbor.test',
      '',
      '',
    ].join('\r\n');
    expect(deliveryAddresses(block)).toEqual([
      'harbourmaster@harbor.test',
      'ferries@harbor.test',
      'alice@harbor.test',
      'crew-list@harbor.test',
    ]);
  });

  it('unfolds continued lines and splits lists', () => {
    expect(deliveryAddresses('X-Original-To: a@harbor.test,\r\n b@harbor.test\r\n')).toEqual([
      'a@harbor.test',
      'b@harbor.test',
    ]);
  });

  it('ignores other fields and text that is not an address', () => {
    expect(
      deliveryAddresses('To: bob@harbor.test\r\nDelivered-To: nobody\r\nX-Delivered-To-Note: c@harbor.test\r\n'),
    ).toEqual([]);
    expect(deliveryAddresses('')).toEqual([]);
  });
});
