import { z } from 'zod';
import { address, attachmentSummary, messageId, serverCertificate } from './mail-models';
import { accountId } from './models';
import { isKnownTimeZone, isValidLocale } from './readable-dates';

// The sending side of the contract: drafts, the composer, the outbox. Ids are the local
// store's row ids. No reply carries a token, a password or a built message's bytes.

export const draftId = z.number().int().positive();
export const outboxId = z.number().int().positive();

/** Above this the draft refuses more attachments (bytes, all attachments together). */
export const maxDraftAttachmentBytes = 35 * 1024 * 1024;
/** Most providers refuse messages above this; the composer warns, the server decides. */
export const providerMessageLimitBytes = 25 * 1024 * 1024;

export const composeMode = z.enum(['new', 'reply', 'replyAll', 'forward']);
export type ComposeMode = z.infer<typeof composeMode>;

/** The reader's locale and time zone, for the date in a reply's or forward's attribution. */
export const readerDates = z
  .object({
    locale: z.string().max(100).refine(isValidLocale, 'Not a locale.'),
    timeZone: z.string().max(100).refine(isKnownTimeZone, 'Not a known time zone.'),
  })
  .strict();
export type ReaderDates = z.infer<typeof readerDates>;

/** A new message for an account, or a reply / forward built from a stored message. */
export const composeStartInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('new'), accountId }).strict(),
  z.object({ mode: z.enum(['reply', 'replyAll', 'forward']), messageId, dates: readerDates.optional() }).strict(),
]);
export type ComposeStartInput = z.infer<typeof composeStartInput>;

/** The most addresses one of To, Cc and Bcc takes; the composer refuses more with a message. */
export const maxRecipientsPerField = 500;
const recipients = z.array(address).max(maxRecipientsPerField);

export const draft = z.object({
  id: draftId,
  accountId: z.string(),
  mode: composeMode,
  to: recipients,
  cc: recipients,
  bcc: recipients,
  subject: z.string(),
  /** HTML as the user wrote it in the composer, or null for a plain-text message. */
  html: z.string().nullable(),
  text: z.string(),
  /** Threading headers of a reply; set by compose.start, not editable. */
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** The stored message this draft replies to or forwards. */
  sourceMessageId: messageId.nullable(),
  /** The address it is sent from (one of the account's identities); null: the account's own. */
  from: z.string().nullable(),
  attachments: z.array(attachmentSummary),
  /** Last local save (ms since epoch). */
  savedAt: z.number(),
  /** Last time this version reached the server's Drafts folder, or null. */
  serverSavedAt: z.number().nullable(),
});
export type Draft = z.infer<typeof draft>;

/** What the composer saves every few seconds and on close. */
export const composeSaveInput = z
  .object({
    draftId,
    /** Send from another account. */
    accountId: accountId.optional(),
    /** Send as this identity's address (the account's own or an alias). */
    from: z.string().max(320).optional(),
    to: recipients,
    cc: recipients,
    bcc: recipients,
    subject: z.string().max(2000),
    html: z.string().max(10_000_000).nullable(),
    text: z.string().max(10_000_000),
  })
  .strict();
export type ComposeSaveInput = z.infer<typeof composeSaveInput>;

export const draftSaved = z.object({ draftId, savedAt: z.number() });

/** A local draft, for the "restore drafts" list after a restart. */
export const draftSummary = z.object({
  id: draftId,
  accountId: z.string(),
  mode: composeMode,
  subject: z.string(),
  to: recipients,
  savedAt: z.number(),
});
export type DraftSummary = z.infer<typeof draftSummary>;

export const addAttachmentInput = z
  .object({
    draftId,
    filename: z.string().min(1).max(255),
    contentType: z.string().min(1).max(255),
    /** Base64 of the file; over maxDraftAttachmentBytes (all attachments) it is refused. */
    dataBase64: z.string().max(Math.ceil((maxDraftAttachmentBytes * 4) / 3) + 4),
  })
  .strict();

export const addAttachmentResult = z.object({
  attachment: attachmentSummary,
  /** Plain words when the message will be larger than most providers accept. */
  warning: z.string().nullable(),
});
export type AddAttachmentResult = z.infer<typeof addAttachmentResult>;

/**
 * queued: waits for sendAt (the undo delay), for the network, or for the rate limit.
 * sending: on the wire now. retrying: a temporary failure, next try at nextAttemptAt.
 * possiblySent: the sender stopped after the message data went out and before the server's
 * answer; it is never resent on its own: the user chooses "Send again" (outbox.sendNow) or delete.
 * failed: the server refused it for good (error says why). sent: done (kept as a short history).
 */
export const outboxState = z.enum(['queued', 'sending', 'retrying', 'possiblySent', 'failed', 'sent']);
export type OutboxState = z.infer<typeof outboxState>;

export const outboxErrorKind = z.enum([
  'signInAgain',
  'smtpAuthDisabled',
  'tooLarge',
  'recipientRefused',
  'rateLimited',
  'offline',
  'temporary',
  'refused',
  'possiblySent',
  'untrustedCertificate',
]);
export type OutboxErrorKind = z.infer<typeof outboxErrorKind>;

export const outboxError = z.object({
  kind: outboxErrorKind,
  /** Plain words for the user; never a secret. */
  message: z.string(),
  /** The addresses the server refused, for recipientRefused. */
  refusedRecipients: z.array(z.string()),
});
export type OutboxError = z.infer<typeof outboxError>;

export const outboxItem = z.object({
  id: outboxId,
  accountId: z.string(),
  subject: z.string(),
  to: z.array(address),
  state: outboxState,
  /** Not sent before this time: the undo window ends here. */
  sendAt: z.number(),
  /** When the next try happens (retrying, rate limit), or null. */
  nextAttemptAt: z.number().nullable(),
  attempts: z.number().int().min(0),
  error: outboxError.nullable(),
  /** The SMTP server's certificate the last try refused, which the user may trust (as in syncStatus). */
  certificate: serverCertificate.nullable().optional(),
  /** Size of the built message in bytes. */
  size: z.number().int().min(0),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
  /**
   * Sent, but its copy in the Sent folder is not there yet: the last try failed (reason in plain
   * words). It is tried again until the server takes it. Absent otherwise.
   */
  sentCopyPending: z.object({ reason: z.string() }).optional(),
});
export type OutboxItem = z.infer<typeof outboxItem>;

export const sendResult = z.object({ outboxId, sendAt: z.number() });
export type SendResult = z.infer<typeof sendResult>;

export const suggestAddressesInput = z
  .object({ prefix: z.string().min(1).max(320), accountId: accountId.optional() })
  .strict();
