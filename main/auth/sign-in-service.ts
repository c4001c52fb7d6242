import { AppError } from '../../shared/errors';
import type { SignInProgress } from '../../shared/models';
import { accountIdFor, type AccountRepository, type ServerEndpoint } from '../accounts/account-repository';
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
  /** The address the person set up or signs in again: a sign-in as anyone else is refused. */
  expectedEmail?: string;
  /** The address the person typed before choosing the provider, if any. */
  typedEmail?: string;
  /** Does whatever must come first (discovery, registration), then opens the browser. */
  begin(options: BrowserStepOptions): Promise<PendingSignIn>;
}

export interface SignInService {
  signIn(providerId: string, loginHint?: string): Promise<string>;
  signInTo(target: SignInTarget): Promise<string>;
  cancel(): boolean;
  openBrowserAgain(): Promise<boolean>;
}

/** A sign-in from its start: `flow` is null until the target's begin() has opened the browser. */
interface Attempt {
  aborted: boolean;
  flow: PendingSignIn | null;
}

/**
 * A sign-in at a preset provider. `expectedEmail` is set on "Sign in again": the account being
 * signed in again must stay that account.
 */
export function presetSignInTarget(
  providers: Provider[],
  providerId: string,
  { loginHint, expectedEmail }: { loginHint?: string; expectedEmail?: string } = {},
): SignInTarget {
  const provider = providers.find((candidate) => candidate.id === providerId);
  if (!provider) throw new AppError('NOT_FOUND', 'That provider is not known to Harbor Mail.');
  const { oauth } = provider;
  if (!oauth) throw new AppError('NOT_CONFIGURED', missingClientIdMessage(provider));
  return {
    providerId: provider.id,
    label: provider.label,
    imap: provider.imap,
    smtp: provider.smtp ?? provider.imap,
    ...(expectedEmail === undefined ? {} : { expectedEmail }),
    ...(loginHint === undefined ? {} : { typedEmail: loginHint }),
    begin: (browserStep) => beginSignIn(oauth, { ...browserStep, loginHint }),
  };
}

/** One sign-in at a time, from the provider button to a stored account with its tokens adopted. */
export function createSignInService(options: SignInServiceOptions): SignInService {
  let current: Attempt | null = null;

  function abort(attempt: Attempt): void {
    attempt.aborted = true;
    attempt.flow?.cancel();
  }

  async function storeAccount(target: SignInTarget, flow: PendingSignIn): Promise<string> {
    const { issuer, clientId, tokens, identity: claimed } = await flow.result;
    const { expectedEmail } = target;
    // A provider that names no address (some work accounts) signed in the address the person gave:
    // the mail server's XOAUTH2 login refuses the token for any other.
    const email = claimed.email ?? expectedEmail ?? target.typedEmail;
    if (!email) {
      throw new AppError(
        'SIGN_IN_FAILED',
        `${target.label} did not say which address you signed in with. Type your address under "Start with your email address", then sign in with ${target.label} again.`,
      );
    }
    const identity = { ...claimed, email };
    if (expectedEmail !== undefined && identity.email.toLowerCase() !== expectedEmail.toLowerCase()) {
      throw new AppError(
        'SIGN_IN_FAILED',
        `You signed in as ${identity.email} at ${target.label}, but set up ${expectedEmail}. Sign in there as ${expectedEmail}, or set up ${identity.email} instead.`,
      );
    }
    const existed = options.accounts.get(accountIdFor(target.providerId, identity.email)) !== null;
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

  async function finish(target: SignInTarget, flow: PendingSignIn): Promise<string> {
    const { providerId } = target;
    options.onProgress({ providerId, step: 'waiting-for-browser' });
    try {
      const accountId = await storeAccount(target, flow);
      options.onProgress({ providerId, step: 'done' });
      return accountId;
    } catch (error) {
      options.onProgress({ providerId, step: 'failed' });
      throw error;
    }
  }

  async function signInTo(target: SignInTarget): Promise<string> {
    const { providerId } = target;
    if (current) abort(current);
    // Recorded before begin(), so a cancel during discovery or registration is not lost.
    const attempt: Attempt = { aborted: false, flow: null };
    current = attempt;
    try {
      const flow = await target.begin({
        trust: options.trust,
        openBrowser: options.openBrowser,
        timeoutMs: options.timeoutMs,
        onCallbackReceived: () => {
          options.bringToFront();
          options.onProgress({ providerId, step: 'finishing' });
        },
      });
      attempt.flow = flow;
      if (attempt.aborted) {
        flow.cancel();
        throw new AppError('SIGN_IN_CANCELLED', 'Sign-in was cancelled.');
      }
      return await finish(target, flow);
    } finally {
      if (current === attempt) current = null;
    }
  }

  return {
    signIn: async (providerId, loginHint) => signInTo(presetSignInTarget(options.providers, providerId, { loginHint })),
    signInTo,
    cancel() {
      if (!current) return false;
      abort(current);
      return true;
    },
    async openBrowserAgain() {
      const flow = current?.aborted ? null : current?.flow;
      if (!flow) return false;
      await flow.openBrowserAgain();
      return true;
    },
  };
}
