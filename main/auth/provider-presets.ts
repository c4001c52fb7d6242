// Built-in providers (see ../shared/reference/providers.md). Their client IDs come from
// configuration: each distributor registers their own.

export interface Endpoint {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
}

export interface ProviderPreset {
  id: string;
  label: string;
  issuer: string;
  scopes: string[];
  authorizationParams: Record<string, string>;
  imap: Endpoint;
  smtp: Endpoint;
  /** Where a person removes the app's access when the provider has no RFC 7009 revocation. */
  manageAccessUrl: string;
  /** Mail domains served by this provider, for sign-in from an address. */
  domains: string[];
  /** Its country domains, matched against the whole lower-case domain. */
  domainPattern?: RegExp;
  /** See OAuthClientConfig: the issuer template of a multi-tenant endpoint. */
  multiTenantIssuerTemplate?: string;
  /** See OAuthClientConfig: PKCE with S256 is documented, not listed in the metadata. */
  s256WithoutMetadata?: boolean;
}

export const providerPresets: ProviderPreset[] = [
  {
    id: 'google',
    label: 'Google',
    issuer: 'https://accounts.google.com',
    scopes: ['openid', 'email', 'https://mail.google.com/'],
    // A refresh token needs offline access and a consent prompt; select_account lets a person
    // add a second Google account.
    authorizationParams: { access_type: 'offline', prompt: 'consent select_account' },
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    manageAccessUrl: 'https://myaccount.google.com/permissions',
    domains: ['gmail.com', 'googlemail.com'],
  },
  {
    id: 'microsoft',
    label: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/common/v2.0',
    scopes: [
      'openid',
      'email',
      'offline_access',
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
    ],
    authorizationParams: { prompt: 'select_account' },
    // The common endpoint serves every tenant: its metadata names this template and each ID
    // token its own tenant's issuer (`tid`). Its metadata lists no PKCE methods; Microsoft
    // documents S256 for the authorization code flow.
    multiTenantIssuerTemplate: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    s256WithoutMetadata: true,
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    manageAccessUrl: 'https://account.live.com/consent/Manage',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'passport.com', 'windowslive.com'],
    // hotmail.co.uk, live.fr, outlook.com.au, msn.de and the like.
    domainPattern: /^(?:hotmail|outlook|live|msn)\.(?:(?:co|com)\.)?[a-z]{2}$/,
  },
  {
    id: 'yahoo',
    label: 'Yahoo',
    issuer: 'https://api.login.yahoo.com',
    scopes: ['openid', 'email', 'mail-w'],
    authorizationParams: {},
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
    manageAccessUrl: 'https://login.yahoo.com/account/security/app-passwords',
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com'],
    // yahoo.co.uk, yahoo.fr, yahoo.com.au...; not yahoo.co.jp, a separate company's service.
    domainPattern: /^(?!yahoo\.co\.jp$)yahoo\.(?:(?:co|com)\.)?[a-z]{2}$/,
  },
  {
    id: 'fastmail',
    label: 'Fastmail',
    issuer: 'https://api.fastmail.com',
    scopes: [
      'openid',
      'email',
      'https://www.fastmail.com/dev/protocol-imap',
      'https://www.fastmail.com/dev/protocol-smtp',
    ],
    authorizationParams: {},
    imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
    manageAccessUrl: 'https://app.fastmail.com/settings/security/integrations',
    domains: ['fastmail.com', 'fastmail.fm'],
  },
];
