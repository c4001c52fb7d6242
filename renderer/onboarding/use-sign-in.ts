import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { AccountSummary, ServerSignInInput, SignInProgress } from '../../shared/models';
import { serverProviderId } from '../../shared/server-provider';

export type SignInState =
  | { status: 'idle' }
  | { status: 'waiting'; providerId: string; step: SignInProgress['step'] }
  | { status: 'failed'; providerId: string; message: string };

/** One sign-in at a time: the browser step, then the result or a plain-words error. */
export function useSignIn(client: Client, onSignedIn: (accountId: string) => void) {
  const [state, setState] = useState<SignInState>({ status: 'idle' });

  useEffect(
    () =>
      client.on('auth.signInProgress', ({ providerId, step }) =>
        setState((current) =>
          current.status === 'waiting' && current.providerId === providerId ? { ...current, step } : current,
        ),
      ),
    [client],
  );

  const run = useCallback(
    async (providerId: string, signIn: () => Promise<{ accountId: string }>) => {
      setState({ status: 'waiting', providerId, step: 'waiting-for-browser' });
      try {
        const { accountId } = await signIn();
        setState({ status: 'idle' });
        onSignedIn(accountId);
      } catch (error) {
        const { code, message } = error as { code?: string; message: string };
        setState(code === 'SIGN_IN_CANCELLED' ? { status: 'idle' } : { status: 'failed', providerId, message });
      }
    },
    [onSignedIn],
  );

  const signIn = useCallback(
    (providerId: string, loginHint?: string) =>
      run(providerId, () => client.call('auth.signIn', { providerId, loginHint })),
    [client, run],
  );

  const signInToServer = useCallback(
    (input: ServerSignInInput) =>
      run(serverProviderId(input.imap.host.trim()), () => client.call('auth.signInToServer', input)),
    [client, run],
  );

  /** "Sign in again": the main side builds the sign-in from the stored account. */
  const signInAgain = useCallback(
    (account: Pick<AccountSummary, 'id' | 'providerId'>) =>
      run(account.providerId, () => client.call('auth.signInAgain', { accountId: account.id })),
    [client, run],
  );

  const cancel = useCallback(() => void client.call('auth.cancelSignIn', {}), [client]);
  const openBrowserAgain = useCallback(() => void client.call('auth.openBrowserAgain', {}), [client]);

  return { state, signIn, signInToServer, signInAgain, cancel, openBrowserAgain };
}
