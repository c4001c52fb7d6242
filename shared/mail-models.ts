import { z } from 'zod';
import { accountId } from './models';

// The mail side of the contract: folders, the message list, one opened message, actions and
// sync state. Ids are the local store's row ids; nothing here names a server secret.

export const folderRole = z.enum(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'flagged']);
export type FolderRole = z.infer<typeof folderRole>;

const rowId = z.number().int().positive();
export const folderId = rowId;
export const messageId = rowId;

export const folderSummary = z.object({
  id: folderId,
  accountId: z.string(),
  path: z.string(),
  name: z.string(),
  /** Nesting depth from the account's root, for indenting the folder tree. */
  depth: z.number().int().min(0),
  role: folderRole.nullable(),
  unread: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type FolderSummary = z.infer<typeof folderSummary>;

/** Which messages a list shows: one folder, every account's Inbox, or a local search. */
export const listView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), folderId }).strict(),
  z.object({ kind: z.literal('unified-inbox') }).strict(),
  z
    .object({
      kind: z.literal('search'),
      /** Free words plus from:, to:, subject:, has:attachment, is:unread. */
      query: z.string().max(500),
      accountId: accountId.optional(),
      folderId: folderId.optional(),
    })
    .strict(),
]);
export type ListView = z.infer<typeof listView>;

export const address = z.object({ name: z.string(), address: z.string() });
export type Address = z.infer<typeof address>;

/**
 * What a row of the conversation view adds: the conversation's messages in the row's folder (the
 * row's own fields are its newest message's, with unread, flagged and attachments of them all).
 */
export const conversationSummary = z.object({
  /** Newest first; what the row's actions act on. */
  messageIds: z.array(messageId).min(1),
  /** The senders, each once, oldest first. */
  participants: z.array(address).max(8),
  unreadCount: z.number().int().min(0),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const messageRow = z.object({
  id: messageId,
  accountId: z.string(),
  folderId,
  threadId: z.number().int(),
  /** Messages in this conversation across the account's folders. */
  threadCount: z.number().int().min(1),
  from: address,
  /** The first few recipients, which rows of Sent and Drafts show instead of the sender. */
  to: z.array(address).max(5),
  subject: z.string(),
  snippet: z.string(),
  date: z.number().nullable(),
  unread: z.boolean(),
  flagged: z.boolean(),
  hasAttachments: z.boolean(),
  /** Present on the rows of a folder listed by conversation. */
  conversation: conversationSummary.optional(),
});
export type MessageRow = z.infer<typeof messageRow>;

export const listInput = z
  .object({
    view: listView,
    /** One row per conversation in a folder or the Unified Inbox; search results stay one row per message. */
    conversations: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const listPage = z.object({
  total: z.number().int().min(0),
  offset: z.number().int(),
  rows: z.array(messageRow),
});
export type ListPage = z.infer<typeof listPage>;

export const attachmentSummary = z.object({
  id: z.number().int().positive(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
});
export type AttachmentSummary = z.infer<typeof attachmentSummary>;

/** An attendee's answer to an invitation (iCalendar PARTSTAT, RFC 5545 3.2.12). */
export const participation = z.enum(['needs-action', 'accepted', 'tentative', 'declined', 'delegated']);
export type Participation = z.infer<typeof participation>;

/** The answers the user can send from the event card (an iTIP REPLY, RFC 5546). */
export const invitationAnswer = z.enum(['accepted', 'tentative', 'declined']);
export type InvitationAnswer = z.infer<typeof invitationAnswer>;

export const eventPerson = z.object({
  name: z.string(),
  address: z.string(),
  /** null for the organizer, or an attendee listed without PARTSTAT. */
  status: participation.nullable(),
  /** Marked optional (ROLE=OPT-PARTICIPANT). */
  optional: z.boolean(),
  /** The account's own address. */
  you: z.boolean(),
});
export type EventPerson = z.infer<typeof eventPerson>;

/**
 * A calendar event carried by a message (an iTIP text/calendar part), as the main side read it
 * with ical.js. Times are instants (ms since the epoch): the renderer shows them in the user's
 * time zone. An all-day event's start and end are the UTC midnights of its dates (end exclusive).
 */
export const calendarEvent = z.object({
  /** REQUEST: an invitation or an update; CANCEL: the organizer called it off; REPLY: an attendee answered. */
  method: z.enum(['request', 'cancel', 'reply', 'publish']),
  title: z.string(),
  start: z.number(),
  end: z.number().nullable(),
  allDay: z.boolean(),
  /** The time zone the organizer wrote the times in (its TZID), when not UTC or floating. */
  timeZone: z.string().nullable(),
  /** How it repeats, in words ("Every week on Monday"), or null for a single event. */
  recurrence: z.string().nullable(),
  /** For one occurrence of a repeating event (RECURRENCE-ID): which one. */
  occurrence: z.number().nullable(),
  location: z.string().nullable(),
  organizer: eventPerson.nullable(),
  attendees: z.array(eventPerson),
  /** The event's own STATUS is CANCELLED, or the message cancels it. */
  cancelled: z.boolean(),
  /** The user's answer: what the user last sent from here, else what the organizer's copy says. */
  yourStatus: participation.nullable(),
  /** The user is an attendee of a REQUEST and may answer it. */
  canAnswer: z.boolean(),
});
export type CalendarEvent = z.infer<typeof calendarEvent>;

/**
 * S/MIME or OpenPGP protection of a message. Signatures are not verified yet, and encrypted
 * content cannot be read yet: the reading pane says so.
 */
export const messageProtection = z.object({
  kind: z.enum(['signed', 'encrypted']),
  scheme: z.enum(['smime', 'pgp']),
});
export type MessageProtection = z.infer<typeof messageProtection>;

/**
 * An opened message. `html` is the parsed HTML body as the sender wrote it: the renderer
 * sanitizes it (DOMPurify plus our CSS rules) and shows it only in a sandboxed iframe.
 * `inlineImages` maps a Content-ID to a data: URL of an image part of this same message.
 */
export const messageDetail = z.object({
  id: messageId,
  accountId: z.string(),
  folderId,
  threadId: z.number().int(),
  from: address,
  to: z.array(address),
  cc: z.array(address),
  replyTo: z.array(address),
  subject: z.string(),
  date: z.number().nullable(),
  messageIdHeader: z.string().nullable(),
  unread: z.boolean(),
  flagged: z.boolean(),
  html: z.string().nullable(),
  text: z.string().nullable(),
  inlineImages: z.record(z.string(), z.string()),
  attachments: z.array(attachmentSummary),
  /** True when the user chose to always load remote content from this sender. */
  remoteContentAllowed: z.boolean(),
  /** The event of a text/calendar part, when the message carries one that could be read. */
  event: calendarEvent.nullable(),
  protection: messageProtection.nullable(),
  /** Every folder that holds this message (one stored copy however many), `folderId` among them. */
  folderIds: z.array(folderId),
});
export type MessageDetail = z.infer<typeof messageDetail>;

/** A conversation's messages across the account's folders, oldest first. */
export const conversation = z.object({ threadId: z.number().int(), messages: z.array(messageRow) });
export type Conversation = z.infer<typeof conversation>;

export const moveTarget = z.union([z.enum(['archive', 'trash', 'inbox']), z.object({ folderId }).strict()]);
export type MoveTarget = z.infer<typeof moveTarget>;

export const messageIds = z.array(messageId).min(1).max(1000);

/** Something that can be undone for a short while (archive, delete to Trash, move). */
export const undoHandle = z.object({ undoId: z.string().nullable() });

export const syncPhase = z.enum(['connecting', 'folders', 'newest', 'headers', 'bodies', 'idle', 'offline', 'error']);
export type SyncPhase = z.infer<typeof syncPhase>;

/** A server certificate the app refused and the user may choose to trust (pinned to its fingerprint). */
export const serverCertificate = z.object({
  host: z.string(),
  port: z.number().int(),
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** 'changed': another certificate than the one the user trusted for this host:port. */
  problem: z.enum(['untrusted', 'changed']),
  /** Why it was refused, in plain words. */
  reason: z.string(),
});
export type ServerCertificate = z.infer<typeof serverCertificate>;

export const syncStatus = z.object({
  accountId: z.string(),
  phase: syncPhase,
  /** The folder being worked on, when there is one. */
  folderId: folderId.nullable(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Messages per second over the recent past. */
  rate: z.number().min(0),
  /** Seconds left at that rate, when it can be told. */
  etaSeconds: z.number().min(0).nullable(),
  /** Why the account is offline or failing, in plain words; when the next attempt is. */
  message: z.string().nullable(),
  retryAt: z.number().nullable(),
  /** The refused certificate the user may trust, when that is why the account is offline. */
  certificate: serverCertificate.nullable().optional(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const newMail = z.object({
  accountId: z.string(),
  count: z.number().int().min(1),
  latest: z.object({ from: z.string(), subject: z.string() }),
});
export type NewMail = z.infer<typeof newMail>;
