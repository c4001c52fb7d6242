import { useEffect } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { MessageDetail } from '../../shared/mail-models';

/**
 * "Mark as read after N seconds" (Settings → Reading): an unread message that stays open that
 * long is marked read; moving on earlier leaves it unread. 0 is done by mail.open itself, null never.
 */
export function useMarkReadLater(
  client: Client,
  detail: MessageDetail | null,
  delaySeconds: number | null,
  onMarked: (messageId: number) => void,
): void {
  const messageId = detail?.id ?? null;
  const unread = detail?.unread ?? false;
  useEffect(() => {
    if (messageId === null || !unread || delaySeconds === null || delaySeconds === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      client.call('mail.setFlags', { messageIds: [messageId], unread: false }).then(
        () => current && onMarked(messageId),
        () => undefined,
      );
    }, delaySeconds * 1000);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, messageId, unread, delaySeconds, onMarked]);
}
