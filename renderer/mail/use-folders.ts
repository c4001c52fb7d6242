import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary } from '../../shared/mail-models';

/** Every account's folders with their counts, loaded again whenever stored mail changes. */
export function useFolders(client: Client) {
  const [folders, setFolders] = useState<FolderSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    client.call('mail.folders', {}).then(
      (result) => {
        setFolders(result);
        setError(null);
      },
      (reason: Error) => setError(reason.message),
    );
  }, [client]);

  useEffect(() => {
    reload();
    return client.on('mail.changed', reload);
  }, [client, reload]);

  return { folders, error, reload };
}
