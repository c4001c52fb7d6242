import { useCallback, useState } from 'react';
import type { ComposeStartInput, Draft, ReaderDates, SendResult } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary } from '../../shared/models';
import { Composer } from './composer';
import './compose.css';
import { SendToast } from './send-toast';

/** The person's locale and time zone, so a reply's "On <date>" reads as their own clock does. */
function readerDates(): ReaderDates {
  const { locale, timeZone } = new Intl.DateTimeFormat().resolvedOptions();
  return { locale, timeZone };
}

/**
 * The composer's place in the window: one draft open at a time, started fresh, as a reply or
 * forward, or resumed; and the toast that offers Undo while a sent message waits.
 */
export function useCompose(client: Client, accounts: AccountSummary[]) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState<SendResult | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const open = useCallback(async (load: () => Promise<Draft>) => {
    setProblem(null);
    try {
      setDraft(await load());
    } catch (reason) {
      setProblem(`The composer could not open: ${(reason as Error).message}`);
    }
  }, []);
  const start = useCallback(
    (input: ComposeStartInput) =>
      void open(() => client.call('compose.start', input.mode === 'new' ? input : { ...input, dates: readerDates() })),
    [client, open],
  );
  const resume = useCallback(
    (draftId: number) => void open(() => client.call('compose.get', { draftId })),
    [client, open],
  );
  /** A message in the server's Drafts folder, in the composer. */
  const editServerDraft = useCallback(
    (messageId: number) => open(() => client.call('compose.openServerDraft', { messageId })),
    [client, open],
  );
  /** Whatever was saved stays; a draft nothing was done to goes (the main side decides which). */
  const closed = useCallback(
    (draftId: number) => {
      setDraft(null);
      client.call('compose.close', { draftId }).catch(() => undefined);
    },
    [client],
  );

  const undo = async (sent: SendResult) => {
    setSending(null);
    try {
      const { draftId } = await client.call('outbox.undo', { outboxId: sent.outboxId });
      if (draftId === null) setNote('Too late to undo: the message is on its way.');
      else resume(draftId);
    } catch (reason) {
      setNote(`Could not undo: ${(reason as Error).message}`);
    }
  };
  const dismiss = useCallback(() => {
    setSending(null);
    setNote(null);
  }, []);

  const view = (
    <>
      {problem && (
        <p className="compose-open-problem" role="alert">
          {problem}
        </p>
      )}
      {draft && (
        <Composer
          key={draft.id}
          client={client}
          accounts={accounts}
          draft={draft}
          onClose={() => closed(draft.id)}
          onSent={(result) => {
            setDraft(null);
            setNote(null);
            setSending(result);
          }}
        />
      )}
      <SendToast sending={sending} note={note} onUndo={(sent) => void undo(sent)} onDismiss={dismiss} />
    </>
  );

  /** Undo of the send that is still waiting, for the `z` shortcut; null when there is none. */
  const undoSend = sending ? () => void undo(sending) : null;

  return { start, resume, editServerDraft, openDraftId: draft?.id ?? null, undoSend, view };
}
