// Names that discovery hands on: the mail domain of an address, and server host names read from
// DNS or an autoconfig file. Anything that is not a plain DNS name (or an IPv4 address) is refused.
import { domainToASCII } from 'node:url';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A lower-case DNS name of at least two labels, letters, digits and inner dashes only. */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  // A top-level label of digits only would make it an address, not a name.
  return !/^\d+$/.test(labels.at(-1) ?? '');
}

/** A server host name safe to show and to connect to: a DNS name or an IPv4 address. */
export function safeHostName(raw: string): string | null {
  const host = raw.trim().toLowerCase().replace(/\.$/, '');
  if (IPV4.test(host)) return host;
  return isDnsName(host) ? host : null;
}

/** The ASCII (punycode) mail domain of an address, or null when it has none that DNS could hold. */
export function mailDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  const ascii = domainToASCII(
    email
      .slice(at + 1)
      .trim()
      .toLowerCase()
      .replace(/\.$/, ''),
  );
  return ascii && isDnsName(ascii) ? ascii : null;
}

/** True when `host` is `suffix` or a name under it (compared on label boundaries, any case). */
export function isAtOrUnder(host: string, suffix: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const base = suffix.toLowerCase();
  return name === base || name.endsWith(`.${base}`);
}
