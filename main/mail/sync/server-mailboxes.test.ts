import type { ListResponse } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { StoredMailbox } from '../store/mail-store-types';
import { foldersWorthSyncing, syncOrder, toServerMailbox } from './server-mailboxes';

const listed = (path: string, flags: string[], specialUse?: string): ListResponse => ({
  path,
  pathAsListed: path,
  name: path.split('/').pop() ?? path,
  delimiter: '/',
  parent: [],
  parentPath: '',
  flags: new Set(flags),
  specialUse,
  listed: true,
  subscribed: true,
});

describe('folders as the server lists them', () => {
  it('takes roles from SPECIAL-USE and INBOX by name', () => {
    expect(toServerMailbox(listed('INBOX', []))).toMatchObject({ role: 'inbox', selectable: true });
    expect(toServerMailbox(listed('Sent Items', ['\\Sent'], '\\Sent'))).toMatchObject({ role: 'sent' });
    expect(toServerMailbox(listed('Projects', []))).toMatchObject({ role: null, name: 'Projects', delimiter: '/' });
  });

  it('leaves out Important and Starred where All Mail already holds their messages', () => {
    const gmail = [
      listed('INBOX', []),
      listed('[Gmail]/All Mail', ['\\All'], '\\All'),
      listed('[Gmail]/Important', ['\\Important']),
      listed('[Gmail]/Starred', ['\\Flagged'], '\\Flagged'),
      listed('Work', []),
    ];
    expect(foldersWorthSyncing(gmail).map((entry) => entry.path)).toEqual(['INBOX', '[Gmail]/All Mail', 'Work']);
    const withoutAllMail = [listed('INBOX', []), listed('Flagged', ['\\Flagged'], '\\Flagged')];
    expect(foldersWorthSyncing(withoutAllMail)).toEqual(withoutAllMail);
  });

  it('marks containers that cannot be opened', () => {
    expect(toServerMailbox(listed('Lists', ['\\Noselect', '\\HasChildren'])).selectable).toBe(false);
  });

  it('syncs the Inbox first, then the named folders, and skips containers', () => {
    const stored = (id: number, path: string, role: StoredMailbox['role'], selectable = true): StoredMailbox => ({
      id,
      accountId: 'a',
      path,
      name: path,
      delimiter: '/',
      role,
      selectable,
      uidValidity: null,
      uidNext: null,
      highestModseq: null,
      syncedDownToUid: null,
      serverCount: 0,
    });
    const order = syncOrder([
      stored(1, 'Zeta', null),
      stored(2, 'Trash', 'trash'),
      stored(3, 'INBOX', 'inbox'),
      stored(4, 'Lists', null, false),
      stored(5, 'Sent', 'sent'),
      stored(6, 'Alpha', null),
    ]);
    expect(order.map((m) => m.path)).toEqual(['INBOX', 'Sent', 'Trash', 'Alpha', 'Zeta']);
  });
});
