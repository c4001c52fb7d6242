import type { Emitter, ServiceImpl } from '../../shared/ipc/serve';
import { AppError } from '../../shared/errors';
import type { AccountRepository } from '../accounts/account-repository';
import type { IdentityRepository } from '../identity/identity-repository';

type IdentityMethods = 'identities.list' | 'identities.update' | 'identities.addAlias' | 'identities.removeAlias';

/** The Accounts section of Settings: display names, signatures and aliases. */
export function createIdentityServices(context: {
  identities: IdentityRepository;
  accounts: Pick<AccountRepository, 'get'>;
  emitter: Emitter;
  now?: () => number;
}): Pick<ServiceImpl, IdentityMethods> {
  const { identities, emitter } = context;
  const now = context.now ?? Date.now;
  const changed = <T>(result: T): T => {
    emitter.emit('identities.changed', {});
    return result;
  };
  return {
    'identities.list': async () => identities.list(),
    'identities.update': async ({ id, ...changes }) => changed(identities.update(id, changes)),
    'identities.addAlias': async ({ accountId, address, name }) => {
      if (!context.accounts.get(accountId)) {
        throw new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');
      }
      return changed(identities.addAlias(accountId, address, name, now()));
    },
    'identities.removeAlias': async ({ id }) => {
      identities.removeAlias(id);
      return changed({});
    },
  };
}
