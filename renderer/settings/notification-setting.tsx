import { useState } from 'react';
import { SwitchSetting } from './setting-controls';
import { useAppSettings } from './settings-context';

/** Desktop notifications for new mail; turning them on asks the system for permission. */
export function NotificationSetting() {
  const { settings, change } = useAppSettings();
  const [note, setNote] = useState<string | null>(null);

  const turn = async (notifications: boolean) => {
    setNote(null);
    try {
      if (notifications && typeof Notification !== 'undefined' && Notification.permission !== 'granted') {
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') setNote('The system does not allow notifications from Harbor Mail.');
      }
      await change({ notifications });
    } catch (reason) {
      setNote((reason as Error).message);
    }
  };

  return (
    <>
      <SwitchSetting
        label="Desktop notifications for new mail"
        description="A notice with the sender and subject when new mail arrives."
        checked={settings.notifications}
        onChange={(checked) => void turn(checked)}
      />
      {note && <p className="error">{note}</p>}
    </>
  );
}
