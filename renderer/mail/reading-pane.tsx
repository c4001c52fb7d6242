import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import {
  Archive,
  ChevronRight,
  Ellipsis,
  FolderInput,
  Forward,
  Mail,
  MailOpen,
  Reply,
  ReplyAll,
  Star,
  Trash2,
} from 'lucide-react';
import { useEffect, useState, type RefObject } from 'react';
import type { ComposeMode } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary, MessageDetail, MessageRow } from '../../shared/mail-models';
import { ServerDraftBar } from '../compose/server-draft-bar';
import { IconButton } from '../ui/icon-button';
import { folderLabel } from './folder-names';
import { formatListDate } from './list-date';
import type { MailListPages } from './mail-list-pages';
import { MessageView } from './message-view/message-view';
import type { ActionTarget, MessageActions } from './use-message-actions';

function useOpenedMessage(client: Client, messageId: number | null, pages: MailListPages) {
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setDetail(null);
    setError(null);
    if (messageId === null) return;
    let current = true;
    client.call('mail.open', { messageId }).then(
      (opened) => {
        if (!current) return;
        setDetail(opened);
        // Opening marks the message read on the main side; show it in the list now.
        pages.patch(opened.id, { unread: false });
      },
      (reason: Error) => current && setError(reason.message),
    );
    return () => {
      current = false;
    };
  }, [client, messageId, pages, attempt]);

  return { detail, error, retry: () => setAttempt((n) => n + 1) };
}

function useConversation(client: Client, row: MessageRow | null) {
  const [messages, setMessages] = useState<MessageRow[]>([]);
  const threadId = row && row.threadCount > 1 ? row.threadId : null;
  const accountId = row?.accountId;

  useEffect(() => {
    setMessages([]);
    if (threadId === null || !accountId) return;
    let current = true;
    client.call('mail.conversation', { threadId, accountId }).then(
      (conversation) => current && setMessages(conversation.messages),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, threadId, accountId]);

  return messages;
}

export type ReplyMode = Exclude<ComposeMode, 'new'>;

function ActionBar({
  target,
  folders,
  actions,
  onReply,
}: {
  target: ActionTarget;
  folders: FolderSummary[];
  actions: MessageActions;
  onReply: (mode: ReplyMode, messageId: number) => void;
}) {
  const destinations = folders.filter((f) => f.accountId === target.accountId && f.id !== target.folderId);
  return (
    <div className="message-actions" role="group" aria-label="Message actions">
      <IconButton label="Reply" icon={Reply} onClick={() => onReply('reply', target.id)} />
      <IconButton label="Reply all" icon={ReplyAll} onClick={() => onReply('replyAll', target.id)} />
      <IconButton label="Forward" icon={Forward} onClick={() => onReply('forward', target.id)} />
      <span className="toolbar-separator" aria-hidden="true" />
      <IconButton label="Archive" icon={Archive} onClick={() => void actions.archive(target)} />
      <IconButton label="Delete" icon={Trash2} onClick={() => actions.remove(target)} />
      <IconButton
        label="Star"
        icon={Star}
        className="star-toggle"
        aria-pressed={target.flagged}
        onClick={() => void actions.setFlags(target, { flagged: !target.flagged })}
      />
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <IconButton label="More actions" icon={Ellipsis} />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
            <DropdownMenu.Item
              className="menu-item"
              onSelect={() => void actions.setFlags(target, { unread: !target.unread })}
            >
              {target.unread ? <MailOpen size={16} aria-hidden="true" /> : <Mail size={16} aria-hidden="true" />}
              <span className="menu-item-label">{target.unread ? 'Mark as read' : 'Mark as unread'}</span>
            </DropdownMenu.Item>
            <DropdownMenu.Sub>
              <DropdownMenu.SubTrigger className="menu-item" disabled={destinations.length === 0}>
                <FolderInput size={16} aria-hidden="true" />
                <span className="menu-item-label">Move to…</span>
                <ChevronRight size={16} aria-hidden="true" />
              </DropdownMenu.SubTrigger>
              <DropdownMenu.Portal>
                <DropdownMenu.SubContent className="menu scrolling" sideOffset={4}>
                  {destinations.map((folder) => (
                    <DropdownMenu.Item
                      key={folder.id}
                      className="menu-item"
                      style={{ paddingInlineStart: `${10 + folder.depth * 14}px` }}
                      onSelect={() => void actions.move(target, folder)}
                    >
                      <span className="menu-item-label">{folderLabel(folder)}</span>
                    </DropdownMenu.Item>
                  ))}
                </DropdownMenu.SubContent>
              </DropdownMenu.Portal>
            </DropdownMenu.Sub>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}

/** The selected message: its conversation, actions, and the message itself. */
export function ReadingPane({
  client,
  row,
  pages,
  folders,
  actions,
  bodyRef,
  onReply,
  onEditDraft,
}: {
  client: Client;
  row: MessageRow | null;
  pages: MailListPages;
  folders: FolderSummary[];
  actions: MessageActions;
  onReply: (mode: ReplyMode, messageId: number) => void;
  /** Opens a message of a Drafts folder in the composer. */
  onEditDraft: (messageId: number) => Promise<void>;
  /** Takes the focus when the person opens the message from the list. */
  bodyRef: RefObject<HTMLDivElement | null>;
}) {
  const [openedId, setOpenedId] = useState<number | null>(row?.id ?? null);
  useEffect(() => setOpenedId(row?.id ?? null), [row?.id]);
  const { detail, error, retry } = useOpenedMessage(client, openedId, pages);
  const conversation = useConversation(client, row);

  if (!row) {
    return (
      <section className="reading-pane empty" aria-label="Reading pane">
        <div className="empty-state">
          <MailOpen size={40} strokeWidth={1.25} aria-hidden="true" />
          <p>Select a message to read it.</p>
        </div>
      </section>
    );
  }

  // The list row carries the flags as changed a moment ago; a message of the conversation in
  // another folder has only what opening it said.
  const shownIndex = openedId === null ? null : pages.indexOf(openedId);
  const listed = shownIndex === null ? undefined : pages.rowAt(shownIndex);
  const target: ActionTarget | null = listed ?? detail;

  return (
    <section className="reading-pane" aria-label="Reading pane">
      {target && <ActionBar target={target} folders={folders} actions={actions} onReply={onReply} />}
      {target && folders.find((folder) => folder.id === target.folderId)?.role === 'drafts' && (
        <ServerDraftBar onEdit={() => onEditDraft(target.id)} />
      )}
      {conversation.length > 1 && (
        <nav className="conversation" aria-label="Conversation">
          <ol>
            {conversation.map((message) => (
              <li key={message.id}>
                <button
                  type="button"
                  className={message.unread ? 'conversation-item unread' : 'conversation-item'}
                  aria-current={message.id === openedId}
                  onClick={() => setOpenedId(message.id)}
                >
                  <span className="conversation-from">{message.from.name || message.from.address}</span>
                  <span className="conversation-snippet">{message.snippet}</span>
                  <span className="conversation-date">{formatListDate(message.date)}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {error && (
        <p role="alert">
          {error}{' '}
          <button type="button" className="secondary small" onClick={retry}>
            Retry
          </button>
        </p>
      )}
      {!detail && !error && <p className="quiet loading-line">Opening the message…</p>}
      <div ref={bodyRef} className="reading-body" tabIndex={-1}>
        {detail && <MessageView client={client} detail={detail} />}
      </div>
    </section>
  );
}
