import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary } from '../../shared/mail-models';

/**
 * Every account's folders with their counts, loaded again whenever stored mail changes, an
 * account comes or goes, or the mail engine starts again. Only the newest load's answer is shown,
 * so a slow older answer never puts stale counts back.
 */
export function useFolders(client: Client) {
  const [folders, setFolders] = useState<FolderSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    client.call('mail.folders', {}).then(
      (result) => {
        if (request !== latest.current) return;
        setFolders(result);
        setError(null);
      },
      (reason: Error) => {
        if (request === latest.current) setError(reason.message);
      },
    );
  }, [client]);

  useEffect(() => {
    reload();
    const stops = [
      client.on('mail.changed', reload),
      client.on('accounts.changed', reload),
      client.on('mail.engineState', ({ state }) => state === 'running' && reload()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [client, reload]);

  return { folders, error, reload };
}
