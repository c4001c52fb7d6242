// Sign-in at a server with no preconfigured client (draft-ietf-mailmaint-oauth-public) against
// the stack's real Dovecot and authorization server: the IMAP check names the issuer, the app
// registers itself (RFC 7591), keeps the registration, and its token opens the real mailbox.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccountRepository, type AccountRepository } from '../../main/accounts/account-repository';
import { createActivityLog } from '../../main/activity/activity-log';
import { registrationRef } from '../../main/auth/client-registration';
import { serverSignInTarget, type ServerSignInDependencies } from '../../main/auth/server-sign-in';
import { createSignInService, type SignInService } from '../../main/auth/sign-in-service';
import { signOut } from '../../main/auth/sign-out';
import { createTokenClient, type TokenClient } from '../../main/auth/token-client';
import { createTokenManager, type TokenManager } from '../../main/auth/token-manager';
import type { SecretStore } from '../../main/secrets/secret-store';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { probeImapServer } from '../../main/servers/imap-probe';
import { openDatabase } from '../../main/store/database';
import type { ParsedServerProbeInput, ParsedServerSignInInput } from '../../shared/models';
import { startMailStack } from '../stack/mail-stack';
import { imapClient, withImap } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';
import { completeInBrowser } from './system-browser';

let stack: MailStack;
let bob: StackUser;
let secrets: SecretStore;
let accounts: AccountRepository;
let tokens: TokenManager;
let tokenClient: TokenClient;
let service: SignInService;
const opened: string[] = [];

const probe = (input: ParsedServerProbeInput) =>
  probeImapServer(input, { extraCa: [stack.ca.caPem], idleTimeoutMs: 10_000 });

function input(): ParsedServerSignInInput {
  return { email: bob.email, imap: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' } };
}

/** The person in the browser: signs in as Bob and allows access. */
async function signInAsBob(dependencies: ServerSignInDependencies = { secrets, probe }): Promise<string> {
  const before = opened.length;
  const accountId = service.signInTo(serverSignInTarget(input(), dependencies));
  await vi.waitFor(() => expect(opened.length).toBe(before + 1), { timeout: 15_000 });
  const login = { issuer: stack.auth.issuer, caPem: stack.ca.caPem, email: bob.email, password: bob.password };
  await completeInBrowser(opened.at(-1) ?? '', { ...login, consent: 'allow' });
  return accountId;
}

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  bob = stack.users[1] as StackUser;
  const db = openDatabase(':memory:');
  secrets = createSessionSecretStore();
  accounts = createAccountRepository(db);
  const activity = createActivityLog(db);
  tokenClient = createTokenClient({ extraCa: [stack.ca.caPem] });
  tokens = createTokenManager({
    secrets,
    accounts,
    activity,
    refresh: tokenClient.refresh,
    clientConfig: (accountId) => {
      const { issuer, clientId, scopes } = accounts.get(accountId) ?? { issuer: '', clientId: '', scopes: [] };
      return { issuer, clientId, scopes };
    },
  });
  service = createSignInService({
    providers: [],
    trust: { extraCa: [stack.ca.caPem] },
    openBrowser: async (url) => {
      opened.push(url);
    },
    bringToFront: () => undefined,
    accounts,
    tokens,
    onProgress: () => undefined,
  });
});

afterAll(async () => {
  service?.cancel();
  await stack?.close();
});

describe('signing in to a mail server that only names its issuer', () => {
  let firstClientId = '';

  it('registers a client of its own and signs in with it', async () => {
    const accountId = await signInAsBob();

    const account = accounts.get(accountId);
    expect(account).toMatchObject({
      providerId: 'server:127.0.0.1',
      email: bob.email,
      issuer: stack.auth.issuer,
      imap: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
      smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    });
    firstClientId = account?.clientId ?? '';
    expect(firstClientId).not.toBe(stack.auth.appClientId);
    expect(stack.auth.registrations()).toEqual([{ at: expect.any(Number), clientId: firstClientId }]);

    const request = new URL(opened.at(-1) ?? '').searchParams;
    expect(request.get('client_id')).toBe(firstClientId);
    expect(request.get('scope')).toBe('openid email offline_access mail.imap mail.smtp');
    expect(request.get('prompt')).toBe('consent');
    expect(request.get('login_hint')).toBe(bob.email);
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(account?.scopes).toEqual(expect.arrayContaining(['mail.imap', 'mail.smtp']));
  });

  it("gets a token that opens Bob's mailbox on the real Dovecot", async () => {
    const accessToken = await tokens.getAccessToken(`server:127.0.0.1:${bob.email}`);
    const inbox = await withImap(imapClient(stack.dovecot, stack.ca, bob.email, accessToken), async (client) => ({
      authenticated: client.authenticated,
      status: await client.status('INBOX', { messages: true }),
    }));
    expect(inbox).toMatchObject({ authenticated: true, status: { path: 'INBOX', messages: expect.any(Number) } });
  });

  it('keeps the registration and reuses it next time, with no second registration', async () => {
    const kept = await secrets.get(registrationRef(stack.auth.issuer));
    expect(JSON.parse(kept ?? '{}')).toEqual({ clientId: firstClientId });

    const accountId = await signInAsBob();
    expect(accounts.get(accountId)?.clientId).toBe(firstClientId);
    expect(new URL(opened.at(-1) ?? '').searchParams.get('client_id')).toBe(firstClientId);
    expect(stack.auth.registrations()).toHaveLength(1);
  });

  it('registers again, once, when the server no longer knows the kept client', async () => {
    await secrets.set(registrationRef(stack.auth.issuer), JSON.stringify({ clientId: 'forgotten-by-the-server' }));

    const accountId = await signInAsBob();
    const clientId = accounts.get(accountId)?.clientId;
    expect(clientId).not.toBe('forgotten-by-the-server');
    expect(stack.auth.registrations().map((registration) => registration.clientId)).toEqual([firstClientId, clientId]);
    expect(JSON.parse((await secrets.get(registrationRef(stack.auth.issuer))) ?? '{}')).toEqual({ clientId });
  });

  it('signs out with a revocation at the issuer from its metadata', async () => {
    const accountId = `server:127.0.0.1:${bob.email}`;
    const revocationsBefore = stack.auth.revocations().length;
    const result = await signOut(accountId, {
      secrets,
      accounts,
      activity: createActivityLog(openDatabase(':memory:')),
      revoke: tokenClient.revoke,
      clientConfig: () => {
        const { issuer, clientId, scopes } = accounts.get(accountId) ?? { issuer: '', clientId: '', scopes: [] };
        return { issuer, clientId, scopes };
      },
      manageAccessUrl: () => null,
      tokenManager: tokens,
      beforeDelete: async () => undefined,
    });
    expect(result).toEqual({ outcome: 'revoked' });
    expect(stack.auth.revocations()).toHaveLength(revocationsBefore + 1);
    expect(accounts.get(accountId)).toBeNull();
  });
});

describe('what is refused before any browser opens', () => {
  it('an issuer whose metadata names another issuer (the wrong server)', async () => {
    const before = { opened: opened.length, registrations: stack.auth.registrations().length };
    // Same authorization server, announced by another name: its metadata says https://127.0.0.1:PORT.
    const misnamed = async (probeInput: ParsedServerProbeInput) => {
      const result = await probe(probeInput);
      const url = result.oauth?.openidConfigurationUrl.replace('127.0.0.1', 'localhost') ?? '';
      return { ...result, oauth: { openidConfigurationUrl: url } };
    };
    await expect(service.signInTo(serverSignInTarget(input(), { secrets, probe: misnamed }))).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringMatching(/different issuer name.*wrong server/),
    });
    expect(opened.length).toBe(before.opened);
    expect(stack.auth.registrations().length).toBe(before.registrations);
  });

  it('a server that announces no sign-in service', async () => {
    const before = opened.length;
    const silent = async (probeInput: ParsedServerProbeInput) => ({ ...(await probe(probeInput)), oauth: null });
    await expect(service.signInTo(serverSignInTarget(input(), { secrets, probe: silent }))).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
      message: expect.stringMatching(/^This server does not offer OAuth sign-in \(127\.0\.0\.1/),
    });
    expect(opened.length).toBe(before);
  });
});
