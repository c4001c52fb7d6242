import type { FolderRole } from '../../../shared/mail-models';
import type { StoredMailbox } from './mail-store-types';

export interface MailboxRow {
  id: number;
  account_id: string;
  path: string;
  name: string;
  delimiter: string | null;
  role: FolderRole | null;
  selectable: number;
  uid_validity: number | null;
  uid_next: number | null;
  highest_modseq: number | null;
  synced_down_to_uid: number | null;
  server_count: number;
}

export function storedMailbox(row: MailboxRow): StoredMailbox {
  return {
    id: row.id,
    accountId: row.account_id,
    path: row.path,
    name: row.name,
    delimiter: row.delimiter,
    role: row.role,
    selectable: row.selectable === 1,
    uidValidity: row.uid_validity,
    uidNext: row.uid_next,
    highestModseq: row.highest_modseq,
    syncedDownToUid: row.synced_down_to_uid,
    serverCount: row.server_count,
  };
}
