// The stack's Gmail-shaped IMAP server: a Dovecot of its own in Gmail's folder layout
// (gmail-layout.ts) behind the proxy that adds X-GM-EXT-1 (gmail-imap-proxy.ts). Clients connect
// to the proxy, over TLS with a certificate from the stack's CA, and sign in as at the stack's
// Dovecot: OAuth 2.0 (XOAUTH2, OAUTHBEARER) or an app password.
import { startDovecot } from './dovecot';
import { startGmailImapProxy } from './gmail-imap-proxy';
import type { AuthServer, GmailServer, StackUser, TestCa } from './types';

export async function startGmailServer(opts: {
  dir: string;
  ca: TestCa;
  auth: AuthServer;
  users: StackUser[];
}): Promise<GmailServer> {
  const dovecot = await startDovecot({ ...opts, shape: 'gmail' });
  try {
    const proxy = await startGmailImapProxy(dovecot, opts.ca);
    return {
      imapPort: proxy.port,
      dovecot,
      bodyFetches: proxy.bodyFetches,
      close: async () => {
        await proxy.close();
        await dovecot.close();
      },
    };
  } catch (error) {
    await dovecot.close();
    throw error;
  }
}
