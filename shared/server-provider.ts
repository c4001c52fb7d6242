// Accounts at a server found by its IMAP check have no preset: their provider is the server itself.

const SERVER_PREFIX = 'server:';

export function serverProviderId(imapHost: string): string {
  return `${SERVER_PREFIX}${imapHost.toLowerCase()}`;
}

/** The IMAP host an account's provider id names, or null when it is a preset provider. */
export function serverHostOf(providerId: string): string | null {
  return providerId.startsWith(SERVER_PREFIX) ? providerId.slice(SERVER_PREFIX.length) : null;
}

// Accounts that sign in with an app password (no OAuth at the server) are named after their IMAP host too.
const PASSWORD_PREFIX = 'password:';

export function passwordProviderId(imapHost: string): string {
  return `${PASSWORD_PREFIX}${imapHost.toLowerCase()}`;
}

/** The IMAP host of an app-password account's provider id, or null for any other provider. */
export function passwordHostOf(providerId: string): string | null {
  return providerId.startsWith(PASSWORD_PREFIX) ? providerId.slice(PASSWORD_PREFIX.length) : null;
}
