import type { Address } from '../../shared/mail-models';

const bare = /^[^\s@<>",;]+@[^\s@<>",;]+$/;
const named = /^\s*"?([^"<]*?)"?\s*<([^\s@<>",;]+@[^\s@<>",;]+)>\s*$/;

/** One typed recipient: `bob@example.test` or `Bob <bob@example.test>`; null if it is not one. */
export function parseAddress(raw: string): Address | null {
  const value = raw.trim();
  if (bare.test(value)) return { name: '', address: value };
  const match = named.exec(value);
  if (!match?.[2]) return null;
  return { name: (match[1] ?? '').trim(), address: match[2] };
}

/** Recipients typed or pasted as a list separated by commas or semicolons; what does not parse is returned as text. */
export function parseAddressList(raw: string): { addresses: Address[]; rest: string } {
  const addresses: Address[] = [];
  const rest: string[] = [];
  for (const part of raw.split(/[,;]/)) {
    if (part.trim() === '') continue;
    const parsed = parseAddress(part);
    if (parsed) addresses.push(parsed);
    else rest.push(part.trim());
  }
  return { addresses, rest: rest.join(', ') };
}

export function addressLabel(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

export function sameAddress(a: Address, b: Address): boolean {
  return a.address.toLowerCase() === b.address.toLowerCase();
}
