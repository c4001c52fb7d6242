import { mboxEntry, type MboxMessage } from '../export/mbox-entry';

/** Messages as one mbox file (mboxrd). */
export function toMbox(messages: MboxMessage[]): Uint8Array {
  return new Uint8Array(Buffer.concat(messages.map(mboxEntry)));
}
