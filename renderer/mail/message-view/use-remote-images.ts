import { useCallback, useEffect, useState } from 'react';
import { IpcError, type Client } from '../../../shared/ipc/client';

export interface RemoteImages {
  /** Remote URL -> data: URL fetched by the main side. */
  loaded: Record<string, string>;
  /** True once the user (or the sender preference) allowed this message's images. */
  allowed: boolean;
  loading: boolean;
  error: string | null;
  loadOnce: () => void;
  alwaysLoad: () => void;
}

const maxUrlsPerCall = 100;

function plainWords(failure: unknown, fallback: string): string {
  return failure instanceof IpcError ? failure.message : fallback;
}

/** Remote images of one message; nothing is fetched until allowed, and then only by main. */
export function useRemoteImages(
  client: Client,
  messageId: number,
  urls: readonly string[],
  allowedForSender: boolean,
): RemoteImages {
  const [allowed, setAllowed] = useState(allowedForSender);
  const [loaded, setLoaded] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = urls.filter((url) => !(url in loaded)).slice(0, maxUrlsPerCall);
  const pendingKey = pending.join('\n');

  useEffect(() => {
    if (!allowed || pendingKey === '') return;
    let current = true;
    setLoading(true);
    client
      .call('mail.remoteImages', { messageId, urls: pendingKey.split('\n') })
      .then(({ images }) => {
        if (!current) return;
        // URLs the main side could not fetch keep their placeholder and are not asked for again.
        const answered = Object.fromEntries(pendingKey.split('\n').map((url) => [url, images[url] ?? '']));
        setLoaded((previous) => ({ ...previous, ...answered }));
        setLoading(false);
      })
      .catch((failure: unknown) => {
        if (!current) return;
        setError(plainWords(failure, 'The remote images could not be loaded.'));
        setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [allowed, pendingKey, client, messageId]);

  const loadOnce = useCallback(() => {
    setError(null);
    setAllowed(true);
  }, []);

  const alwaysLoad = useCallback(() => {
    setError(null);
    client
      .call('mail.allowRemoteContent', { messageId })
      .then(() => setAllowed(true))
      .catch((failure: unknown) => setError(plainWords(failure, 'That choice could not be saved.')));
  }, [client, messageId]);

  return { loaded, allowed, loading, error, loadOnce, alwaysLoad };
}
