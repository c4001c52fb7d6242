// The oidc-provider configuration of the stack's authorization server: the app's native public
// client, the mail servers' confidential introspection client, real accounts, the mail resource
// with opaque access tokens, rotation, revocation, introspection and open dynamic registration.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Client, Configuration, KoaContext, Token, interactionPolicy } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { errorPage } from './interaction-pages';
import type { StackUser } from './types';

export const APP_CLIENT_ID = 'harbor-desktop';
export const MAIL_SERVERS_CLIENT_ID = 'mail-servers';
export const MAIL_RESOURCE = 'urn:harbor:mail';
export const MAIL_SCOPES = ['mail.imap', 'mail.smtp'];
export const ROUTES = { introspection: '/token/introspection', revocation: '/token/revocation' };

const DAY = 24 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AuthServerSettings {
  users: StackUser[];
  accessTokenTtlSeconds: number;
  mailServersSecret: string;
}

function signingKeys(): { keys: object[] } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig' }] };
}

function accountFinder(users: StackUser[]) {
  return async (_ctx: unknown, id: string) => {
    const user = users.find((candidate) => candidate.email === id);
    if (!user) return undefined;
    return {
      accountId: user.email,
      claims: async () => ({ sub: user.email, email: user.email, email_verified: true, name: user.name }),
    };
  };
}

/** Sign-in, consent, and a requestable select_account answered by the sign-in form. */
function interactionPrompts(policies: typeof interactionPolicy) {
  const policy = policies.base();
  policy.add(new policies.Prompt({ name: 'select_account', requestable: true }), 0);
  return policy;
}

/** The mail servers may introspect any token; every other client only its own. */
async function introspectionAllowed(_ctx: unknown, client: Client, token: Token): Promise<boolean> {
  return client.clientId === MAIL_SERVERS_CLIENT_ID || token.clientId === client.clientId;
}

async function revocationAllowed(_ctx: unknown, client: Client, token: Token): Promise<boolean> {
  return token.clientId === client.clientId;
}

export function providerConfiguration(settings: AuthServerSettings, policies: typeof interactionPolicy): Configuration {
  const { users, accessTokenTtlSeconds } = settings;
  return {
    adapter: createMemoryAdapter(CLOCK_TOLERANCE_SECONDS),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    jwks: signingKeys(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: APP_CLIENT_ID,
        client_name: 'Harbor Mail',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // A native client's loopback redirect matches on any port (RFC 8252 §7.3).
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: MAIL_SERVERS_CLIENT_ID,
        client_secret: settings.mailServersSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    findAccount: accountFinder(users),
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The app's access tokens are for the mail servers, not userinfo: put the claims in the ID token.
    conformIdTokenClaims: false,
    // Dovecot matches introspection's `email` (username_attribute) against the login name.
    extraTokenClaims: async (_ctx: unknown, token: Token) =>
      token.kind === 'AccessToken' && token.accountId ? { email: token.accountId } : undefined,
    pkce: { required: () => true },
    rotateRefreshToken: () => true,
    clientBasedCORS: () => false,
    routes: ROUTES,
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      policy: interactionPrompts(policies),
    },
    renderError: async (ctx: KoaContext, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      resourceIndicators: {
        enabled: true,
        // Without a `resource` parameter, requests are for the mail servers.
        defaultResource: async () => MAIL_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: MAIL_SCOPES.join(' '),
          accessTokenFormat: 'opaque',
          accessTokenTTL: accessTokenTtlSeconds,
        }),
      },
    },
    ttl: {
      AccessToken: accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * DAY,
      Interaction: 60 * 60,
      Session: DAY,
      Grant: 14 * DAY,
    },
  };
}
