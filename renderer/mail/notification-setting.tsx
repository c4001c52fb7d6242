import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';

/** The "Desktop notifications for new mail" checkbox; turning it on asks the system for permission. */
export function NotificationSetting({ client }: { client: Client }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    client.call('settings.get', {}).then(
      (settings) => setEnabled(settings.notifications),
      (reason: Error) => setNote(reason.message),
    );
  }, [client]);

  const change = async (notifications: boolean) => {
    setNote(null);
    try {
      if (notifications && typeof Notification !== 'undefined' && Notification.permission !== 'granted') {
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') setNote('The system does not allow notifications from Harbor Mail.');
      }
      setEnabled((await client.call('settings.set', { notifications })).notifications);
    } catch (reason) {
      setNote((reason as Error).message);
    }
  };

  return (
    <div className="notification-setting">
      <label>
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          onChange={(event) => void change(event.target.checked)}
        />{' '}
        Desktop notifications for new mail
      </label>
      {note && <p className="error">{note}</p>}
    </div>
  );
}
