import { z } from 'zod';

export const hostName = z
  .string()
  .trim()
  .min(1, 'Enter a server name')
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'A server name has only letters, digits, dots and dashes, or is an IP address');

export const portNumber = z.number().int().min(1).max(65535);

export const transportSecurity = z.enum(['tls', 'starttls']);
export type TransportSecurity = z.infer<typeof transportSecurity>;

export const serverProbeInput = z.object({
  host: hostName,
  port: portNumber,
  security: transportSecurity.default('tls'),
  email: z.string().trim().email().max(320).optional(),
});
export type ServerProbeInput = z.input<typeof serverProbeInput>;
export type ParsedServerProbeInput = z.output<typeof serverProbeInput>;

export const serverProbeResult = z.object({
  host: z.string(),
  port: z.number(),
  tls: z.object({ protocol: z.string(), authorized: z.literal(true) }),
  capabilities: z.array(z.string()),
  authMechanisms: z.array(z.string()),
  oauth: z
    .object({
      openidConfigurationUrl: z.string().url(),
      /** The scope the server said a token needs, when its challenge named one (RFC 7628 §3.2.2). */
      scope: z.string().optional(),
    })
    .nullable(),
});
export type ServerProbeResult = z.infer<typeof serverProbeResult>;

export const probeStep = z.object({
  host: z.string(),
  port: z.number(),
  step: z.enum(['connecting', 'tls-established', 'capabilities', 'oauth-discovery', 'done']),
});
export type ProbeStep = z.infer<typeof probeStep>;

export const providerSummary = z.object({
  id: z.string(),
  label: z.string(),
  /** False when this copy of the app has no client ID for the provider. */
  configured: z.boolean(),
  imap: z.object({ host: z.string(), port: z.number(), security: transportSecurity }),
});
export type ProviderSummary = z.infer<typeof providerSummary>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof appInfo>;

export const accountId = z.string().min(3).max(400);

export const accountSummary = z.object({
  id: accountId,
  email: z.string(),
  displayName: z.string().nullable(),
  providerId: z.string(),
  providerLabel: z.string(),
  status: z.enum(['active', 'needs-sign-in']),
  /** Why the account needs a new sign-in, in plain words. */
  statusReason: z.string().nullable(),
  scopes: z.array(z.string()),
  accessExpiresAt: z.number().nullable(),
  lastRefreshAt: z.number().nullable(),
  /** 'password': signs in with an app password kept in the keychain; no tokens, nothing to revoke. */
  authKind: z.enum(['oauth', 'password']).default('oauth'),
});
export type AccountSummary = z.infer<typeof accountSummary>;

export const signInInput = z.object({
  providerId: z.string().min(1).max(100),
  loginHint: z.string().trim().email().max(320).optional(),
});

export const serverEndpoint = z.object({
  host: hostName,
  port: portNumber,
  security: transportSecurity.default('tls'),
});

export const serverSignInInput = z
  .object({
    email: z.string().trim().email().max(320),
    imap: serverEndpoint,
    /** Default: the IMAP host, port 465 with TLS. */
    smtp: serverEndpoint.optional(),
  })
  .strict();
export type ServerSignInInput = z.input<typeof serverSignInInput>;
export type ParsedServerSignInInput = z.output<typeof serverSignInInput>;

/** Longest app password accepted; real ones are 16-32 characters. */
export const APP_PASSWORD_MAX_LENGTH = 256;

/**
 * Sign-in with an app password, for servers without OAuth. The password goes one way only: it is
 * never part of a reply, an error or an event.
 */
export const passwordSignInInput = z
  .object({
    email: z.string().trim().email().max(320),
    password: z.string().min(1, 'Enter the app password').max(APP_PASSWORD_MAX_LENGTH, 'This app password is too long'),
    imap: serverEndpoint,
    /** Default: the IMAP host, port 465 with TLS. */
    smtp: serverEndpoint.optional(),
  })
  .strict();
export type PasswordSignInInput = z.input<typeof passwordSignInInput>;
export type ParsedPasswordSignInInput = z.output<typeof passwordSignInInput>;

export const signInProgress = z.object({
  providerId: z.string(),
  step: z.enum(['waiting-for-browser', 'finishing', 'done', 'failed']),
});
export type SignInProgress = z.infer<typeof signInProgress>;

export const signOutResult = z.object({
  outcome: z.enum(['revoked', 'unsupported', 'no-token']),
  /** Where to remove the app's access by hand when the provider offers no revocation. */
  manageAccessUrl: z.string().url().nullable(),
});
export type SignOutResult = z.infer<typeof signOutResult>;

/** What to do with mail that exists only on this computer when its account leaves: save it as a file, or delete it. */
export const unsentChoice = z.enum(['export', 'discard']);
export type UnsentChoice = z.infer<typeof unsentChoice>;
/** Outbox items not sent yet, and drafts not (in their latest version) in the server's Drafts folder. */
export const unsentMail = z.object({ outbox: z.number().int(), drafts: z.number().int() }).strict();
export type UnsentMail = z.infer<typeof unsentMail>;

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "1 message in the Outbox and 2 drafts that exist only on this computer", for a person. */
export function describeUnsent({ outbox, drafts }: UnsentMail): string {
  const what = [
    ...(outbox ? [counted(outbox, 'message in the Outbox', 'messages in the Outbox')] : []),
    ...(drafts ? [counted(drafts, 'draft', 'drafts')] : []),
  ].join(' and ');
  return `${what} that ${outbox + drafts === 1 ? 'exists' : 'exist'} only on this computer`;
}

/** Removal from this computer without revoking: where the person can still take access away. */
export const removeAccountResult = z.object({ manageAccessUrl: z.string().url().nullable() });

export const activityEntry = z.object({ at: z.number(), kind: z.string(), detail: z.string() });
export type ActivityEntry = z.infer<typeof activityEntry>;

export const secretStorageStatus = z.object({
  storage: z.enum(['keychain', 'session-only']),
  warning: z.string().nullable(),
});
export type SecretStorageStatus = z.infer<typeof secretStorageStatus>;

export const discoverInput = z
  .object({ email: z.string().trim().email('Enter your whole email address, like you@example.com').max(320) })
  .strict();

const discoveredServer = z.object({ host: z.string(), port: z.number(), security: transportSecurity });

/** What an email address alone says about where to sign in (`setup.discover`). */
export const discoveryResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('provider'), providerId: z.string() }),
  z.object({
    kind: z.literal('servers'),
    imap: discoveredServer,
    smtp: discoveredServer.nullable(),
    /** 'known': an app-password provider whose servers Harbor Mail knows (iCloud, AOL). */
    source: z.enum(['autoconfig', 'known']),
  }),
  z.object({ kind: z.literal('manual') }),
]);
export type DiscoveryResult = z.infer<typeof discoveryResult>;
