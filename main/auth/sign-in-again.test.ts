import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { passwordProviderId, serverProviderId } from '../../shared/server-provider';
import type { Account } from '../accounts/account-repository';
import { beginSignIn, type PendingSignIn } from './authorization-flow';
import type { Provider } from './provider-catalog';
import { passwordAccountSignInAgainMessage, signInAgainTarget } from './sign-in-again';
import type { BrowserStepOptions } from './sign-in-service';

vi.mock('./authorization-flow', () => ({ beginSignIn: vi.fn() }));

const presetImap = { host: 'imap.harbor.test', port: 993, security: 'tls' } as const;
const sandbox: Provider = {
  id: 'sandbox',
  label: 'Sandbox',
  oauth: { issuer: 'https://auth.harbor.test', clientId: 'harbor-desktop', scopes: ['openid', 'email'] },
  imap: presetImap,
  smtp: null,
  manageAccessUrl: null,
};
const unconfigured: Provider = { ...sandbox, id: 'google', label: 'Google', oauth: null };

function account(overrides: Partial<Account>): Account {
  const providerId = overrides.providerId ?? 'sandbox';
  const email = overrides.email ?? 'Alice@harbor.test';
  return {
    id: `${providerId}:${email.toLowerCase()}`,
    providerId,
    email,
    displayName: null,
    issuer: 'https://auth.harbor.test',
    clientId: 'harbor-desktop',
    scopes: [],
    imap: presetImap,
    smtp: presetImap,
    createdAt: 1,
    status: 'needs-sign-in',
    statusReason: 'revoked',
    lastRefreshAt: null,
    accessExpiresAt: null,
    authKind: 'oauth',
    ...overrides,
  };
}

const browserStep: BrowserStepOptions = { trust: { extraCa: [] }, openBrowser: async () => undefined };

function setup() {
  const probe = vi.fn(async () => ({ oauth: null }) as never);
  const dependencies = { providers: [sandbox, unconfigured], server: { secrets: {} as never, probe } };
  return { probe, dependencies };
}

describe('"Sign in again" goes where the stored account says', () => {
  beforeEach(() => vi.mocked(beginSignIn).mockReset());

  it('at a preset provider: its provider, its address as login hint and as the only address accepted', async () => {
    const { dependencies, probe } = setup();
    const flow = {} as PendingSignIn;
    vi.mocked(beginSignIn).mockResolvedValue(flow);

    const target = signInAgainTarget(account({}), dependencies);

    expect(target).toMatchObject({ providerId: 'sandbox', label: 'Sandbox', expectedEmail: 'Alice@harbor.test' });
    expect(await target.begin(browserStep)).toBe(flow);
    expect(beginSignIn).toHaveBeenCalledExactlyOnceWith(sandbox.oauth, {
      ...browserStep,
      loginHint: 'Alice@harbor.test',
    });
    expect(probe).not.toHaveBeenCalled();
  });

  it('at a preset provider no longer configured: says so, opens nothing', () => {
    const { dependencies } = setup();
    expect(() => signInAgainTarget(account({ providerId: 'google' }), dependencies)).toThrow(
      expect.objectContaining({ code: 'NOT_CONFIGURED' }),
    );
    expect(beginSignIn).not.toHaveBeenCalled();
  });

  it('at a server found by its IMAP check: the stored servers and address, through the server path', async () => {
    const { dependencies, probe } = setup();
    const imap = { host: 'mail.example', port: 10993, security: 'tls' } as const;
    const smtp = { host: 'smtp.mail.example', port: 587, security: 'starttls' } as const;
    const stored = account({ providerId: serverProviderId('mail.example'), email: 'carol@mail.example', imap, smtp });

    const target = signInAgainTarget(stored, dependencies);

    expect(target).toMatchObject({
      providerId: serverProviderId('mail.example'),
      label: 'mail.example',
      imap,
      smtp,
      expectedEmail: 'carol@mail.example',
    });
    // The server path starts with the IMAP check of the stored server (here: no OAuth offered any more).
    await expect(target.begin(browserStep)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(probe).toHaveBeenCalledExactlyOnceWith({ ...imap, email: 'carol@mail.example' });
    expect(beginSignIn).not.toHaveBeenCalled();
  });

  it('for an app-password account: refused in plain words, nothing started', () => {
    const { dependencies, probe } = setup();
    const stored = account({
      providerId: passwordProviderId('mail.example'),
      email: 'carol@mail.example',
      authKind: 'password',
    });

    let refusal: unknown;
    try {
      signInAgainTarget(stored, dependencies);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: 'INVALID_INPUT',
      message: passwordAccountSignInAgainMessage('carol@mail.example'),
    });
    expect((refusal as Error).message).toMatch(/add the account again with it/);
    expect(probe).not.toHaveBeenCalled();
    expect(beginSignIn).not.toHaveBeenCalled();
  });
});
