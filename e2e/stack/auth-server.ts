// The stack's OAuth 2.0 / OpenID Connect authorization server: oidc-provider 9 over HTTPS on
// 127.0.0.1 with a certificate from the stack's test CA, custom sign-in and consent pages, and a
// record of token, revocation and registration requests for tests (never token values).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type * as OidcProvider from 'oidc-provider';
import type { KoaContext, Provider } from 'oidc-provider';
import { handleInteraction, isInteractionPath } from './auth-interactions';
import {
  APP_CLIENT_ID,
  MAIL_SCOPES,
  MAIL_SERVERS_CLIENT_ID,
  ROUTES,
  providerConfiguration,
} from './auth-server-configuration';
import type { AuthServer, StackUser, TestCa } from './types';

export interface AuthServerOptions {
  /** The stack's folder, like the other servers take; this one keeps its state in memory. */
  dir: string;
  ca: TestCa;
  users: StackUser[];
  /** Lifetime of the mail access tokens, default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 0: any free port. */
  port?: number;
}

type RevocationRecord = ReturnType<AuthServer['revocations']>[number];
type TokenRequestRecord = ReturnType<AuthServer['tokenRequests']>[number];
type RegistrationRecord = ReturnType<AuthServer['registrations']>[number];

/**
 * oidc-provider 9 prints an "unsupported runtime" warning at import on Node 20 LTS, which the
 * project still supports and where it works; keep that one line out of test output.
 */
async function importOidcProvider(): Promise<typeof OidcProvider> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

function stringParam(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.oidc?.params?.[name];
  return typeof value === 'string' ? value : undefined;
}

interface RequestRecords {
  tokenRequests: TokenRequestRecord[];
  revocations: RevocationRecord[];
  registrations: RegistrationRecord[];
}

function recordRequests(provider: Provider, { tokenRequests, revocations, registrations }: RequestRecords) {
  provider.use(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    const clientId = ctx.oidc?.client?.clientId ?? '';
    if (route === 'registration' && ctx.status === 201) {
      const registered = (ctx.body as { client_id?: unknown }).client_id;
      registrations.push({ at: Date.now(), clientId: typeof registered === 'string' ? registered : '' });
    } else if (route === 'token') {
      tokenRequests.push({ at: Date.now(), grantType: stringParam(ctx, 'grant_type') ?? '', clientId });
    } else if (route === 'revocation' && ctx.status === 200) {
      const tokenTypeHint = stringParam(ctx, 'token_type_hint');
      revocations.push({ at: Date.now(), clientId, ...(tokenTypeHint ? { tokenTypeHint } : {}) });
    }
  });
}

/** Opaque tokens are their own id (jti); the provider announces each one it stores. */
function recordIssuedTokens(provider: Provider): Set<string> {
  const issued = new Set<string>();
  for (const event of ['access_token.saved', 'refresh_token.saved']) {
    provider.on(event, (token: { jti: string }) => issued.add(token.jti));
  }
  return issued;
}

/**
 * oidc-provider lists only its OpenID scopes in discovery, not the resource server's; a mail
 * provider's server lists the mail scopes too (RFC 8414 scopes_supported), and a client that
 * registered itself learns from there what to ask for.
 */
function advertiseMailScopes(provider: Provider) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'discovery') return;
    const document = ctx.body as { scopes_supported?: string[] };
    document.scopes_supported = [...(document.scopes_supported ?? []), ...MAIL_SCOPES];
  });
}

export async function startAuthServer(opts: AuthServerOptions): Promise<AuthServer> {
  const { Provider, interactionPolicy } = await importOidcProvider();
  const certificate = await opts.ca.issue('auth', ['IP:127.0.0.1', 'DNS:localhost']);
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem });
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const issuer = `https://127.0.0.1:${port}`;

  const mailServersSecret = randomBytes(32).toString('base64url');
  const settings = {
    users: opts.users,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    mailServersSecret,
  };
  const provider = new Provider(issuer, providerConfiguration(settings, interactionPolicy));
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    console.error('authorization server error:', error);
  });

  const tokenRequests: TokenRequestRecord[] = [];
  const revocations: RevocationRecord[] = [];
  const registrations: RegistrationRecord[] = [];
  recordRequests(provider, { tokenRequests, revocations, registrations });
  advertiseMailScopes(provider);
  const issuedTokens = recordIssuedTokens(provider);

  const providerHandler = provider.callback();
  let refusingRevocation = false;
  server.on('request', (req, res) => {
    const pathname = new URL(req.url ?? '/', issuer).pathname;
    if (refusingRevocation && pathname === ROUTES.revocation) {
      res.writeHead(503, { 'retry-after': '60' }).end();
      return;
    }
    if (!isInteractionPath(pathname)) {
      providerHandler(req, res);
      return;
    }
    handleInteraction(provider, opts.users, req, res, pathname).catch((error: unknown) => {
      console.error('authorization server interaction error:', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  return {
    issuer,
    port,
    appClientId: APP_CLIENT_ID,
    mailScopes: [...MAIL_SCOPES],
    introspection: {
      url: `${issuer}${ROUTES.introspection}`,
      clientId: MAIL_SERVERS_CLIENT_ID,
      clientSecret: mailServersSecret,
    },
    revocationUrl: `${issuer}${ROUTES.revocation}`,
    revocations: () => revocations.map((entry) => ({ ...entry })),
    refuseRevocation: (on) => {
      refusingRevocation = on;
    },
    tokenRequests: () => tokenRequests.map((entry) => ({ ...entry })),
    registrations: () => registrations.map((entry) => ({ ...entry })),
    issuedTokens: () => [...issuedTokens],
    close: () =>
      new Promise<void>((resolve) => {
        // Resolves on a second close() too (the callback then gets ERR_SERVER_NOT_RUNNING).
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
