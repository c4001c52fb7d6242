import { z } from 'zod';
import { appSettings } from '../app-settings';
import { aliasInput, identity, identityId, identityUpdate } from '../identity-models';
import {
  accountId,
  accountSummary,
  activityEntry,
  appInfo,
  discoverInput,
  discoveryResult,
  passwordSignInInput,
  probeStep,
  providerSummary,
  removeAccountResult,
  secretStorageStatus,
  serverProbeInput,
  serverEndpoint,
  serverProbeResult,
  serverSignInInput,
  signInInput,
  signInProgress,
  signOutResult,
  unsentChoice,
  unsentMail,
} from '../models';
import {
  address,
  conversation,
  folderId,
  folderSummary,
  invitationAnswer,
  listInput,
  listPage,
  messageDetail,
  messageId,
  messageIds,
  moveTarget,
  newMail,
  serverCertificate,
  syncStatus,
  undoHandle,
} from '../mail-models';
import {
  addAttachmentInput,
  addAttachmentResult,
  composeSaveInput,
  composeStartInput,
  draft,
  draftId,
  draftSaved,
  draftSummary,
  outboxId,
  outboxItem,
  sendResult,
  suggestAddressesInput,
} from '../compose-models';

// The one contract between the renderer and the main side. Every method and event is a zod
// schema; the types below are derived from it, so a change here is checked everywhere.

const empty = z.object({}).strict();

/** A server being set up, and the protocol it speaks (for STARTTLS). */
const certificateTarget = serverEndpoint.extend({ protocol: z.enum(['imap', 'smtp']) }).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const contract = {
  methods: {
    'app.info': method(empty, appInfo),
    'providers.list': method(empty, z.array(providerSummary)),
    'servers.probe': method(serverProbeInput, serverProbeResult),
    /** Cancels the server checks and app-password checks running now; they fail with SIGN_IN_CANCELLED. */
    'servers.cancelCheck': method(empty, z.object({ cancelled: z.boolean() })),
    /** The certificate a server being set up presents, when it may be trusted by exception; main looks at it itself. */
    'servers.inspectCertificate': method(certificateTarget, serverCertificate),
    /** Pins that server's certificate to this fingerprint, if it still presents exactly that one when main looks again. */
    'servers.trustCertificate': method(
      certificateTarget.extend({ fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }).strict(),
      z.object({}),
    ),
    'links.open': method(z.object({ url: z.string().max(4096) }).strict(), z.object({ opened: z.boolean() })),
    'secrets.status': method(empty, secretStorageStatus),
    'accounts.list': method(empty, z.array(accountSummary)),
    'setup.discover': method(discoverInput, discoveryResult),
    'auth.signIn': method(signInInput, z.object({ accountId })),
    'auth.signInToServer': method(serverSignInInput, z.object({ accountId })),
    /** "Sign in again": built from the stored account, never from what the renderer names. */
    'auth.signInAgain': method(z.object({ accountId }).strict(), z.object({ accountId })),
    'auth.signInWithPassword': method(passwordSignInInput, z.object({ accountId }).strict()),
    'auth.cancelSignIn': method(empty, z.object({ cancelled: z.boolean() })),
    'auth.openBrowserAgain': method(empty, z.object({ opened: z.boolean() })),
    /** Outbox items and drafts of the account that exist only here; sign-out and removal refuse them without a choice. */
    'accounts.unsentMail': method(z.object({ accountId }).strict(), unsentMail),
    'auth.signOut': method(z.object({ accountId, unsent: unsentChoice.optional() }).strict(), signOutResult),
    'auth.removeAccount': method(
      z.object({ accountId, unsent: unsentChoice.optional() }).strict(),
      removeAccountResult,
    ),
    'activity.list': method(z.object({ accountId }).strict(), z.array(activityEntry)),
    'mail.folders': method(empty, z.array(folderSummary)),
    'mail.list': method(listInput, listPage),
    /** Fetches the body when it is not stored yet, and marks the message read unless `markRead` is false. */
    'mail.open': method(z.object({ messageId, markRead: z.boolean().default(true) }).strict(), messageDetail),
    /** `folderId`: the folder it is read from; messages in Trash or Junk join only when that is the folder. */
    'mail.conversation': method(
      z.object({ threadId: z.number().int(), accountId, folderId: folderId.optional() }).strict(),
      conversation,
    ),
    'mail.setFlags': method(
      z.object({ messageIds, unread: z.boolean().optional(), flagged: z.boolean().optional() }).strict(),
      undoHandle,
    ),
    /** Every unread message stored in these folders, marked read in one command per folder. */
    'mail.markAllRead': method(z.object({ folderIds: z.array(folderId).min(1).max(500) }).strict(), undoHandle),
    'mail.move': method(z.object({ messageIds, to: moveTarget }).strict(), undoHandle),
    /** To Trash; `permanent` only for messages already in Trash, after the user confirmed. */
    'mail.delete': method(z.object({ messageIds, permanent: z.boolean().default(false) }).strict(), undoHandle),
    'mail.undo': method(z.object({ undoId: z.string().max(100) }).strict(), z.object({ undone: z.boolean() })),
    /** IMAP SEARCH on the server for what the local store does not hold; matches are stored and listed. */
    'mail.searchServer': method(
      z.object({ accountId, folderId, query: z.string().min(1).max(500) }).strict(),
      listPage,
    ),
    /**
     * Answers the invitation in this message: an iTIP REPLY (RFC 5546) to its organizer goes out
     * through the outbox at once, and the message remembers the answer.
     */
    'mail.answerInvitation': method(
      z.object({ messageId, answer: invitationAnswer }).strict(),
      z.object({ outboxId, answer: invitationAnswer }),
    ),
    /** Always load remote content in messages from this message's sender. */
    'mail.allowRemoteContent': method(z.object({ messageId }).strict(), z.object({})),
    /** The main side fetches a message's remote images (http/https, images only) as data: URLs; the renderer fetches nothing. */
    'mail.remoteImages': method(
      z.object({ messageId, urls: z.array(z.string().max(4096)).max(100) }).strict(),
      z.object({ images: z.record(z.string(), z.string()) }),
    ),
    /** Asks the host where to save (a save dialog) and writes the attachment there. */
    'mail.saveAttachment': method(
      z.object({ messageId, attachmentId: z.number().int().positive() }).strict(),
      z.object({ saved: z.boolean() }),
    ),
    /**
     * Asks the host where to save (a save dialog) and writes the folder there as an mbox file
     * (mboxrd, flags in Status, X-Status and X-Keywords), every message fetched whole from the server.
     */
    'mail.exportFolder': method(
      z.object({ folderId }).strict(),
      z.object({ saved: z.boolean(), messages: z.number().int().min(0) }),
    ),
    'mail.syncNow': method(z.object({ accountId: accountId.optional() }).strict(), z.object({})),
    'mail.syncStatus': method(empty, z.array(syncStatus)),
    /** Starts the mail engine again after it stopped for good (it had died too often to be restarted on its own). */
    'mail.restartEngine': method(empty, z.object({})),
    /** Trusts a certificate a sync status reported, pinned to its fingerprint, if the server still presents it; then syncs. */
    'tls.trustCertificate': method(
      z
        .object({
          host: z.string().min(1).max(253),
          port: z.number().int().min(1).max(65535),
          fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
        })
        .strict(),
      z.object({}),
    ),
    'settings.get': method(empty, appSettings),
    'settings.set': method(appSettings.partial().strict(), appSettings),
    /** Every account's identities: its own address first, then its aliases. */
    'identities.list': method(empty, z.array(identity)),
    /** A new display name or signature for one identity. */
    'identities.update': method(identityUpdate, identity),
    'identities.addAlias': method(aliasInput, identity),
    /** Removes an alias; the account's own address stays. */
    'identities.removeAlias': method(z.object({ id: identityId }).strict(), z.object({})),
    /** Creates a local draft: empty, or a reply / forward built from the stored message. */
    'compose.start': method(composeStartInput, draft),
    /** Saves locally now; the server's Drafts folder follows a little later when online. */
    'compose.save': method(composeSaveInput, draftSaved),
    'compose.get': method(z.object({ draftId }).strict(), draft),
    /**
     * A message in the server's Drafts folder as a draft to edit: the local draft it is a copy of, or
     * a new one with its recipients, subject, text and attachments; the first save replaces the message.
     */
    'compose.openServerDraft': method(z.object({ messageId }).strict(), draft),
    /** The composer closed: a draft nothing was done to is removed, so no empty draft is left behind. */
    'compose.close': method(z.object({ draftId }).strict(), z.object({ removed: z.boolean() })),
    /** Local drafts, newest first: what to offer to restore after a restart. */
    'compose.drafts': method(empty, z.array(draftSummary)),
    /** Deletes the local draft and its copy in the server's Drafts folder. */
    'compose.discard': method(z.object({ draftId }).strict(), z.object({ discarded: z.boolean() })),
    'compose.addAttachment': method(addAttachmentInput, addAttachmentResult),
    'compose.removeAttachment': method(
      z.object({ draftId, attachmentId: z.number().int().positive() }).strict(),
      z.object({}),
    ),
    /** Builds the message once and queues it; it leaves after the undo delay (sendAt). */
    'compose.send': method(z.object({ draftId }).strict(), sendResult),
    /** Addresses seen in stored mail, most used and most recent first, at most 10. */
    'compose.suggestAddresses': method(suggestAddressesInput, z.array(address)),
    'outbox.list': method(empty, z.array(outboxItem)),
    /** Queued: skip the undo delay. Retrying, failed or possibly sent: try again now (the user chose to). */
    'outbox.sendNow': method(z.object({ outboxId }).strict(), z.object({})),
    /** Within the undo delay: back to a draft (draftId); null when it is already on its way. */
    'outbox.undo': method(z.object({ outboxId }).strict(), z.object({ draftId: draftId.nullable() })),
    /** A failed, retrying or possibly sent item back to a draft to change it. */
    'outbox.edit': method(z.object({ outboxId }).strict(), z.object({ draftId: draftId.nullable() })),
    'outbox.delete': method(z.object({ outboxId }).strict(), z.object({ deleted: z.boolean() })),
  },
  events: {
    'servers.probeStep': probeStep,
    'auth.signInProgress': signInProgress,
    'accounts.changed': z.object({}),
    /** A name, signature or alias changed: reload identities.list. */
    'identities.changed': z.object({}),
    /** An activity entry was stored for this account (null: none); no kind, detail or secret travels. */
    'activity.recorded': z.object({ accountId: z.string().nullable() }).strict(),
    'mail.syncStatus': syncStatus,
    /** Stored messages changed in these folders: reload counts and the visible page. */
    'mail.changed': z.object({ accountId: z.string(), folderIds: z.array(folderId) }).strict(),
    'mail.newMail': newMail,
    /** The mail engine's worker runs, is being started again after it died, or stopped for good (see mail.restartEngine). */
    'mail.engineState': z.object({ state: z.enum(['running', 'restarting', 'stopped']) }).strict(),
    /** The account's outbox changed: reload outbox.list. */
    'outbox.changed': z.object({ accountId: z.string() }).strict(),
    /** The account's local drafts changed: reload compose.drafts. */
    'compose.draftsChanged': z.object({ accountId: z.string() }).strict(),
  },
} as const;

type Methods = typeof contract.methods;
type Events = typeof contract.events;

export type MethodName = keyof Methods;
export type EventName = keyof Events;
/** What a caller passes (defaults not yet applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a service receives (validated, defaults applied). */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(contract.methods) as MethodName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract.methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}
