// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { AccountSummary, UnsentMail } from '../../shared/models';
import { fakeMailClient } from '../mail/mail.test-support';
import { useTestRoot } from '../test-root.test-support';
import { SecurityPanel } from './security-panel';

const view = useTestRoot();

const account: AccountSummary = {
  id: 'sandbox:alice@harbor.test',
  email: 'alice@harbor.test',
  displayName: 'Alice Example',
  providerId: 'sandbox',
  providerLabel: 'Sandbox',
  status: 'active',
  statusReason: null,
  scopes: ['mail.imap'],
  accessExpiresAt: null,
  lastRefreshAt: null,
  authKind: 'oauth',
};

// Dialogs are portaled to the body, outside the panel.
const dialog = () => document.querySelector('[role="alertdialog"]');
const button = (name: string, within: ParentNode | null = dialog() ?? view.host) =>
  [...(within?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent === name) ?? null;

async function panelWith(unsent: UnsentMail) {
  const fake = fakeMailClient({
    'activity.list': () => [],
    'accounts.unsentMail': () => unsent,
    'auth.signOut': () => ({ outcome: 'revoked', manageAccessUrl: null }),
  });
  const signedOut: (string | null)[] = [];
  await act(async () =>
    view.root.render(
      <SecurityPanel
        client={fake.client}
        account={account}
        providerLabel="Sandbox"
        onSignInAgain={() => undefined}
        onSignedOut={(notice) => signedOut.push(notice)}
      />,
    ),
  );
  await act(async () => button('Sign out and revoke access')!.click());
  await act(async () => button('Sign out and revoke access', dialog())!.click());
  return { fake, signedOut };
}

describe('signing out from the security panel', () => {
  it('says what will happen and waits for a yes; Cancel (the default) or Escape changes nothing', async () => {
    const fake = fakeMailClient({
      'activity.list': () => [],
      'accounts.unsentMail': () => ({ outbox: 0, drafts: 0 }),
      'auth.signOut': () => ({ outcome: 'revoked', manageAccessUrl: null }),
    });
    await act(async () =>
      view.root.render(
        <SecurityPanel
          client={fake.client}
          account={account}
          providerLabel="Sandbox"
          onSignInAgain={() => undefined}
          onSignedOut={() => undefined}
        />,
      ),
    );
    await act(async () => button('Sign out and revoke access')!.click());
    // Modal: the rest of the window is hidden from assistive technology while it asks.
    expect(view.host.closest('[aria-hidden="true"]')).not.toBeNull();
    expect(dialog()?.textContent).toContain('Sign out of alice@harbor.test?');
    expect(dialog()?.textContent).toContain('asks Sandbox to revoke its access');
    expect(dialog()?.textContent).toContain('removed from this computer');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await act(async () => button('Cancel')!.click());
    expect(dialog()).toBeNull();

    await act(async () => button('Sign out and revoke access')!.click());
    await act(async () =>
      document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })),
    );
    expect(dialog()).toBeNull();
    expect(fake.callsOf('accounts.unsentMail')).toEqual([]);
    expect(fake.callsOf('auth.signOut')).toEqual([]);
  });

  it('signs out after the yes when nothing exists only here', async () => {
    const { fake, signedOut } = await panelWith({ outbox: 0, drafts: 0 });
    expect(dialog()).toBeNull();
    expect(fake.callsOf('auth.signOut')).toEqual([{ accountId: account.id, unsent: undefined }]);
    expect(signedOut).toEqual([null]);
  });

  it('asks first about unsent mail, with Cancel as the default, and signs out with the choice', async () => {
    const { fake, signedOut } = await panelWith({ outbox: 1, drafts: 2 });
    expect(dialog()?.textContent).toContain(
      'alice@harbor.test has 1 message in the Outbox and 2 drafts that exist only on this computer. To send them, cancel and use the Outbox first; otherwise save them to a file',
    );
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(fake.callsOf('auth.signOut')).toEqual([]);

    await act(async () => button('Cancel')!.click());
    expect(dialog()).toBeNull();
    expect(fake.callsOf('auth.signOut')).toEqual([]);

    await act(async () => button('Sign out and revoke access')!.click());
    await act(async () => button('Sign out and revoke access')!.click());
    await act(async () => button('Save to a file and sign out')!.click());
    expect(fake.callsOf('auth.signOut')).toEqual([{ accountId: account.id, unsent: 'export' }]);
    expect(signedOut).toEqual([null]);
  });

  it('discards only when that is chosen', async () => {
    const { fake } = await panelWith({ outbox: 0, drafts: 1 });
    expect(dialog()?.textContent).toContain('has 1 draft that exists only on this computer.');
    await act(async () => button('Discard and sign out')!.click());
    expect(fake.callsOf('auth.signOut')).toEqual([{ accountId: account.id, unsent: 'discard' }]);
  });
});
