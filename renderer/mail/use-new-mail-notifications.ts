import { useEffect } from 'react';
import type { Client } from '../../shared/ipc/client';

/**
 * A desktop notification for new mail, when the person turned them on and the system allows
 * them. Title and body are plain text: a notification never renders HTML.
 */
export function useNewMailNotifications(client: Client): void {
  useEffect(
    () =>
      client.on('mail.newMail', ({ count, latest }) => {
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
        client.call('settings.get', {}).then(
          ({ notifications }) => {
            if (!notifications) return;
            const more = count > 1 ? ` (and ${count - 1} more)` : '';
            new Notification('New mail', { body: `${latest.from}: ${latest.subject}${more}` });
          },
          () => undefined,
        );
      }),
    [client],
  );
}
