import type { EventPayload } from '../../../shared/ipc/contract';
import type { MoveTarget, NewMail, SyncStatus } from '../../../shared/mail-models';
import type { Endpoint } from '../../auth/provider-presets';

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

/** Served by the engine worker. */
export interface EngineHandlers {
  [method: string]: (args: never) => unknown;
  setAccounts(args: { accounts: EngineAccount[] }): Promise<void>;
  syncNow(args: { accountId?: string }): Promise<void>;
  watchFolder(args: { accountId: string; folderId: number | null }): Promise<void>;
  fetchBody(args: { messageId: number }): Promise<void>;
  fetchAttachment(args: {
    messageId: number;
    attachmentId: number;
  }): Promise<{ filename: string; content: Uint8Array }>;
  searchServer(args: { accountId: string; folderId: number; query: string }): Promise<number[]>;
  setFlags(args: { messageIds: number[]; unread?: boolean; flagged?: boolean }): Promise<void>;
  move(args: { messageIds: number[]; to: MoveTarget }): Promise<{ undoId: string | null }>;
  delete(args: { messageIds: number[]; permanent: boolean }): Promise<{ undoId: string | null }>;
  undo(args: { undoId: string }): Promise<{ undone: boolean }>;
  status(args: Record<string, never>): Promise<SyncStatus[]>;
  /** Trusts a certificate a connection refused (if the server still presents it), then syncs again. */
  trustCertificate(args: { host: string; port: number; fingerprint256: string }): Promise<void>;
  /** The outbox changed on the UI side (a new item, send now): look at it again. */
  outboxWake(args: Record<string, never>): Promise<void>;
  /** A draft was saved locally: its copy in the server's Drafts folder follows after a pause. */
  draftChanged(args: { draftId: number }): Promise<void>;
  /** A draft was sent or discarded: its copies leave the server's Drafts folder. */
  draftGone(args: { accountId: string; draftId: number }): Promise<void>;
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
  /** From the engine's client, not its worker: whether the worker runs, is being started again, or stopped for good. */
  engineState: EventPayload<'mail.engineState'>;
}

/** A notice the worker sends for the UI thread's log only: what failed inside the engine, by code or name. */
export const engineLogNotice = 'log';
export interface EngineLogLine {
  line: string;
}
