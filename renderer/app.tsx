import { Settings } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../shared/ipc/client';
import type { AccountSummary, AppInfo, SecretStorageStatus } from '../shared/models';
import { opensSettings } from './mail/keyboard-shortcuts';
import { MailView } from './mail/mail-view';
import { Onboarding } from './onboarding/onboarding';
import { SettingsProvider, useSettingsState } from './settings/settings-context';
import { SettingsDialog } from './settings/settings-dialog';
import { useIdentities } from './settings/use-identities';
import { AppearanceMenu } from './theme/appearance-menu';
import { useAppearance } from './theme/use-appearance';
import { IconButton } from './ui/icon-button';

function useAccounts(client: Client | null) {
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const reload = useCallback(() => {
    client?.call('accounts.list', {}).then(setAccounts, () => setAccounts([]));
  }, [client]);
  useEffect(() => {
    reload();
    return client?.on('accounts.changed', reload);
  }, [client, reload]);
  return accounts;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** `,` or Ctrl/Cmd+, opens Settings (unless a dialog is open already). */
function useSettingsShortcut(open: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !opensSettings(event, isTyping(event.target))) return;
      if (document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"]')) return;
      event.preventDefault();
      open();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);
}

export function App({ client }: { client: Client | null }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [secrets, setSecrets] = useState<SecretStorageStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const accounts = useAccounts(client);
  const settingsState = useSettingsState(client);
  const { settings } = settingsState;
  useAppearance(settings.appearance, settings.density);
  const identities = useIdentities(client);
  const [showingSettings, setShowingSettings] = useState(false);
  const openSettings = useCallback(() => setShowingSettings(true), []);
  useSettingsShortcut(openSettings);

  useEffect(() => {
    client
      ?.call('app.info', {})
      .then(setInfo)
      .catch((reason: Error) => setError(reason.message));
    client?.call('secrets.status', {}).then(setSecrets, () => setSecrets(null));
  }, [client]);

  if (!client) {
    return (
      <main className="app centered">
        <h1>Harbor Mail</h1>
        <p role="alert">Open the app from the address it printed when it started; this page cannot reach it.</p>
      </main>
    );
  }

  const selected = accounts?.find((account) => account.id === selectedId) ?? accounts?.[0] ?? null;
  const signedIn = (accountId: string) => {
    setSelectedId(accountId);
    setAdding(false);
    setNotice(null);
  };

  return (
    <SettingsProvider value={settingsState}>
      <div className="app">
        <header className="app-header">
          <span className="brand">Harbor Mail</span>
          {info && <span className="host-badge">{info.host === 'browser' ? 'browser host' : `v${info.version}`}</span>}
          <AppearanceMenu
            appearance={settings.appearance}
            onChoose={(appearance) => void settingsState.change({ appearance }).catch(() => undefined)}
          />
          <IconButton label="Settings" icon={Settings} onClick={openSettings} />
        </header>
        {settingsState.problem && !showingSettings && (
          <p className="warning" role="alert">
            {settingsState.problem}
          </p>
        )}
        {secrets?.warning && (
          <p className="warning" role="alert" aria-label="Keychain unavailable">
            {secrets.warning}
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {error && <p role="alert">{error}</p>}
        {accounts !== null &&
          (selected && !adding ? (
            <MailView
              client={client}
              accounts={accounts}
              selected={selected}
              onSelect={signedIn}
              onAddAccount={() => setAdding(true)}
              onSignedOut={(message) => {
                setSelectedId(null);
                setNotice(
                  message ??
                    'Signed out. Access was revoked at the provider and the account was removed from this computer.',
                );
              }}
            />
          ) : (
            <main className="onboarding-main">
              <Onboarding
                client={client}
                onSignedIn={signedIn}
                onCancel={selected ? () => setAdding(false) : undefined}
              />
            </main>
          ))}
        {showingSettings && (
          <SettingsDialog
            client={client}
            accounts={accounts ?? []}
            identities={identities}
            onClose={() => setShowingSettings(false)}
          />
        )}
      </div>
    </SettingsProvider>
  );
}
