import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../../shared/ipc/client';
import type { MessageDetail } from '../../../shared/mail-models';
import { useAppSettings } from '../../settings/settings-context';
import { useMarkReadLater } from '../use-mark-read-later';

/**
 * Opens a message (its body fetched when not stored yet). It is marked read at once, after the
 * seconds Settings → Reading asks for, or never; `onRead` is told when it is.
 */
export function useOpenedMessage(client: Client, messageId: number | null, onRead: (detail: MessageDetail) => void) {
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { markReadAfterSeconds } = useAppSettings().settings;
  const markAtOnce = markReadAfterSeconds === 0;
  // The callback of the latest render, without opening the message again when it changes.
  const readRef = useRef(onRead);
  readRef.current = onRead;

  useEffect(() => {
    setDetail(null);
    setError(null);
    if (messageId === null) return;
    let current = true;
    client.call('mail.open', { messageId, markRead: markAtOnce }).then(
      (opened) => {
        if (!current) return;
        setDetail(opened);
        if (markAtOnce) readRef.current(opened);
      },
      (reason: Error) => current && setError(reason.message),
    );
    return () => {
      current = false;
    };
    // A changed setting applies from the next message opened, not by opening this one again.
  }, [client, messageId, attempt]);

  const shownRef = useRef(detail);
  shownRef.current = detail;
  const markedLater = useCallback(() => {
    const shown = shownRef.current;
    if (!shown) return;
    const read = { ...shown, unread: false };
    setDetail(read);
    readRef.current(read);
  }, []);
  useMarkReadLater(client, detail, markReadAfterSeconds, markedLater);

  return { detail, error, retry: () => setAttempt((n) => n + 1) };
}
