import type { Address, FolderRole, MessageProtection } from '../../../shared/mail-models';

// The seam between the sync engine and the local store. The engine speaks IMAP and calls these;
// the store (SQLite) keeps them true. Everything here is structured-clone safe so it can cross a
// worker boundary.

/** A folder as the server lists it. */
export interface ServerMailbox {
  path: string;
  name: string;
  delimiter: string | null;
  role: FolderRole | null;
  /** False for \Noselect / \NonExistent containers. */
  selectable: boolean;
}

/** A folder as the store holds it, with what the last sync learnt about it. */
export interface StoredMailbox extends ServerMailbox {
  id: number;
  accountId: string;
  uidValidity: number | null;
  uidNext: number | null;
  /** CONDSTORE HIGHESTMODSEQ as last synced; null until a full pass completed. */
  highestModseq: number | null;
  /**
   * Every UID from this one up to uidNext - 1 that exists on the server is stored: the newest-first
   * fill has reached down to here. null: nothing synced yet; 1: the whole folder is stored.
   */
  syncedDownToUid: number | null;
  /** How many messages the server said the folder holds (EXISTS) at the last sync. */
  serverCount: number;
}

export interface MailboxState {
  uidValidity?: number;
  uidNext?: number;
  highestModseq?: number | null;
  syncedDownToUid?: number | null;
  serverCount?: number;
}

/** What the header sync learns of one message (ENVELOPE, FLAGS, RFC822.SIZE, BODYSTRUCTURE, MODSEQ). */
export interface HeaderRecord {
  uid: number;
  /**
   * The message's identity in its account (message-identity.ts): rows of several folders with the
   * same one share one stored body and one search-index entry. Absent or null: the row stands alone.
   */
  objectId?: string | null;
  /** Message-ID without angle brackets, or null. */
  messageId: string | null;
  inReplyTo: string | null;
  /** References, oldest first, without angle brackets (may be empty when only the envelope is known). */
  references: string[];
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** Milliseconds since the epoch: the Date header, else INTERNALDATE, else null. */
  date: number | null;
  /** IMAP flags as the server sent them (\Seen, \Flagged, $Label...). */
  flags: string[];
  size: number;
  hasAttachments: boolean;
  modseq: number | null;
}

export interface AttachmentRecord {
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  /** An inline part referenced from the HTML (cid:). */
  inline: boolean;
  /** The IMAP body part number, to fetch the content on demand (null when unknown). */
  part: string | null;
  /** Kept only for inline images (so cid: works offline); other content is fetched on demand. */
  content: Uint8Array | null;
}

/** A parsed body (mailparser, in the engine), ready to store and index. */
/**
 * What a message's own header says, which wins over the server's ENVELOPE once the body is read:
 * the first of duplicated headers, control characters removed, and no server placeholders. Null
 * where the header is missing or holds nothing usable, and the ENVELOPE's value stays.
 */
export interface OwnHeaders {
  subject: string | null;
  from: Address | null;
  to: Address[] | null;
  cc: Address[] | null;
  replyTo: Address[] | null;
}

export interface BodyRecord {
  /** Absent for a body copied from the store rather than parsed. */
  headers?: OwnHeaders;
  text: string | null;
  html: string | null;
  snippet: string;
  /** References from the full header when the envelope did not carry them. */
  references: string[];
  attachments: AttachmentRecord[];
  /** The text of the message's iCalendar part (an invitation, a cancellation, an answer), if any. */
  calendar?: string | null;
  protection?: MessageProtection | null;
}

/** Where a stored message lives on its server. */
export interface MessageLocation {
  messageId: number;
  accountId: string;
  mailboxId: number;
  path: string;
  uid: number;
  uidValidity: number | null;
}

/** The single writer of the local mail store. */
export interface MailWriter {
  /** Makes the stored folder list match the server's (adds, renames by path, removes); returns them all. */
  syncMailboxes(accountId: string, mailboxes: ServerMailbox[]): StoredMailbox[];
  mailboxes(accountId: string): StoredMailbox[];
  mailbox(mailboxId: number): StoredMailbox | undefined;
  setMailboxState(mailboxId: number, state: MailboxState): void;
  /** UIDVALIDITY changed: every stored message of the folder goes; the folder starts over. */
  resetMailbox(mailboxId: number, uidValidity: number): void;
  /** Inserts or updates by UID (flags, modseq), assigns conversations, indexes subject and addresses. */
  saveHeaders(mailboxId: number, headers: HeaderRecord[]): void;
  applyFlags(mailboxId: number, changes: { uid: number; flags: string[]; modseq: number | null }[]): void;
  removeUids(mailboxId: number, uids: number[]): void;
  /** Every stored UID of the folder, ascending. */
  storedUids(mailboxId: number): number[];
  /** Stored messages with no body yet, newest first. */
  uidsWithoutBody(mailboxId: number, limit: number): number[];
  /** Stored messages with no body yet, newest first, with the size the server announced (RFC822.SIZE). */
  sizesWithoutBody(mailboxId: number): { uid: number; size: number }[];
  /** Of those, the ones with attachments and at least `bytes` large. */
  largeWithoutBody(mailboxId: number, bytes: number): number[];
  saveBody(mailboxId: number, uid: number, body: BodyRecord): void;
  /** Many bodies of one folder in one transaction (the body pass); bodies of expunged UIDs are dropped. */
  saveBodies(mailboxId: number, bodies: { uid: number; body: BodyRecord }[]): void;
  locate(messageIds: number[]): MessageLocation[];
}
