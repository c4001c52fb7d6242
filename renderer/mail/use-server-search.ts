import { useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ServerSearchResult } from '../../shared/mail-models';

export type ServerSearchState =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; result: ServerSearchResult }
  | { kind: 'failed'; message: string };

/**
 * "Search on server" for the query shown: its state belongs to that query and scope only, and a
 * search still running when either changes is stopped on the main side (it holds IMAP sessions).
 */
export function useServerSearch(client: Client, query: string, accountId: string | undefined) {
  const key = JSON.stringify([query, accountId ?? null]);
  const [state, setState] = useState<{ key: string; state: ServerSearchState } | null>(null);
  const running = useRef<string | null>(null);

  const cancel = () => {
    if (running.current === null) return;
    running.current = null;
    void client.call('mail.cancelServerSearch', {}).catch(() => undefined);
  };
  // Runs the cleanup when the query or scope changes and when the list goes away.
  useEffect(() => cancel, [key]);

  const start = async () => {
    running.current = key;
    setState({ key, state: { kind: 'searching' } });
    try {
      const result = await client.call('mail.searchServer', { query, ...(accountId ? { accountId } : {}) });
      if (running.current !== key) return;
      running.current = null;
      setState({ key, state: result.cancelled ? { kind: 'idle' } : { kind: 'done', result } });
    } catch (reason) {
      if (running.current !== key) return;
      running.current = null;
      setState({ key, state: { kind: 'failed', message: (reason as Error).message } });
    }
  };
  const stop = () => {
    cancel();
    setState(null);
  };

  const current: ServerSearchState = state?.key === key ? state.state : { kind: 'idle' };
  return { state: current, start: () => void start(), stop };
}
