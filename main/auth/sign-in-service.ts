import { AppError } from '../../shared/errors';
import type { SignInProgress } from '../../shared/models';
import type { AccountRepository } from '../accounts/account-repository';
import { beginSignIn, type PendingSignIn } from './authorization-flow';
import { missingClientIdMessage, type Provider } from './provider-catalog';
import type { TokenManager } from './token-manager';
import type { NetworkTrust } from './types';

export interface SignInServiceOptions {
  providers: Provider[];
  trust: NetworkTrust;
  /** The guarded opener: the system browser, never an app window. */
  openBrowser: (url: string) => Promise<void>;
  /** Brings the app window to the front once the browser has handed the sign-in back. */
  bringToFront: () => void;
  accounts: AccountRepository;
  tokens: TokenManager;
  onProgress: (progress: SignInProgress) => void;
  timeoutMs?: number;
}

export interface SignInService {
  signIn(providerId: string, loginHint?: string): Promise<string>;
  cancel(): boolean;
  openBrowserAgain(): Promise<boolean>;
}

/** One sign-in at a time, from the provider button to a stored account with its tokens adopted. */
export function createSignInService(options: SignInServiceOptions): SignInService {
  let pending: PendingSignIn | null = null;

  function providerFor(providerId: string): Provider & { oauth: NonNullable<Provider['oauth']> } {
    const provider = options.providers.find((candidate) => candidate.id === providerId);
    if (!provider) throw new AppError('NOT_FOUND', 'That provider is not known to Harbor Mail.');
    if (!provider.oauth) throw new AppError('NOT_CONFIGURED', missingClientIdMessage(provider));
    return { ...provider, oauth: provider.oauth };
  }

  async function storeAccount(provider: ReturnType<typeof providerFor>, flow: PendingSignIn): Promise<string> {
    const { issuer, clientId, tokens, identity } = await flow.result;
    if (!identity.email) {
      throw new AppError('SIGN_IN_FAILED', `${provider.label} did not say which address you signed in with.`);
    }
    const existed = options.accounts
      .list()
      .some((account) => account.email === identity.email && account.providerId === provider.id);
    const account = options.accounts.upsertOnSignIn(
      {
        providerId: provider.id,
        email: identity.email,
        displayName: identity.name ?? null,
        issuer,
        clientId,
        scopes: tokens.scopes,
        imap: provider.imap,
        smtp: provider.smtp ?? provider.imap,
      },
      Date.now(),
    );
    try {
      await options.tokens.adoptSignIn(account.id, tokens);
    } catch (error) {
      // A sign-in whose refresh token could not be kept must not leave a half-made account behind.
      if (!existed) options.accounts.deleteWithLocalData(account.id);
      throw error;
    }
    return account.id;
  }

  return {
    async signIn(providerId, loginHint) {
      const provider = providerFor(providerId);
      pending?.cancel();
      const flow = await beginSignIn(provider.oauth, {
        trust: options.trust,
        openBrowser: options.openBrowser,
        loginHint,
        timeoutMs: options.timeoutMs,
        onCallbackReceived: () => {
          options.bringToFront();
          options.onProgress({ providerId, step: 'finishing' });
        },
      });
      pending = flow;
      options.onProgress({ providerId, step: 'waiting-for-browser' });
      try {
        const accountId = await storeAccount(provider, flow);
        options.onProgress({ providerId, step: 'done' });
        return accountId;
      } catch (error) {
        options.onProgress({ providerId, step: 'failed' });
        throw error;
      } finally {
        if (pending === flow) pending = null;
      }
    },
    cancel() {
      if (!pending) return false;
      pending.cancel();
      return true;
    },
    async openBrowserAgain() {
      if (!pending) return false;
      await pending.openBrowserAgain();
      return true;
    },
  };
}
