// Accounts at a server found by its IMAP check have no preset: their provider is the server itself.

const SERVER_PREFIX = 'server:';

export function serverProviderId(imapHost: string): string {
  return `${SERVER_PREFIX}${imapHost.toLowerCase()}`;
}

/** The IMAP host an account's provider id names, or null when it is a preset provider. */
export function serverHostOf(providerId: string): string | null {
  return providerId.startsWith(SERVER_PREFIX) ? providerId.slice(SERVER_PREFIX.length) : null;
}
