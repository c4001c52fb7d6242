import type { FolderSummary, ListView } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { Layers } from 'lucide-react';
import type { ReactElement, ReactNode } from 'react';
import { FolderIcon } from './folder-icon';
import { folderLabel } from './folder-names';

function Count({ unread }: { unread: number }) {
  if (unread === 0) return null;
  return (
    <>
      <span className="folder-unread" aria-hidden="true">
        {unread.toLocaleString()}
      </span>
      <span className="visually-hidden">, {unread.toLocaleString()} unread</span>
    </>
  );
}

export function FolderList({
  accounts,
  folders,
  error,
  view,
  onSelect,
  onRetry,
  wrapFolder = (_folder, button) => button,
}: {
  accounts: AccountSummary[];
  folders: FolderSummary[] | null;
  error: string | null;
  view: ListView;
  onSelect: (view: ListView) => void;
  onRetry: () => void;
  /** Adds to a folder's button (its context menu, dropping messages on it). */
  wrapFolder?: (folder: FolderSummary, button: ReactElement) => ReactNode;
}) {
  const unifiedUnread = (folders ?? []).filter((folder) => folder.role === 'inbox').reduce((n, f) => n + f.unread, 0);
  const current = (candidate: ListView) =>
    candidate.kind === view.kind &&
    (candidate.kind !== 'folder' || view.kind !== 'folder' || candidate.folderId === view.folderId);

  return (
    <nav className="folder-list" aria-label="Folders">
      <ul>
        <li>
          <button
            type="button"
            className="folder"
            aria-current={current({ kind: 'unified-inbox' })}
            onClick={() => onSelect({ kind: 'unified-inbox' })}
          >
            <Layers className="folder-icon" size={16} strokeWidth={1.75} aria-hidden="true" />
            <span className="folder-name">Unified Inbox</span>
            <Count unread={unifiedUnread} />
          </button>
        </li>
      </ul>
      {error && (
        <p role="alert">
          {error}{' '}
          <button type="button" className="secondary" onClick={onRetry}>
            Retry
          </button>
        </p>
      )}
      {folders === null && !error && <p className="quiet">Loading folders…</p>}
      {accounts.map((account) => {
        const own = (folders ?? []).filter((folder) => folder.accountId === account.id);
        if (own.length === 0) return null;
        return (
          <section key={account.id} aria-label={account.email}>
            <h3 className="folder-account">{account.email}</h3>
            <ul>
              {own.map((folder) => {
                const target: ListView = { kind: 'folder', folderId: folder.id };
                return (
                  <li key={folder.id}>
                    {wrapFolder(
                      folder,
                      <button
                        type="button"
                        className="folder"
                        style={{ paddingInlineStart: `${10 + folder.depth * 14}px` }}
                        aria-current={current(target)}
                        onClick={() => onSelect(target)}
                      >
                        <FolderIcon role={folder.role} />
                        <span className="folder-name">{folderLabel(folder)}</span>
                        <Count unread={folder.unread} />
                      </button>,
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
