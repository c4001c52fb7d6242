import type { FetchMessageObject } from 'imapflow';

/**
 * Where a server's stable per-account message identity comes from, best first:
 * - 'gmail': X-GM-MSGID (X-GM-EXT-1), the same number in every label of the message;
 * - 'emailid': EMAILID (RFC 8474 OBJECTID), which COPY and MOVE keep;
 * - 'fallback': none; Message-ID, size, Date header, sender and subject together stand in (see below).
 *
 * imapflow asks for the identity in every FETCH by itself: EMAILID where the server has OBJECTID,
 * else X-GM-MSGID where it has X-GM-EXT-1, both read into `emailId`. Gmail offers no OBJECTID; a
 * server with both is asked for EMAILID, the standard identity.
 */
export type IdentitySource = 'gmail' | 'emailid' | 'fallback';

export function identitySource(capabilities: ReadonlyMap<string, unknown>): IdentitySource {
  if (capabilities.has('OBJECTID')) return 'emailid';
  if (capabilities.has('X-GM-EXT-1')) return 'gmail';
  return 'fallback';
}

/** What the fallback reads: all of it from the header sync, none of it from the folder. */
export interface FallbackParts {
  messageId: string | null;
  size: number;
  /** The Date header only: INTERNALDATE belongs to the folder's copy (an APPEND gives it a new one). */
  headerDate: number | null;
  from: string;
  subject: string;
}

/**
 * The message's identity within its account, or null when it has none: two folders' rows with the
 * same identity are one message, downloaded, stored and indexed once.
 *
 * The fallback is guarded: a Message-ID alone is not unique (some senders reuse one; a reply
 * saved as a draft keeps the draft's; test suites send variants of one message under one), so it
 * takes the Message-ID with the exact size, the Date header, the sender and the subject. Without a
 * Message-ID, a Date header or a size a message stands alone.
 */
export function messageIdentity(
  source: IdentitySource,
  message: Pick<FetchMessageObject, 'emailId'>,
  fallback: FallbackParts,
): string | null {
  if (source !== 'fallback' && message.emailId) return `${source === 'gmail' ? 'gm' : 'emailid'}:${message.emailId}`;
  const { messageId, size, headerDate, from, subject } = fallback;
  if (!messageId || headerDate === null || size <= 0) return null;
  return `mid:${messageId}\n${size}\n${headerDate}\n${from.toLowerCase()}\n${subject}`;
}
