import type { SignedInAccount } from './account-repository';

/** The signed-in account unit tests start from: a sandbox user on loopback servers. */
export const testAccount: SignedInAccount = {
  providerId: 'sandbox',
  email: 'alice@harbor.test',
  displayName: 'Alice',
  issuer: 'https://127.0.0.1:4444',
  clientId: 'harbor-desktop',
  scopes: ['openid', 'email', 'offline_access'],
  imap: { host: '127.0.0.1', port: 9993, security: 'tls' },
  smtp: { host: '127.0.0.1', port: 9465, security: 'tls' },
};
