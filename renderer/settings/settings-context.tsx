import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { defaultAppSettings, type AppSettings } from '../../shared/app-settings';
import type { Client } from '../../shared/ipc/client';

export interface SettingsState {
  settings: AppSettings;
  /** False until the store answered; the defaults stand in until then. */
  loaded: boolean;
  /** Stores the changes; the returned promise rejects with the store's reason. */
  change: (changes: Partial<AppSettings>) => Promise<AppSettings>;
  problem: string | null;
}

const SettingsContext = createContext<SettingsState>({
  settings: defaultAppSettings,
  loaded: false,
  change: async () => defaultAppSettings,
  problem: null,
});

/** The preferences as the store holds them, loaded once and changed through settings.set. */
export function useSettingsState(client: Client | null): SettingsState {
  const [settings, setSettings] = useState<AppSettings>(defaultAppSettings);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client?.call('settings.get', {}).then(
      (stored) => {
        setSettings({ ...defaultAppSettings, ...stored });
        setLoaded(true);
      },
      (reason: Error) => setProblem(reason.message),
    );
  }, [client]);

  const change = useCallback(
    async (changes: Partial<AppSettings>) => {
      if (!client) return defaultAppSettings;
      setProblem(null);
      try {
        const stored = { ...defaultAppSettings, ...(await client.call('settings.set', changes)) };
        setSettings(stored);
        return stored;
      } catch (reason) {
        setProblem(`The setting was not changed: ${(reason as Error).message}`);
        throw reason;
      }
    },
    [client],
  );

  return useMemo(() => ({ settings, loaded, change, problem }), [settings, loaded, change, problem]);
}

export const SettingsProvider = SettingsContext.Provider;

/** The preferences anywhere below the app; the defaults where no provider is (tests of one pane). */
export function useAppSettings(): SettingsState {
  return useContext(SettingsContext);
}
