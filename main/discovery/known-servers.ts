// Providers that offer third-party mail apps no OAuth, only app passwords: their servers are known
// here so the person never has to look them up (and SMTP is not guessed from the IMAP name).
import type { DiscoveredServer } from './autoconfig-file';

export interface KnownServers {
  label: string;
  /** The whole lower-case mail domain. */
  domains: RegExp;
  imap: DiscoveredServer;
  smtp: DiscoveredServer;
}

export const knownServers: readonly KnownServers[] = [
  {
    label: 'iCloud Mail',
    domains: /^(?:icloud|me|mac)\.com$/,
    imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
  },
  {
    label: 'AOL Mail',
    // aol.com, aol.co.uk, aol.de, aim.com...
    domains: /^(?:aol\.(?:(?:co|com)\.)?[a-z]{2,3}|aim\.com)$/,
    imap: { host: 'imap.aol.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.aol.com', port: 465, security: 'tls' },
  },
];

export function knownServersFor(domain: string): KnownServers | null {
  const name = domain.toLowerCase();
  return knownServers.find((known) => known.domains.test(name)) ?? null;
}
