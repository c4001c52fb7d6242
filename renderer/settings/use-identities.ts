import { useCallback, useEffect, useState } from 'react';
import type { Identity } from '../../shared/identity-models';
import type { Client } from '../../shared/ipc/client';

/** Every account's identities, reloaded when they or the accounts change. */
export function useIdentities(client: Client | null): Identity[] {
  const [identities, setIdentities] = useState<Identity[]>([]);
  const reload = useCallback(() => {
    client?.call('identities.list', {}).then(setIdentities, () => setIdentities([]));
  }, [client]);
  useEffect(() => {
    reload();
    if (!client) return;
    const offIdentities = client.on('identities.changed', reload);
    const offAccounts = client.on('accounts.changed', reload);
    return () => {
      offIdentities();
      offAccounts();
    };
  }, [client, reload]);
  return identities;
}
