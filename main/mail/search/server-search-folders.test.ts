import { describe, expect, it } from 'vitest';
import type { FolderRole } from '../../../shared/mail-models';
import type { StoredMailbox } from '../store/mail-store-types';
import { serverSearchFolders } from './server-search-folders';

let nextId = 1;
const folder = (path: string, role: FolderRole | null = null, selectable = true): StoredMailbox => ({
  id: nextId++,
  accountId: 'a',
  path,
  name: path,
  delimiter: '/',
  role,
  selectable,
  uidValidity: 1,
  uidNext: 1,
  highestModseq: null,
  syncedDownToUid: 1,
  serverCount: 0,
});

const dovecot = [
  folder('Work'),
  folder('Trash', 'trash'),
  folder('INBOX', 'inbox'),
  folder('Junk', 'junk'),
  folder('Sent', 'sent'),
  folder('Lists', null, false),
];
const gmail = [
  folder('INBOX', 'inbox'),
  folder('[Gmail]/All Mail', 'all'),
  folder('[Gmail]/Sent Mail', 'sent'),
  folder('[Gmail]/Spam', 'junk'),
  folder('[Gmail]/Trash', 'trash'),
  folder('Receipts'),
];
const paths = (mailboxes: StoredMailbox[]) => mailboxes.map((mailbox) => mailbox.path);

describe('serverSearchFolders', () => {
  it('searches every selectable folder in sync order (Inbox first), leaving Trash and Junk out unless asked for', () => {
    const plain = serverSearchFolders(dovecot, null, false);
    expect(paths(plain.search)).toEqual(['INBOX', 'Sent', 'Work']);
    expect(paths(plain.leftOut)).toEqual(['Trash', 'Junk']);
    expect(paths(serverSearchFolders(dovecot, 'trash', false).search)).toEqual(['Trash']);
    expect(paths(serverSearchFolders(dovecot, 'trash', false).leftOut)).toEqual(['Junk']);
    expect(paths(serverSearchFolders(dovecot, 'junk', false).search)).toEqual(['Junk']);
    expect(paths(serverSearchFolders(dovecot, 'anywhere', false).search)).toEqual([
      'INBOX',
      'Sent',
      'Trash',
      'Junk',
      'Work',
    ]);
  });

  it('on Gmail searches All Mail alone for what its labels and Inbox hold', () => {
    expect(paths(serverSearchFolders(gmail, null, true).search)).toEqual(['[Gmail]/All Mail']);
    expect(paths(serverSearchFolders(gmail, 'anywhere', true).search)).toEqual([
      '[Gmail]/Trash',
      '[Gmail]/Spam',
      '[Gmail]/All Mail',
    ]);
    // The same folders on a server without X-GM-EXT-1 are searched one by one.
    expect(paths(serverSearchFolders(gmail, null, false).search)).toHaveLength(4);
  });
});
