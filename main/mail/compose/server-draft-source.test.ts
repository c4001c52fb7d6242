import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/identity-models';
import type { MessageDetail } from '../../../shared/mail-models';
import { serverDraftContent, type ServerDraftSource } from './server-draft-source';

const accountId = 'sandbox:alice@harbor.test';
const identity = (id: number, address: string, primary = false): Identity => ({
  id,
  accountId,
  address,
  name: '',
  primary,
  signature: { format: 'plain', text: '', html: '' },
});
const identities = [identity(1, 'alice@harbor.test', true), identity(2, 'harbourmaster@harbor.test')];

const source: ServerDraftSource = {
  origin: { accountId, path: 'Drafts', uidValidity: 1, uid: 7, messageId: 'draft@harbor.test' },
  inReplyTo: null,
  references: [],
};

const draftMessage = (fromAddress: string): MessageDetail => ({
  id: 70,
  accountId,
  folderId: 4,
  threadId: 5,
  from: { name: 'Harbourmaster', address: fromAddress },
  to: [{ name: 'Bob', address: 'bob@harbor.test' }],
  cc: [],
  replyTo: [],
  subject: 'Mooring fees',
  date: Date.UTC(2025, 0, 6, 10, 0),
  messageIdHeader: 'draft@harbor.test',
  unread: false,
  flagged: false,
  html: null,
  text: 'Twelve euros a night.',
  inlineImages: {},
  attachments: [],
  remoteContentAllowed: false,
  event: null,
  protection: null,
  folderIds: [4],
});

describe('serverDraftContent', () => {
  it('keeps the alias the draft was written as, whatever its case', () => {
    expect(serverDraftContent(draftMessage('HarbourMaster@harbor.test'), source, identities).from).toBe(
      'harbourmaster@harbor.test',
    );
  });

  it("is from the account's own address for the account's address or an address it does not send as", () => {
    expect(serverDraftContent(draftMessage('alice@harbor.test'), source, identities).from).toBeNull();
    expect(serverDraftContent(draftMessage('someone@elsewhere.test'), source, identities).from).toBeNull();
    expect(serverDraftContent(draftMessage('harbourmaster@harbor.test'), source, []).from).toBeNull();
  });
});
