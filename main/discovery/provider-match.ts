// Known providers from an address alone: by the mail domain (a preset's domains), or by the
// domain's MX hosts for the hosted-domain services (Google Workspace, Microsoft 365).
import { isAtOrUnder } from './host-name';

export interface ProviderDomains {
  id: string;
  domains: string[];
  /** The provider's country domains (hotmail.co.uk, yahoo.fr...), as a whole lower-case name. */
  domainPattern?: RegExp;
}

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** MX host suffixes of the hosted-domain services, matched on label boundaries. */
export const mxRules: readonly { suffix: string; providerId: string }[] = [
  { suffix: 'google.com', providerId: 'google' },
  { suffix: 'googlemail.com', providerId: 'google' },
  { suffix: 'mail.protection.outlook.com', providerId: 'microsoft' },
];

export function providerByDomain(domain: string, providers: readonly ProviderDomains[]): string | null {
  const name = domain.toLowerCase();
  const serves = (provider: ProviderDomains) =>
    provider.domains.some((d) => d.toLowerCase() === name) || (provider.domainPattern?.test(name) ?? false);
  return providers.find(serves)?.id ?? null;
}

/**
 * The provider behind the domain's most preferred MX hosts (lowest priority value), when they all
 * belong to one known service. Backup MX hosts say nothing about where the mailboxes are.
 */
export function providerByMx(records: readonly MxRecord[]): string | null {
  const usable = records.filter((record) => record.exchange.trim() !== '' && Number.isFinite(record.priority));
  if (usable.length === 0) return null;
  const best = Math.min(...usable.map((record) => record.priority));
  const matches = usable
    .filter((record) => record.priority === best)
    .map((record) => mxRules.find((rule) => isAtOrUnder(record.exchange, rule.suffix))?.providerId ?? null);
  const first = matches[0] ?? null;
  return first !== null && matches.every((id) => id === first) ? first : null;
}
