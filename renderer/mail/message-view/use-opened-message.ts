import { useEffect, useRef, useState } from 'react';
import type { Client } from '../../../shared/ipc/client';
import type { MessageDetail } from '../../../shared/mail-models';

/** Opens a message (its body fetched when not stored yet; the main side marks it read). */
export function useOpenedMessage(client: Client, messageId: number | null, onOpened: (detail: MessageDetail) => void) {
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The callback of the latest render, without opening the message again when it changes.
  const openedRef = useRef(onOpened);
  openedRef.current = onOpened;

  useEffect(() => {
    setDetail(null);
    setError(null);
    if (messageId === null) return;
    let current = true;
    client.call('mail.open', { messageId }).then(
      (opened) => {
        if (!current) return;
        setDetail(opened);
        openedRef.current(opened);
      },
      (reason: Error) => current && setError(reason.message),
    );
    return () => {
      current = false;
    };
  }, [client, messageId, attempt]);

  return { detail, error, retry: () => setAttempt((n) => n + 1) };
}
