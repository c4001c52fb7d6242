import type { Identity } from '../../shared/identity-models';
import type { Address } from '../../shared/mail-models';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface AddressedMessage {
  from: Address;
  to: Address[];
  cc: Address[];
}

/**
 * The identity the message names: its sender (the person's own message, in Sent keeps that one),
 * then To, then Cc, then the envelope recipients its delivery headers recorded (`deliveredTo`,
 * for mail that reached an alias through a list or a Bcc). Null when none of them is one of ours.
 */
export function addressedIdentity(
  identities: Identity[],
  original: AddressedMessage,
  deliveredTo: readonly string[] = [],
): Identity | null {
  const candidates = [
    original.from.address,
    ...original.to.map((each) => each.address),
    ...original.cc.map((each) => each.address),
    ...deliveredTo,
  ];
  for (const address of candidates) {
    const match = identities.find((identity) => address && same(identity.address, address));
    if (match) return match;
  }
  return null;
}

/** The identity a reply or forward is sent from: the addressed one, else the account's own address. */
export function chooseIdentity(
  identities: Identity[],
  original: AddressedMessage,
  deliveredTo: readonly string[] = [],
): Identity | null {
  return (
    addressedIdentity(identities, original, deliveredTo) ??
    identities.find((identity) => identity.primary) ??
    identities[0] ??
    null
  );
}
