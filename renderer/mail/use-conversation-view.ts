import { useCallback, useEffect, useState } from 'react';
import { defaultAppSettings } from '../../shared/app-settings';
import type { Client } from '../../shared/ipc/client';

/** The `conversationView` setting: one list row per conversation, or one per message. */
export function useConversationView(client: Client) {
  const [conversations, setConversations] = useState(defaultAppSettings.conversationView);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.call('settings.get', {}).then(
      (settings) => {
        if (!current) return;
        setConversations(settings.conversationView);
        setLoaded(true);
      },
      (reason: Error) => current && setError(reason.message),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const change = useCallback(
    async (next: boolean) => {
      setError(null);
      setConversations(next);
      try {
        setConversations((await client.call('settings.set', { conversationView: next })).conversationView);
      } catch (reason) {
        setConversations(!next);
        setError((reason as Error).message);
      }
    },
    [client],
  );

  return { conversations, loaded, change, error };
}
