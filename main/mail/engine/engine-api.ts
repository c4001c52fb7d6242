import type { Draft, OutboxState } from '../../../shared/compose-models';
import type { EventPayload } from '../../../shared/ipc/contract';
import type { AttachmentSummary, InvitationAnswer, MoveTarget, NewMail, SyncStatus } from '../../../shared/mail-models';
import type { Endpoint } from '../../auth/provider-presets';
import type { DraftChanges, DraftContent, DraftFile, DraftOrigin } from '../compose/draft-repository';
import type { ExportChunk } from '../export/export-runs';

// What crosses between the thread that answers the UI and the mail engine's worker thread, in
// both directions. The engine owns IMAP and the store's single writer; the UI thread owns the
// keychain and the token manager, so credentials are asked for one login at a time.

/** An account as the engine needs it: where and as whom to log in. */
export interface EngineAccount {
  id: string;
  email: string;
  authKind: 'oauth' | 'password';
  imap: Endpoint;
}

export interface EngineStart {
  databaseFile: string;
  /** PEM certificates trusted in addition to the system's. */
  extraCa: string[];
  sendRateLimit: { messages: number; perSeconds: number };
}

/**
 * Served by the engine worker, the only writer of drafts and the outbox: the changes the composer
 * and the outbox view ask for. accountIds in an answer: the accounts whose drafts list changed.
 */
export interface ComposeHandlers {
  [method: string]: (args: never) => unknown;
  /** With `origin`, the draft was opened from that message in the server's Drafts folder. */
  draftCreate(args: { content: DraftContent; files: DraftFile[]; origin?: DraftOrigin }): Promise<Draft>;
  /** The composer closed: a draft nothing was done to leaves no trace (the message it was opened from stays). */
  draftClose(args: { draftId: number }): Promise<{ removed: boolean; accountIds: string[] }>;
  draftSave(args: { draftId: number; changes: DraftChanges }): Promise<{ savedAt: number; accountIds: string[] }>;
  draftDiscard(args: { draftId: number }): Promise<{ accountIds: string[] }>;
  draftAddFile(args: {
    draftId: number;
    file: DraftFile;
  }): Promise<{ attachment: AttachmentSummary; attachmentBytes: number; accountIds: string[] }>;
  draftRemoveFile(args: { draftId: number; attachmentId: number }): Promise<{ accountIds: string[] }>;
  /** Builds the draft's message and queues it to leave at sendAt; a draft already queued answers with its item. */
  draftSend(args: {
    draftId: number;
    sendAt: number;
  }): Promise<{ outboxId: number; sendAt: number; accountIds: string[] }>;
  outboxSendNow(args: { outboxId: number }): Promise<void>;
  /** Takes an item in one of these states out of the outbox, its draft (if any) back among the drafts. */
  outboxTakeBack(args: {
    outboxId: number;
    states: OutboxState[];
  }): Promise<{ draftId: number | null; accountIds: string[] }>;
  /** Deletes an item that is not on the wire, and its draft. */
  outboxDelete(args: { outboxId: number }): Promise<{ deleted: boolean }>;
  /** Queues the iTIP REPLY to the invitation in this message, to leave at sendAt, and keeps the answer on it. */
  invitationAnswer(args: {
    messageId: number;
    answer: InvitationAnswer;
    sendAt: number;
  }): Promise<{ outboxId: number; accountId: string }>;
}

/** Served by the engine worker. */
export interface EngineHandlers extends ComposeHandlers {
  [method: string]: (args: never) => unknown;
  setAccounts(args: { accounts: EngineAccount[] }): Promise<void>;
  syncNow(args: { accountId?: string }): Promise<void>;
  watchFolder(args: { accountId: string; folderId: number | null }): Promise<void>;
  fetchBody(args: { messageId: number }): Promise<void>;
  fetchAttachment(args: {
    messageId: number;
    attachmentId: number;
  }): Promise<{ filename: string; content: Uint8Array }>;
  /** The addresses the message was delivered to by its Delivered-To, X-Original-To and Envelope-To headers (not stored: read from the server). */
  deliveryAddresses(args: { messageId: number }): Promise<string[]>;
  searchServer(args: { accountId: string; folderId: number; query: string }): Promise<number[]>;
  /** A folder's export as mbox, on a session of its own, pulled with exportNext until its chunk is null. */
  exportStart(args: { folderId: number }): Promise<{ exportId: string }>;
  exportNext(args: { exportId: string }): Promise<ExportChunk>;
  exportStop(args: { exportId: string }): Promise<void>;
  setFlags(args: { messageIds: number[]; unread?: boolean; flagged?: boolean }): Promise<{ undoId: string | null }>;
  markAllRead(args: { folderIds: number[] }): Promise<{ undoId: string | null }>;
  move(args: { messageIds: number[]; to: MoveTarget }): Promise<{ undoId: string | null }>;
  delete(args: { messageIds: number[]; permanent: boolean }): Promise<{ undoId: string | null }>;
  undo(args: { undoId: string }): Promise<{ undone: boolean }>;
  status(args: Record<string, never>): Promise<SyncStatus[]>;
  /** Trusts a certificate a connection refused (if the server still presents it), then syncs again. */
  trustCertificate(args: { host: string; port: number; fingerprint256: string }): Promise<void>;
  close(args: Record<string, never>): Promise<void>;
}

/** Served by the UI thread: one credential at a time, never stored by the engine. */
export interface CredentialHandlers {
  [method: string]: (args: never) => unknown;
  accessToken(args: { accountId: string }): Promise<string>;
  invalidateAccessToken(args: { accountId: string; refused: string }): Promise<void>;
  requireSignIn(args: { accountId: string; reason: string }): Promise<void>;
  password(args: { accountId: string }): Promise<string>;
  passwordRefused(args: { accountId: string }): Promise<void>;
}

/** Notices from the engine. */
export interface EngineNotices {
  status: SyncStatus;
  changed: { accountId: string; folderIds: number[] };
  newMail: NewMail;
  outboxChanged: { accountId: string };
  /** A sent message's copy in Sent could not be saved yet; the engine retries it. For the activity log. */
  sentCopyPending: { accountId: string; reason: string };
  /** The submission server took a message. For the activity log: a count, never an address. */
  sent: { accountId: string; recipients: number };
  /** From the engine's client, not its worker: whether the worker runs, is being started again, or stopped for good. */
  engineState: EventPayload<'mail.engineState'>;
}

/** A notice the worker sends for the UI thread's log only: what failed inside the engine, by code or name. */
export const engineLogNotice = 'log';
export interface EngineLogLine {
  line: string;
}
