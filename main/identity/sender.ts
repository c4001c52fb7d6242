import { AppError } from '../../shared/errors';
import type { Account } from '../accounts/account-repository';
import type { Sender } from '../mail/compose/build-message';
import type { IdentityReader } from './identity-repository';

/**
 * Who a draft goes out as: the identity it names (the account's own when none), with its name in
 * From; the envelope stays the signed-in address, which is what submission servers accept.
 */
export function senderOf(identities: IdentityReader, account: Account, from: string | null): Sender {
  const identity = identities.find(account.id, from);
  if (identity) return { email: identity.address, displayName: identity.name || null, accountEmail: account.email };
  if (from !== null && from.toLowerCase() !== account.email.toLowerCase()) {
    throw new AppError('INVALID_INPUT', `${from} is no longer an address you send from. Choose another From.`);
  }
  return { email: account.email, displayName: account.displayName, accountEmail: account.email };
}
