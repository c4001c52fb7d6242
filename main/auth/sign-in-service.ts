import { AppError } from '../../shared/errors';
import type { SignInProgress } from '../../shared/models';
import type { AccountRepository, ServerEndpoint } from '../accounts/account-repository';
import { beginSignIn, type PendingSignIn, type SignInOptions } from './authorization-flow';
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

/** What every sign-in shares, whoever the provider: the browser, the listener's timeout, the progress. */
export type BrowserStepOptions = Pick<SignInOptions, 'trust' | 'openBrowser' | 'timeoutMs' | 'onCallbackReceived'>;

/** Where a sign-in goes and the account it makes: a preset provider, or a server found by its IMAP check. */
export interface SignInTarget {
  providerId: string;
  label: string;
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  /** Does whatever must come first (discovery, registration), then opens the browser. */
  begin(options: BrowserStepOptions): Promise<PendingSignIn>;
}

export interface SignInService {
  signIn(providerId: string, loginHint?: string): Promise<string>;
  signInTo(target: SignInTarget): Promise<string>;
  cancel(): boolean;
  openBrowserAgain(): Promise<boolean>;
}

/** One sign-in at a time, from the provider button to a stored account with its tokens adopted. */
export function createSignInService(options: SignInServiceOptions): SignInService {
  let pending: PendingSignIn | null = null;

  function presetTarget(providerId: string, loginHint: string | undefined): SignInTarget {
    const provider = options.providers.find((candidate) => candidate.id === providerId);
    if (!provider) throw new AppError('NOT_FOUND', 'That provider is not known to Harbor Mail.');
    const { oauth } = provider;
    if (!oauth) throw new AppError('NOT_CONFIGURED', missingClientIdMessage(provider));
    return {
      providerId: provider.id,
      label: provider.label,
      imap: provider.imap,
      smtp: provider.smtp ?? provider.imap,
      begin: (browserStep) => beginSignIn(oauth, { ...browserStep, loginHint }),
    };
  }

  async function storeAccount(target: SignInTarget, flow: PendingSignIn): Promise<string> {
    const { issuer, clientId, tokens, identity } = await flow.result;
    if (!identity.email) {
      throw new AppError('SIGN_IN_FAILED', `${target.label} did not say which address you signed in with.`);
    }
    const existed = options.accounts
      .list()
      .some((account) => account.email === identity.email && account.providerId === target.providerId);
    const account = options.accounts.upsertOnSignIn(
      {
        providerId: target.providerId,
        email: identity.email,
        displayName: identity.name ?? null,
        issuer,
        clientId,
        scopes: tokens.scopes,
        imap: target.imap,
        smtp: target.smtp,
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

  async function signInTo(target: SignInTarget): Promise<string> {
    const { providerId } = target;
    pending?.cancel();
    const flow = await target.begin({
      trust: options.trust,
      openBrowser: options.openBrowser,
      timeoutMs: options.timeoutMs,
      onCallbackReceived: () => {
        options.bringToFront();
        options.onProgress({ providerId, step: 'finishing' });
      },
    });
    pending = flow;
    options.onProgress({ providerId, step: 'waiting-for-browser' });
    try {
      const accountId = await storeAccount(target, flow);
      options.onProgress({ providerId, step: 'done' });
      return accountId;
    } catch (error) {
      options.onProgress({ providerId, step: 'failed' });
      throw error;
    } finally {
      if (pending === flow) pending = null;
    }
  }

  return {
    signIn: async (providerId, loginHint) => signInTo(presetTarget(providerId, loginHint)),
    signInTo,
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
