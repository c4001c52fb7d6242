import { useCallback, useEffect, useState } from 'react';
import type { Appearance } from '../../shared/app-settings';
import type { Client } from '../../shared/ipc/client';
import { applyTheme, watchSystemTheme } from './apply-theme';

/**
 * The appearance preference as the store holds it, applied to the page. Until the store answers,
 * and when it cannot, the page follows the system.
 */
export function useAppearance(client: Client | null) {
  const [appearance, setAppearance] = useState<Appearance>('system');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client?.call('settings.get', {}).then(
      (settings) => setAppearance(settings.appearance),
      (reason: Error) => setProblem(reason.message),
    );
  }, [client]);

  useEffect(() => {
    applyTheme(appearance);
    if (appearance !== 'system') return;
    return watchSystemTheme(() => applyTheme('system'));
  }, [appearance]);

  const choose = useCallback(
    async (next: Appearance) => {
      if (!client) return;
      setProblem(null);
      try {
        setAppearance((await client.call('settings.set', { appearance: next })).appearance);
      } catch (reason) {
        setProblem(`The appearance was not changed: ${(reason as Error).message}`);
      }
    },
    [client],
  );

  return { appearance, choose, problem };
}
