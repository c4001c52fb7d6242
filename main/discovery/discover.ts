// From an email address alone: a known provider by domain, the known servers of an app-password
// provider, a provider by the domain's MX hosts, then the domain's autoconfig file, else the person
// is asked for the servers. Network trouble on the way never surfaces as an error: it only means
// that step found nothing.
import { AppError } from '../../shared/errors';
import { serversFromAutoconfig, type DiscoveredServer } from './autoconfig-file';
import { mailDomainOf } from './host-name';
import { fetchHttpsText, type DiscoveryFetch } from './https-text';
import { knownServersFor } from './known-servers';
import type { MxResolver } from './mx-resolver';
import { providerByDomain, providerByMx, type ProviderDomains } from './provider-match';

export type DiscoveryResult =
  | { kind: 'provider'; providerId: string }
  | { kind: 'servers'; imap: DiscoveredServer; smtp: DiscoveredServer | null; source: 'autoconfig' | 'known' }
  | { kind: 'manual' };

export interface DiscoveryDependencies {
  resolver: MxResolver;
  /**
   * Null: the domain's own locations, `https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…`
   * then `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`. Set (an https: URL): only
   * `<base>/<domain>/mail/config-v1.1.xml?emailaddress=…` is asked, as with an ISP database.
   */
  autoconfigBase: string | null;
  fetch: DiscoveryFetch;
  providers: readonly ProviderDomains[];
  /** Each autoconfig request, redirects included. */
  autoconfigTimeoutMs?: number;
}

/** Autoconfig files are a few kilobytes; anything far bigger is not one. */
export const MAX_AUTOCONFIG_BYTES = 64 * 1024;

export function autoconfigUrls(email: string, domain: string, base: string | null): string[] {
  const address = encodeURIComponent(email);
  if (base !== null) return [`${base.replace(/\/+$/, '')}/${domain}/mail/config-v1.1.xml?emailaddress=${address}`];
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${address}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
}

export async function discoverFromAddress(
  email: string,
  dependencies: DiscoveryDependencies,
): Promise<DiscoveryResult> {
  const address = email.trim();
  const domain = mailDomainOf(address);
  if (!domain)
    throw new AppError('INVALID_INPUT', 'That does not look like an email address: check the part after "@".');

  const byDomain = providerByDomain(domain, dependencies.providers);
  if (byDomain) return { kind: 'provider', providerId: byDomain };
  const known = knownServersFor(domain);
  if (known) return { kind: 'servers', imap: known.imap, smtp: known.smtp, source: 'known' };

  const mx = await dependencies.resolver.resolveMx(domain).catch(() => []);
  const byMx = providerByMx(mx);
  if (byMx && dependencies.providers.some((provider) => provider.id === byMx))
    return { kind: 'provider', providerId: byMx };

  for (const url of autoconfigUrls(address, domain, dependencies.autoconfigBase)) {
    const xml = await fetchHttpsText(url, {
      fetch: dependencies.fetch,
      timeoutMs: dependencies.autoconfigTimeoutMs ?? 8_000,
      maxBytes: MAX_AUTOCONFIG_BYTES,
      headers: { accept: 'application/xml, text/xml;q=0.9' },
    });
    const servers = xml === null ? null : serversFromAutoconfig(xml, address);
    if (servers) return { kind: 'servers', ...servers, source: 'autoconfig' };
  }
  return { kind: 'manual' };
}
