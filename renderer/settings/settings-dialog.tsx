import * as Dialog from '@radix-ui/react-dialog';
import * as Tabs from '@radix-ui/react-tabs';
import { Bell, BookOpen, Keyboard, Palette, PenLine, UserRound, X, type LucideIcon } from 'lucide-react';
import { markReadDelays, undoSendDelays, type AppSettings } from '../../shared/app-settings';
import type { Identity } from '../../shared/identity-models';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary } from '../../shared/models';
import { ShortcutsTable } from '../mail/shortcuts-table';
import { Avatar } from '../ui/avatar';
import { IconButton } from '../ui/icon-button';
import { AliasForm } from './alias-form';
import { IdentityEditor } from './identity-editor';
import { NotificationSetting } from './notification-setting';
import { ChoiceSetting, SelectSetting, SwitchSetting } from './setting-controls';
import { useAppSettings } from './settings-context';
import './settings.css';

const sections: { value: string; label: string; icon: LucideIcon }[] = [
  { value: 'accounts', label: 'Accounts', icon: UserRound },
  { value: 'reading', label: 'Reading', icon: BookOpen },
  { value: 'writing', label: 'Writing', icon: PenLine },
  { value: 'notifications', label: 'Notifications', icon: Bell },
  { value: 'appearance', label: 'Appearance', icon: Palette },
  { value: 'shortcuts', label: 'Keyboard shortcuts', icon: Keyboard },
];

const seconds = (n: number) => (n === 0 ? 'At once' : `After ${n} second${n === 1 ? '' : 's'}`);

function AccountsSection({
  client,
  accounts,
  identities,
}: {
  client: Client;
  accounts: AccountSummary[];
  identities: Identity[];
}) {
  if (accounts.length === 0) return <p className="quiet">Add an account to set its name and signature.</p>;
  return (
    <>
      {accounts.map((account) => {
        const own = identities.filter((identity) => identity.accountId === account.id);
        return (
          <section key={account.id} className="settings-account" aria-label={`Account ${account.email}`}>
            <h3 className="settings-account-head">
              <Avatar person={{ name: account.displayName ?? '', address: account.email }} />
              <span>{account.email}</span>
            </h3>
            {own.map((identity) => (
              <IdentityEditor key={identity.id} client={client} identity={identity} />
            ))}
            <AliasForm client={client} accountId={account.id} />
          </section>
        );
      })}
    </>
  );
}

function ReadingSection() {
  const { settings, change } = useAppSettings();
  const set = (changes: Partial<AppSettings>) => void change(changes).catch(() => undefined);
  return (
    <>
      <SwitchSetting
        label="Group messages into conversations"
        description="One row per conversation in the message list; off shows one row per message."
        checked={settings.conversationView}
        onChange={(conversationView) => set({ conversationView })}
      />
      <SelectSetting
        label="Mark as read"
        description="How long a message stays open before it counts as read."
        value={settings.markReadAfterSeconds === null ? 'never' : String(settings.markReadAfterSeconds)}
        choices={[
          ...markReadDelays.map((n) => ({ value: String(n), label: seconds(n) })),
          { value: 'never', label: 'Never on opening' },
        ]}
        onChange={(value) => set({ markReadAfterSeconds: value === 'never' ? null : Number(value) })}
      />
      <ChoiceSetting
        label="Remote content"
        description="Images from the web can tell a sender when and where you read. Loading always goes through Harbor Mail."
        value={settings.remoteContent}
        choices={[
          { value: 'ask', label: 'Ask first' },
          { value: 'load', label: 'Always load' },
        ]}
        onChange={(remoteContent) => set({ remoteContent })}
      />
    </>
  );
}

function WritingSection() {
  const { settings, change } = useAppSettings();
  const set = (changes: Partial<AppSettings>) => void change(changes).catch(() => undefined);
  return (
    <>
      <ChoiceSetting
        label="New messages start as"
        value={settings.composeFormat}
        choices={[
          { value: 'rich', label: 'Rich text' },
          { value: 'plain', label: 'Plain text' },
        ]}
        onChange={(composeFormat) => set({ composeFormat })}
      />
      <SelectSetting
        label="Undo send"
        description="How long a sent message waits in the Outbox, so Undo can take it back."
        value={String(settings.undoSendSeconds)}
        choices={undoSendDelays.map((n) => ({ value: String(n), label: n === 0 ? 'Off' : `${n} seconds` }))}
        onChange={(value) => set({ undoSendSeconds: Number(value) })}
      />
      <ChoiceSetting
        label="When replying, write"
        value={settings.quotePosition}
        choices={[
          { value: 'top', label: 'Above the quote' },
          { value: 'bottom', label: 'Below the quote' },
        ]}
        onChange={(quotePosition) => set({ quotePosition })}
      />
    </>
  );
}

function AppearanceSection() {
  const { settings, change } = useAppSettings();
  const set = (changes: Partial<AppSettings>) => void change(changes).catch(() => undefined);
  return (
    <>
      <ChoiceSetting
        label="Theme"
        value={settings.appearance}
        choices={[
          { value: 'system', label: 'Match the system' },
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
        onChange={(appearance) => set({ appearance })}
      />
      <ChoiceSetting
        label="Density"
        description="Compact fits more on the screen."
        value={settings.density}
        choices={[
          { value: 'comfortable', label: 'Comfortable' },
          { value: 'compact', label: 'Compact' },
        ]}
        onChange={(density) => set({ density })}
      />
    </>
  );
}

/** Settings, one screen: a section list on the left, the section on the right; every change is stored at once. */
export function SettingsDialog({
  client,
  accounts,
  identities,
  onClose,
}: {
  client: Client;
  accounts: AccountSummary[];
  identities: Identity[];
  onClose: () => void;
}) {
  const { problem } = useAppSettings();
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-backdrop" />
        <Dialog.Content className="settings-dialog" aria-describedby={undefined}>
          <Tabs.Root className="settings-layout" defaultValue="accounts" orientation="vertical">
            <div className="settings-nav">
              <Dialog.Title className="settings-title">Settings</Dialog.Title>
              <Tabs.List className="settings-tabs" aria-label="Settings sections">
                {sections.map(({ value, label, icon: Icon }) => (
                  <Tabs.Trigger key={value} className="settings-tab" value={value}>
                    <Icon size={16} strokeWidth={1.75} aria-hidden="true" />
                    {label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
            </div>
            <div className="settings-main">
              <Dialog.Close asChild>
                <IconButton label="Close settings" icon={X} className="settings-close" />
              </Dialog.Close>
              {problem && (
                <p className="error" role="alert">
                  {problem}
                </p>
              )}
              {sections.map(({ value, label }) => (
                <Tabs.Content key={value} className="settings-section" value={value}>
                  <h2>{label}</h2>
                  {value === 'accounts' && (
                    <AccountsSection client={client} accounts={accounts} identities={identities} />
                  )}
                  {value === 'reading' && <ReadingSection />}
                  {value === 'writing' && <WritingSection />}
                  {value === 'notifications' && <NotificationSetting />}
                  {value === 'appearance' && <AppearanceSection />}
                  {value === 'shortcuts' && <ShortcutsTable caption="Keyboard shortcuts" />}
                </Tabs.Content>
              ))}
            </div>
          </Tabs.Root>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
