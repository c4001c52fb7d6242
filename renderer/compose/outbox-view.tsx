import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import { RefusedCertificate } from '../mail/refused-certificate';
import { recipientsText } from '../mail/row-people';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { outboxShown } from './outbox-attention';
import { outboxStateText } from './outbox-state-text';

function useOutbox(client: Client) {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    client.call('outbox.list', {}).then(
      (listed) => {
        setItems(outboxShown(listed));
        setError(null);
      },
      (reason: Error) => setError(reason.message),
    );
  }, [client]);
  useEffect(() => {
    reload();
    return client.on('outbox.changed', reload);
  }, [client, reload]);
  return { items, error, reload };
}

/** Deleting a message that may have reached the server: ask first, with Cancel as the default. */
function ConfirmDeletePossiblySent({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title="Delete this message?"
      actions={[{ label: 'Delete', tone: 'danger', onSelect: onConfirm }]}
      onCancel={onCancel}
    >
      <p>It may have been sent already. Deleting it here does not recall it; it only leaves the outbox.</p>
    </ConfirmDialog>
  );
}

const editable = new Set<OutboxItem['state']>(['retrying', 'failed', 'possiblySent']);

/** Messages on their way out, each with its state, and Send now / Edit / Delete. Live. */
export function OutboxView({ client, onEdit }: { client: Client; onEdit: (draftId: number) => void }) {
  const { items, error, reload } = useOutbox(client);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<OutboxItem | null>(null);

  const act = async (run: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await run();
    } catch (reason) {
      setProblem((reason as Error).message);
    }
    reload();
  };
  const sendNow = (item: OutboxItem) => act(() => client.call('outbox.sendNow', { outboxId: item.id }));
  const remove = (item: OutboxItem) => act(() => client.call('outbox.delete', { outboxId: item.id }));
  const edit = (item: OutboxItem) =>
    act(async () => {
      const { draftId } = await client.call('outbox.edit', { outboxId: item.id });
      if (draftId === null) setProblem('It can no longer be edited: it is being sent.');
      else onEdit(draftId);
    });

  return (
    <section className="outbox-view" aria-label="Outbox">
      <h2 className="list-heading">Outbox</h2>
      {error && (
        <p role="alert">
          {error}{' '}
          <button type="button" className="secondary small" onClick={reload}>
            Retry
          </button>
        </p>
      )}
      {problem && <p role="alert">{problem}</p>}
      {items === null && !error && <p className="quiet">Loading the outbox…</p>}
      {items?.length === 0 && <p className="quiet">Nothing waiting to be sent.</p>}
      {items && items.length > 0 && (
        <ul className="outbox-items">
          {items.map((item) => (
            <li key={item.id} className={`outbox-item ${item.state}`} aria-label={item.subject || '(no subject)'}>
              <div className="outbox-subject">{item.subject || '(no subject)'}</div>
              <div className="outbox-to">{recipientsText(item.to)}</div>
              <div className="outbox-state">{outboxStateText(item)}</div>
              {item.error?.refusedRecipients.length ? (
                <div className="outbox-refused">Refused: {item.error.refusedRecipients.join(', ')}</div>
              ) : null}
              {item.certificate && (
                <RefusedCertificate
                  client={client}
                  certificate={item.certificate}
                  onTrusted={() => void sendNow(item)}
                />
              )}
              <div className="outbox-actions" role="group" aria-label="Outbox actions">
                {item.state !== 'sending' && (
                  <button type="button" className="secondary small" onClick={() => void sendNow(item)}>
                    Send now
                  </button>
                )}
                {editable.has(item.state) && (
                  <button type="button" className="secondary small" onClick={() => void edit(item)}>
                    Edit
                  </button>
                )}
                {item.state !== 'sending' && (
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => (item.state === 'possiblySent' ? setConfirming(item) : void remove(item))}
                  >
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <ConfirmDeletePossiblySent
          onConfirm={() => {
            const item = confirming;
            setConfirming(null);
            void remove(item);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
