import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startBrowserHost, type BrowserHost } from '../browser-host/start-browser-host';
import { startMailStack } from '../stack/mail-stack';
import { seedGmailUser } from '../stack/seed-gmail';
import { seedUsers } from '../stack/seed-mailboxes';
import type { MailStack } from '../stack/types';

// The whole local world: the mail stack, seeded mailboxes, an app config that offers the local
// authorization server as the provider "Sandbox", and the app in the browser host.

export interface SandboxFacts {
  appUrl: string;
  issuer: string;
  imap: { host: string; port: number; security: 'tls' };
  /** The Gmail-shaped IMAP server (X-GM-EXT-1, `[Gmail]/` folders), where the users with `server: 'gmail'` live. */
  gmailImap: { host: string; port: number; security: 'tls' };
  smtp: { host: string; tlsPort: number; starttlsPort: number };
  caFile: string;
  configDir: string;
  /** `appPassword` only for users whose IMAP account also takes an app password (carol, dana). */
  users: Array<{ email: string; password: string; appPassword?: string; server?: 'gmail' }>;
}

export interface Sandbox {
  facts: SandboxFacts;
  stack: MailStack;
  /** Stops the browser host and starts it again on the same config folder, as an app restart. */
  restartApp(): Promise<string>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  rendererDir: string;
  accessTokenTtlSeconds?: number;
  seedPerUser?: number;
  /** False when another host (Electron) will serve the app from configDir. */
  browserHost?: boolean;
  browserCommand?: string;
  print?: (line: string) => void;
}

const loopback = '127.0.0.1';

export async function writeSandboxConfig(stack: MailStack, configDir: string): Promise<void> {
  await mkdir(configDir, { recursive: true });
  const config = {
    providers: [
      {
        id: 'sandbox',
        label: 'Sandbox',
        issuer: stack.auth.issuer,
        clientId: stack.auth.appClientId,
        // 'profile' puts the person's name in the ID token, as Google's and Microsoft's do.
        scopes: ['openid', 'email', 'profile', 'offline_access', ...stack.auth.mailScopes],
        // oidc-provider issues a refresh token only after an explicit consent prompt.
        authorizationParams: { prompt: 'consent' },
        imap: { host: loopback, port: stack.dovecot.imapPort, security: 'tls' },
        smtp: { host: loopback, port: stack.submission.tlsPort, security: 'tls' },
      },
      // The same authorization server in front of the Gmail-shaped IMAP server (dana's account).
      ...(stack.gmail
        ? [
            {
              id: 'sandbox-gmail',
              label: 'Gmail-shaped (sandbox)',
              issuer: stack.auth.issuer,
              clientId: stack.auth.appClientId,
              scopes: ['openid', 'email', 'profile', 'offline_access', ...stack.auth.mailScopes],
              authorizationParams: { prompt: 'consent' },
              imap: { host: loopback, port: stack.gmail.imapPort, security: 'tls' },
              smtp: { host: loopback, port: stack.submission.tlsPort, security: 'tls' },
            },
          ]
        : []),
    ],
    extraTrustedCaFiles: [stack.ca.caFile],
    // The tests' canary image server is on loopback.
    remoteImages: { allowPrivateNetwork: true },
  };
  await writeFile(path.join(configDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const stack = await startMailStack({ accessTokenTtlSeconds: options.accessTokenTtlSeconds, gmail: true });
  let host: BrowserHost | null = null;
  const configDir = path.join(stack.dir, 'app-config');
  const startHost = () =>
    startBrowserHost({
      rendererDir: options.rendererDir,
      configDir,
      browserCommand: options.browserCommand,
      print: options.print,
    });
  try {
    // The app's keychain is the stack's private one: libsecret reads this variable when keytar
    // first talks to D-Bus, in this process (browser host) or in Electron started from it.
    if (stack.keyring) process.env.DBUS_SESSION_BUS_ADDRESS = stack.keyring.env.DBUS_SESSION_BUS_ADDRESS;
    const gmail = stack.gmail;
    if (!gmail) throw new Error('the sandbox stack has no Gmail-shaped server');
    // The two servers are seeded side by side: a sandbox asked to stop while it starts waits for this.
    await Promise.all([
      seedUsers(
        stack.dovecot,
        stack.users.filter((user) => user.server !== 'gmail'),
        { perUser: options.seedPerUser },
      ),
      ...stack.users
        .filter((user) => user.server === 'gmail')
        .map((user) => seedGmailUser(gmail.dovecot, user, { count: options.seedPerUser })),
    ]);
    await writeSandboxConfig(stack, configDir);
    if (options.browserHost !== false) host = await startHost();
    const facts: SandboxFacts = {
      appUrl: host?.appUrl ?? '',
      issuer: stack.auth.issuer,
      imap: { host: loopback, port: stack.dovecot.imapPort, security: 'tls' },
      gmailImap: { host: loopback, port: gmail.imapPort, security: 'tls' },
      smtp: { host: loopback, tlsPort: stack.submission.tlsPort, starttlsPort: stack.submission.starttlsPort },
      caFile: stack.ca.caFile,
      configDir,
      users: stack.users.map(({ email, password, appPassword, server }) => ({
        email,
        password,
        ...(appPassword === undefined ? {} : { appPassword }),
        ...(server === undefined ? {} : { server }),
      })),
    };
    return {
      stack,
      facts,
      async restartApp() {
        await host?.close();
        host = await startHost();
        facts.appUrl = host.appUrl;
        return host.appUrl;
      },
      async close() {
        await host?.close();
        await stack.close();
      },
    };
  } catch (error) {
    await host?.close();
    await stack.close();
    throw error;
  }
}
