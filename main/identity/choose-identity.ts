import type { Identity } from '../../shared/identity-models';
import type { Address } from '../../shared/mail-models';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The identity a reply or forward is sent from: the one the original was addressed to (To first,
 * then Cc); a message sent from one of them (the person's own, in Sent) keeps that one; else the
 * account's own address. (The store keeps no Delivered-To, which would catch a Bcc to an alias.)
 */
export function chooseIdentity(
  identities: Identity[],
  original: { from: Address; to: Address[]; cc: Address[] },
): Identity | null {
  const candidates = [
    original.from.address,
    ...original.to.map((each) => each.address),
    ...original.cc.map((each) => each.address),
  ];
  for (const address of candidates) {
    const match = identities.find((identity) => address && same(identity.address, address));
    if (match) return match;
  }
  return identities.find((identity) => identity.primary) ?? identities[0] ?? null;
}
