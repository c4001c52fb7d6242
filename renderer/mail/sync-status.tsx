import { Fragment, useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { SyncStatus } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { RefusedCertificate } from './refused-certificate';
import { describeSyncStatus } from './sync-status-text';

/** Every account's latest sync state: loaded once, then kept current by the event. */
export function useSyncStatuses(client: Client): SyncStatus[] {
  const [statuses, setStatuses] = useState<SyncStatus[]>([]);
  useEffect(() => {
    const put = (status: SyncStatus) =>
      setStatuses((current) => [...current.filter((s) => s.accountId !== status.accountId), status]);
    let seen = false;
    const unsubscribe = client.on('mail.syncStatus', (status) => {
      seen = true;
      put(status);
    });
    client.call('mail.syncStatus', {}).then(
      // An event that arrived first is newer than this answer.
      (initial) =>
        setStatuses((current) =>
          seen ? [...initial.filter((s) => !current.some((c) => c.accountId === s.accountId)), ...current] : initial,
        ),
      () => undefined,
    );
    return unsubscribe;
  }, [client]);
  return statuses;
}

export function SyncStatusLine({
  client,
  accounts,
  statuses,
}: {
  client: Client;
  accounts: AccountSummary[];
  statuses: SyncStatus[];
}) {
  const [retryError, setRetryError] = useState<string | null>(null);
  const shown = accounts.flatMap((account) => {
    const status = statuses.find((s) => s.accountId === account.id);
    return status ? [{ account, status }] : [];
  });
  const retry = (accountId: string) => {
    setRetryError(null);
    client.call('mail.syncNow', { accountId }).catch((reason: Error) => setRetryError(reason.message));
  };

  return (
    <div className="sync-status" role="status">
      {shown.map(({ account, status }) => (
        <Fragment key={account.id}>
          <p className={`sync-line ${status.phase}`}>
            {shown.length > 1 && <span className="sync-account">{account.email}: </span>}
            {describeSyncStatus(status)}
            {(status.phase === 'offline' || status.phase === 'error') && (
              <button type="button" className="secondary small" onClick={() => retry(account.id)}>
                Retry now
              </button>
            )}
          </p>
          {status.certificate && <RefusedCertificate client={client} certificate={status.certificate} />}
        </Fragment>
      ))}
      {retryError && <p className="error">{retryError}</p>}
    </div>
  );
}
