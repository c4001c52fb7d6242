import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/identity-models';
import { addressedIdentity, chooseIdentity } from './choose-identity';

const identity = (id: number, address: string, primary = false): Identity => ({
  id,
  accountId: 'sandbox:alice@harbor.test',
  address,
  name: '',
  primary,
  signature: { format: 'plain', text: '', html: '' },
});
const own = identity(1, 'alice@harbor.test', true);
const alias = identity(2, 'harbourmaster@harbor.test');
const other = identity(3, 'ferries@harbor.test');
const identities = [own, alias, other];
const person = (address: string) => ({ name: '', address });

describe('chooseIdentity', () => {
  it('answers from the alias the message was sent to, whatever its case', () => {
    const chosen = chooseIdentity(identities, {
      from: person('bob@harbor.test'),
      to: [person('HarbourMaster@Harbor.test')],
      cc: [],
    });
    expect(chosen).toBe(alias);
  });

  it('prefers To over Cc', () => {
    const message = {
      from: person('bob@harbor.test'),
      to: [person('ferries@harbor.test')],
      cc: [person('alice@harbor.test')],
    };
    expect(chooseIdentity(identities, message)).toBe(other);
    expect(chooseIdentity(identities, { ...message, to: [person('carol@harbor.test')] })).toBe(own);
  });

  it("keeps the identity of the person's own sent message", () => {
    expect(
      chooseIdentity(identities, { from: person('ferries@harbor.test'), to: [person('bob@harbor.test')], cc: [] }),
    ).toBe(other);
  });

  it("falls back to the account's own address when none matches (a list, a Bcc)", () => {
    expect(
      chooseIdentity(identities, { from: person('bob@harbor.test'), to: [person('crew@harbor.test')], cc: [] }),
    ).toBe(own);
    expect(chooseIdentity([], { from: person('bob@harbor.test'), to: [], cc: [] })).toBeNull();
  });

  it('answers from the alias the delivery headers name when To and Cc name none of ours (a list, a Bcc)', () => {
    const viaList = { from: person('bob@harbor.test'), to: [person('crew@harbor.test')], cc: [] };
    expect(chooseIdentity(identities, viaList, ['crew@harbor.test', 'HarbourMaster@harbor.test'])).toBe(alias);
    expect(addressedIdentity(identities, viaList)).toBeNull();
    expect(addressedIdentity(identities, viaList, ['ferries@harbor.test'])).toBe(other);
    // To and Cc still come first.
    const toAlias = { ...viaList, to: [person('harbourmaster@harbor.test')] };
    expect(chooseIdentity(identities, toAlias, ['ferries@harbor.test'])).toBe(alias);
    expect(chooseIdentity(identities, viaList, ['someone@elsewhere.test'])).toBe(own);
  });
});
