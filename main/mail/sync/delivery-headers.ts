// The envelope recipients a message's delivery left in its header: the address it was delivered
// to when To and Cc name a list or nobody of ours (a Bcc). X-Original-To (Postfix) and
// Envelope-To (Exim) keep the address before any alias was expanded, so they come first;
// Delivered-To (one per hop, the newest on top) after them.

/** The header fields asked of the server, in the order their addresses count. */
export const DELIVERY_HEADER_FIELDS = ['x-original-to', 'envelope-to', 'delivered-to'] as const;

const ADDRESS = /[^\s<>,;"()@]+@[^\s<>,;"()@]+\.[^\s<>,;"()@]+/g;

/** The addresses of those fields in a header block (a FETCH BODY[HEADER.FIELDS (...)] answer), each once. */
export function deliveryAddresses(headerBlock: string): string[] {
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, ' ');
  const found: string[] = [];
  for (const field of DELIVERY_HEADER_FIELDS) {
    for (const [, value] of unfolded.matchAll(new RegExp(`^${field}:(.*)$`, 'gim'))) {
      for (const [address] of (value ?? '').matchAll(ADDRESS)) {
        const lower = address.toLowerCase();
        if (!found.includes(lower)) found.push(lower);
      }
    }
  }
  return found;
}
