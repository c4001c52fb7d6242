import { useCallback, useEffect, useState } from 'react';
import type { DraftSummary } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import { recipientsText } from '../mail/row-people';

/** Local drafts kept from before (a closed composer, a restart, a crash), each with "Resume draft". */
export function DraftsList({
  client,
  openDraftId,
  onResume,
}: {
  client: Client;
  /** The draft open in the composer now, left out of the list. */
  openDraftId: number | null;
  onResume: (draftId: number) => void;
}) {
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const reload = useCallback(() => {
    client.call('compose.drafts', {}).then(setDrafts, () => undefined);
  }, [client]);
  useEffect(() => {
    reload();
    return client.on('compose.draftsChanged', reload);
  }, [client, reload]);

  const shown = drafts.filter((draft) => draft.id !== openDraftId);
  if (shown.length === 0) return null;
  return (
    <section className="drafts-list" aria-label="Unsent drafts">
      <h3 className="folder-account">Unsent drafts</h3>
      <ul>
        {shown.map((draft) => {
          const subject = draft.subject || '(no subject)';
          return (
            <li key={draft.id}>
              <button
                type="button"
                className="folder"
                aria-label={`Resume draft: ${subject}`}
                aria-describedby={`draft-recipients-${draft.id}`}
                onClick={() => onResume(draft.id)}
              >
                <span className="folder-name">{subject}</span>
                <span className="draft-recipients" id={`draft-recipients-${draft.id}`}>
                  {recipientsText(draft.to)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
