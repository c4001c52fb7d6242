// The shapes the pieces of the local mail stack agree on. Every server binds 127.0.0.1 only,
// lives in the stack's own temporary folder and is stopped by its close().

export interface TestCa {
  /** PEM file of the per-run root CA; clients trust exactly this file. */
  caFile: string;
  caPem: string;
  /** Issue a server certificate signed by the CA. `sans` like ['IP:127.0.0.1', 'DNS:localhost']. */
  issue(name: string, sans: string[]): Promise<ServerCertificate>;
}

export interface ServerCertificate {
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

export interface StackUser {
  email: string;
  password: string;
  name: string;
  /**
   * An app password for IMAP LOGIN / AUTHENTICATE PLAIN over TLS, for the "server without OAuth"
   * path. Users without one can sign in to Dovecot only with an OAuth token.
   */
  appPassword?: string;
  /** 'gmail': the account lives on the Gmail-shaped server instead of the stack's Dovecot. */
  server?: 'gmail';
}

export interface AuthServer {
  /** e.g. https://127.0.0.1:PORT (no trailing slash), served over TLS with the test CA. */
  issuer: string;
  port: number;
  /** The app's native public client: loopback redirect with any port, PKCE S256 required. */
  appClientId: string;
  /** The scopes the mail servers understand, e.g. ['mail.imap', 'mail.smtp']. */
  mailScopes: string[];
  /** Confidential client the mail servers use for RFC 7662 introspection. */
  introspection: { url: string; clientId: string; clientSecret: string };
  revocationUrl: string;
  /** Every revocation request the server has accepted, in order (for tests). */
  revocations(): Array<{ at: number; clientId: string; tokenTypeHint?: string }>;
  /** Test hook: while on, the revocation endpoint answers 503, as a provider that is down would. */
  refuseRevocation(on: boolean): void;
  /** Every dynamic client registration (RFC 7591) the server accepted, in order. */
  registrations(): Array<{ at: number; clientId: string }>;
  /** Every token-endpoint request, in order (for tests counting refreshes). */
  tokenRequests(): Array<{ at: number; grantType: string; clientId: string }>;
  /** Every access and refresh token the server has issued, in order (for tests looking for leaks). */
  issuedTokens(): string[];
  close(): Promise<void>;
}

export interface Dovecot {
  imapPort: number;
  /** Unix socket of the LMTP listener, for delivering mail. */
  lmtpSocket: string;
  configFile: string;
  /** Its log: a line per login, and one per session end with the bytes sent (out=). */
  logFile: string;
  /** Run doveadm against this instance; resolves with stdout, rejects with stderr. */
  doveadm(args: string[], stdin?: Buffer | string): Promise<string>;
  close(): Promise<void>;
}

/** The Gmail-shaped IMAP server: a Dovecot in Gmail's layout behind a proxy that adds X-GM-EXT-1. */
export interface GmailServer {
  /** The proxy's port (implicit TLS): where clients connect. */
  imapPort: number;
  /** The Dovecot behind it (its own port and doveadm), for seeding and checks at the server. */
  dovecot: Dovecot;
  /** FETCH commands asking for a body (BODY[…] or BINARY[…]) that reached the server, per account. */
  bodyFetches(user: string): number;
  close(): Promise<void>;
}

export interface Submission {
  /** Implicit TLS (like 465). */
  tlsPort: number;
  /** Plain start, STARTTLS required before AUTH (like 587). */
  starttlsPort: number;
  /**
   * Test hook: while on, a message is still delivered but the 250 after DATA waits until the
   * hook is turned off again (or the server closes).
   */
  holdReplies?(on: boolean): void;
  close(): Promise<void>;
}

export interface Keyring {
  /** Environment that points libsecret (keytar) at the private Secret Service. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  close(): Promise<void>;
}

/** The whole local mail stack of one run, as composed by startMailStack(). */
export interface MailStack {
  /** The stack's folder: certificates, Dovecot config and mail, keyring state. */
  dir: string;
  ca: TestCa;
  auth: AuthServer;
  dovecot: Dovecot;
  submission: Submission;
  /** Present when some user lives on the Gmail-shaped server. */
  gmail?: GmailServer;
  /** Absent when started with `keyring: false`. */
  keyring?: Keyring;
  users: StackUser[];
  /** Stops everything in reverse start order (all of it, even when one part fails to stop). */
  close(): Promise<void>;
}
