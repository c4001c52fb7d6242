import { Inbox, MessagesSquare, PanelLeft, SearchX, Send, SquarePen } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Client } from '../../shared/ipc/client';
import { DraftsList } from '../compose/drafts-list';
import { OutboxBadge, OutboxFailureNotice, useOutboxAttention } from '../compose/outbox-attention';
import { OutboxView } from '../compose/outbox-view';
import { useCompose } from '../compose/use-compose';
import type { ListView } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { useAppSettings } from '../settings/settings-context';
import { IconButton } from '../ui/icon-button';
import { DeleteConfirmation } from './delete-confirmation';
import { EngineStateBanner } from './engine-state-banner';
import { FolderExportNotice, useFolderExport } from './folder-export';
import { FolderList } from './folder-list';
import { folderLabel } from './folder-names';
import { ListActionsMenu } from './list-actions-menu';
import './mail-panes.css';
import { MessageList } from './message-list';
import { ReadingPane } from './reading-pane';
import { cyclePanes } from './panes';
import { recipientFolderRoles } from './row-people';
import { ShortcutsHelp } from './shortcuts-help';
import { SearchBox, type SearchScope } from './search-box';
import { SyncStatusLine, useSyncStatuses } from './sync-status';
import { UndoToast } from './undo-toast';
import { useFolders } from './use-folders';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';
import { useMailList } from './use-mail-list';
import { useMessageActions } from './use-message-actions';
import { useNewMailNotifications } from './use-new-mail-notifications';
// Selection and bulk actions (issue 14)
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FolderContextMenu } from './folder-context-menu';
import { rowSelectionBinding } from './row-context-menu';
import { MarkAllReadButton, SelectAllCheckbox, SelectionToolbar } from './selection-toolbar';
import { useBulkActions } from './use-bulk-actions';
import { useListSelection } from './use-list-selection';

interface Selection {
  viewKey: string;
  /** The selected message once its row is loaded; the index alone until then. */
  id: number | null;
  index: number;
}

/** Folders, message list and reading pane; `aside` takes the reading pane's place while shown. */
export function MailPanes({
  client,
  accounts,
  account,
  aside,
}: {
  client: Client;
  accounts: AccountSummary[];
  account: AccountSummary;
  aside: ReactNode;
}) {
  const { folders, error: foldersError, reload: reloadFolders } = useFolders(client);
  const [base, setBase] = useState<ListView>({ kind: 'unified-inbox' });
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<SearchScope>('here');
  const [serverNote, setServerNote] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [outboxShown, setOutboxShown] = useState(false);
  // Narrow windows show the folders only on request, over the list.
  const [foldersShown, setFoldersShown] = useState(false);
  const [showingHelp, setShowingHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const readingRef = useRef<HTMLDivElement>(null);
  const statuses = useSyncStatuses(client);
  useNewMailNotifications(client);
  const compose = useCompose(client, accounts);
  const outboxAttention = useOutboxAttention(client);

  // Choosing another account in the accounts list shows its Inbox.
  const shownAccount = useRef(account.id);
  useEffect(() => {
    if (shownAccount.current === account.id || !folders) return;
    const inbox = folders.find((f) => f.accountId === account.id && f.role === 'inbox');
    if (!inbox) return;
    shownAccount.current = account.id;
    setBase({ kind: 'folder', folderId: inbox.id });
  }, [account.id, folders]);

  // A folder that went away (its account signed out) gives way to the Unified Inbox.
  useEffect(() => {
    if (base.kind === 'folder' && folders && !folders.some((f) => f.id === base.folderId)) {
      setBase({ kind: 'unified-inbox' });
    }
  }, [base, folders]);

  const recipientFolders = new Set(
    (folders ?? []).filter((f) => f.role !== null && recipientFolderRoles.has(f.role)).map((f) => f.id),
  );
  const baseFolder = base.kind === 'folder' ? folders?.find((f) => f.id === base.folderId) : undefined;
  const view: ListView = query
    ? {
        kind: 'search',
        query,
        ...(scope === 'here' && baseFolder ? { accountId: baseFolder.accountId, folderId: baseFolder.id } : {}),
      }
    : base;
  const viewKey = JSON.stringify(view);
  const baseLabel = base.kind === 'unified-inbox' ? 'Unified Inbox' : baseFolder ? folderLabel(baseFolder) : 'Messages';
  const label = query ? `Search results for ${query}` : baseLabel;

  // The app settings own conversationView: the toggle here and the Settings dialog change the same value.
  const { settings, loaded: settingsLoaded, change: changeSettings } = useAppSettings();
  const pages = useMailList(client, view, settings.conversationView);
  const actions = useMessageActions(client, pages, folders);
  const folderExport = useFolderExport(client, baseFolder && !query ? baseFolder.id : null, baseLabel);
  const count = pages.count;

  const current = selection?.viewKey === viewKey ? selection : null;
  const clamp = (index: number) => Math.min(Math.max(index, 0), count - 1);
  const selectedIndex =
    current && count > 0 ? ((current.id === null ? null : pages.indexOf(current.id)) ?? clamp(current.index)) : null;
  const selectedRow = (selectedIndex !== null && pages.rowAt(selectedIndex)) || null;

  // ---- selection and bulk actions ----
  const listSelection = useListSelection(
    client,
    pages,
    view,
    selectedIndex === null ? null : { index: selectedIndex, id: selectedRow?.id ?? null },
  );
  const bulk = useBulkActions(client, pages, actions.show, listSelection.forget);
  /** Runs a list action on the selection when several rows are selected, else on the current row. */
  const onSelection = (several: (ids: number[]) => unknown, one: () => void) => () => {
    if (listSelection.several) void listSelection.idsFor().then(several);
    else one();
  };
  const markAllReadFolders = baseFolder ? [baseFolder] : (folders ?? []).filter((f) => f.role === 'inbox');
  const replyTo = (mode: 'reply' | 'replyAll' | 'forward', messageId: number) => compose.start({ mode, messageId });
  const rowSelection = rowSelectionBinding({
    folders: folders ?? [],
    selection: listSelection,
    bulk,
    onReply: replyTo,
  });
  // ---- end of selection and bulk actions ----

  const select = (index: number) => {
    if (count === 0) return;
    const at = clamp(index);
    setSelection({ viewKey, id: pages.rowAt(at)?.id ?? null, index: at });
    setFocusRequest((n) => n + 1);
  };
  /** Shift+J and Shift+K: the current row moves by `step` and the selection runs from its anchor to it. */
  const extendBy = (step: number) => {
    if (selectedIndex === null) return select(0);
    const next = clamp(selectedIndex + step);
    listSelection.extendTo(next);
    select(next);
  };
  const withSelected = (run: (row: NonNullable<typeof selectedRow>) => void) => () => {
    if (selectedRow) run(selectedRow);
  };

  // While "Delete forever?" is asked, letters are for the dialog, not the list.
  const shortcuts = {
    next: () => select(selectedIndex === null ? 0 : selectedIndex + 1),
    previous: () => select(selectedIndex === null ? 0 : selectedIndex - 1),
    open: () => readingRef.current?.focus(),
    back: () => setFocusRequest((n) => n + 1),
    archive: onSelection(
      (ids) => bulk.archive(ids),
      withSelected((row) => void actions.archive(row)),
    ),
    delete: onSelection(
      (ids) => bulk.remove(ids, baseFolder?.role === 'trash' && !query),
      withSelected((row) => actions.remove(row)),
    ),
    star: onSelection(
      (ids) => bulk.setFlags(ids, { flagged: listSelection.loadedRows().some((row) => !row.flagged) }),
      withSelected((row) => void actions.setFlags(row, { flagged: !row.flagged })),
    ),
    markRead: onSelection(
      (ids) => bulk.setFlags(ids, { unread: false }),
      withSelected((row) => void actions.setFlags(row, { unread: false })),
    ),
    markUnread: onSelection(
      (ids) => bulk.setFlags(ids, { unread: true }),
      withSelected((row) => void actions.setFlags(row, { unread: true })),
    ),
    toggleSelect: () => listSelection.toggleCurrent(),
    extendNext: () => extendBy(1),
    extendPrevious: () => extendBy(-1),
    search: () => searchRef.current?.focus(),
    compose: () => compose.start({ mode: 'new', accountId: account.id }),
    reply: withSelected((row) => compose.start({ mode: 'reply', messageId: row.id })),
    replyAll: withSelected((row) => compose.start({ mode: 'replyAll', messageId: row.id })),
    forward: withSelected((row) => compose.start({ mode: 'forward', messageId: row.id })),
    undo: () => {
      const undo = actions.toast?.onUndo ?? compose.undoSend;
      if (!undo) return;
      undo();
      if (actions.toast?.onUndo) actions.dismiss();
    },
    help: () => setShowingHelp(true),
    nextPane: () => cyclePanes(1),
    previousPane: () => cyclePanes(-1),
  };
  // While a composer is open, letters are for it; so they are for "Delete forever?" while it asks.
  useKeyboardShortcuts(
    actions.confirmingDelete || bulk.confirmingDelete || showingHelp || compose.openDraftId !== null ? {} : shortcuts,
  );

  const openFolder = (next: ListView) => {
    setBase(next);
    setSelection(null);
    setOutboxShown(false);
    setFoldersShown(false);
  };

  const changeQuery = (next: string) => {
    setQuery(next);
    setServerNote(null);
  };
  const searchServer =
    baseFolder && query
      ? async () => {
          setServerNote('Searching on the server…');
          try {
            const found = await client.call('mail.searchServer', {
              accountId: baseFolder.accountId,
              folderId: baseFolder.id,
              query,
            });
            setServerNote(`${found.total.toLocaleString()} found on the server.`);
            pages.refresh();
          } catch (reason) {
            setServerNote((reason as Error).message);
          }
        }
      : null;

  return (
    <div className="mail-panes" data-folders={foldersShown ? 'shown' : 'collapsed'}>
      <div
        id="folder-column"
        className="folder-column"
        onKeyDown={(event) => event.key === 'Escape' && setFoldersShown(false)}
      >
        <button
          type="button"
          className="compose-button"
          onClick={() => compose.start({ mode: 'new', accountId: account.id })}
        >
          <SquarePen size={18} aria-hidden="true" />
          Compose
        </button>
        <button
          type="button"
          className="folder"
          aria-current={outboxShown}
          onClick={() => {
            setOutboxShown(true);
            setFoldersShown(false);
          }}
        >
          <Send className="folder-icon" size={16} strokeWidth={1.75} aria-hidden="true" />
          <span className="folder-name">Outbox</span>
          <OutboxBadge count={outboxAttention.count} />
        </button>
        <DraftsList client={client} openDraftId={compose.openDraftId} onResume={compose.resume} />
        <FolderList
          accounts={accounts}
          folders={folders}
          error={foldersError}
          view={base}
          onSelect={openFolder}
          onRetry={reloadFolders}
          wrapFolder={(folder, button) => (
            <FolderContextMenu
              folder={folder}
              onOpen={() => openFolder({ kind: 'folder', folderId: folder.id })}
              onMarkAllRead={() => void bulk.markAllRead([folder])}
              onDropMessages={(ids) => void bulk.move(ids, folder)}
            >
              {button}
            </FolderContextMenu>
          )}
        />
      </div>
      {outboxShown && <OutboxView client={client} onEdit={compose.resume} />}
      <section className="list-pane" id="message-list-pane" aria-label="Message list" hidden={outboxShown}>
        <SearchBox
          inputRef={searchRef}
          scope={scope}
          scopeLabel={baseFolder ? baseLabel : null}
          onQuery={changeQuery}
          onScope={setScope}
          onSearchServer={searchServer && (() => void searchServer())}
          serverSearch={serverNote}
        />
        <EngineStateBanner client={client} />
        <SyncStatusLine client={client} accounts={accounts} statuses={statuses} />
        <div className="list-header">
          <IconButton
            label="Show folders"
            icon={PanelLeft}
            className="folders-toggle"
            aria-expanded={foldersShown}
            aria-controls="folder-column"
            onClick={() => setFoldersShown((shown) => !shown)}
          />
          <SelectAllCheckbox selection={listSelection} />
          <h2 className="list-heading" title={label}>
            {label}
          </h2>
          {!query && <MarkAllReadButton folders={markAllReadFolders} bulk={bulk} />}
          {/* One row per conversation or per message (the conversationView setting). */}
          <IconButton
            label="Group by conversation"
            icon={MessagesSquare}
            className="conversation-toggle"
            aria-pressed={settings.conversationView}
            disabled={!settingsLoaded}
            // A refusal shows as the settings problem above the app.
            onClick={() => void changeSettings({ conversationView: !settings.conversationView }).catch(() => undefined)}
          />
          <ListActionsMenu folderExport={folderExport} />
        </div>
        <FolderExportNotice notice={folderExport?.notice ?? null} />
        {listSelection.several && (
          <SelectionToolbar
            selection={listSelection}
            bulk={bulk}
            folders={folders ?? []}
            accountId={baseFolder?.accountId ?? (base.kind === 'unified-inbox' && !query ? null : account.id)}
            folderId={query ? null : (baseFolder?.id ?? null)}
          />
        )}
        {pages.error && (
          <p role="alert" className="list-state">
            {pages.error}{' '}
            <button type="button" className="secondary small" onClick={() => pages.refresh()}>
              Retry
            </button>
          </p>
        )}
        {pages.total === null && !pages.error && <p className="list-state quiet loading-line">Loading messages…</p>}
        {pages.total !== null && count === 0 && (
          <div className="list-state empty-state">
            {query ? (
              <SearchX size={36} strokeWidth={1.25} aria-hidden="true" />
            ) : (
              <Inbox size={36} strokeWidth={1.25} aria-hidden="true" />
            )}
            <p>{query ? `No messages match “${query}”.` : `No messages in ${baseLabel}.`}</p>
          </div>
        )}
        <MessageList
          pages={pages}
          label={label}
          selectedIndex={selectedIndex}
          focusRequest={focusRequest}
          onSelect={select}
          onOpen={() => readingRef.current?.focus()}
          showsRecipients={(row) => recipientFolders.has(row.folderId)}
          selection={rowSelection}
        />
      </section>
      <div className="reading-column" id="reading-pane" hidden={outboxShown}>
        {aside ?? (
          <ReadingPane
            client={client}
            row={selectedRow}
            pages={pages}
            folders={folders ?? []}
            actions={actions}
            bodyRef={readingRef}
            onReply={(mode, messageId) => compose.start({ mode, messageId })}
            onEditDraft={compose.editServerDraft}
          />
        )}
      </div>
      {compose.view}
      <UndoToast toast={actions.toast} onDismiss={actions.dismiss} />
      <OutboxFailureNotice
        // The Outbox itself says as much, with the actions.
        notice={outboxShown ? null : outboxAttention.notice}
        onOpenOutbox={() => setOutboxShown(true)}
        onDismiss={outboxAttention.dismiss}
      />
      {actions.confirmingDelete && (
        <DeleteConfirmation onConfirm={actions.confirmDelete} onCancel={actions.cancelDelete} />
      )}
      {bulk.confirmingDelete && (
        <ConfirmDialog
          title="Delete forever?"
          actions={[{ label: 'Delete forever', tone: 'danger', onSelect: bulk.confirmDelete }]}
          onCancel={bulk.cancelDelete}
        >
          <p>
            These {bulk.confirmingDelete.length.toLocaleString()} messages are in Trash. Deleting them here removes them
            for good; it cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {showingHelp && <ShortcutsHelp onClose={() => setShowingHelp(false)} />}
    </div>
  );
}
