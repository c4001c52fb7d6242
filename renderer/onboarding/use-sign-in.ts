import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { SignInProgress } from '../../shared/models';

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

  const signIn = useCallback(
    async (providerId: string, loginHint?: string) => {
      setState({ status: 'waiting', providerId, step: 'waiting-for-browser' });
      try {
        const { accountId } = await client.call('auth.signIn', { providerId, loginHint });
        setState({ status: 'idle' });
        onSignedIn(accountId);
      } catch (error) {
        const { code, message } = error as { code?: string; message: string };
        setState(code === 'SIGN_IN_CANCELLED' ? { status: 'idle' } : { status: 'failed', providerId, message });
      }
    },
    [client, onSignedIn],
  );

  const cancel = useCallback(() => void client.call('auth.cancelSignIn', {}), [client]);
  const openBrowserAgain = useCallback(() => void client.call('auth.openBrowserAgain', {}), [client]);

  return { state, signIn, cancel, openBrowserAgain };
}
