import { createElement, type ReactNode } from 'react';
import type { Client } from '../../shared/ipc/client';
import { SettingsProvider, useSettingsState } from './settings-context';

/** The app settings as App provides them: read through `client`'s settings.get, changed through settings.set. */
export function WithAppSettings({ client, children }: { client: Client; children: ReactNode }) {
  return createElement(SettingsProvider, { value: useSettingsState(client) }, children);
}
