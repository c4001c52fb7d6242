import { AppError } from '../../shared/errors';
import type { EngineAccount } from '../mail/engine/engine-api';
import type { MailEngine } from '../mail/engine/mail-engine-client';

/** For tests of the services that do not sync mail: records which accounts would be synced. */
export function recordingMailEngine(): MailEngine & { synced: EngineAccount[][] } {
  const synced: EngineAccount[][] = [];
  return {
    synced,
    call: async (method) => {
      throw new AppError('INTERNAL', `No mail engine runs in this test (${method}).`);
    },
    setAccounts: async (accounts) => {
      synced.push(accounts);
    },
    restart: async () => undefined,
    close: async () => undefined,
  };
}
