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
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ComposeMode } from '../../shared/compose-models';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary, MessageRow } from '../../shared/mail-models';
import { ServerDraftBar } from '../compose/server-draft-bar';
import { IconButton } from '../ui/icon-button';
import { folderLabel } from './folder-names';
import type { MailListPages } from './mail-list-pages';
import { ConversationStack } from './message-view/conversation-stack';
import { MessageView } from './message-view/message-view';
import { useOpenedMessage } from './message-view/use-opened-message';
import { targetMessageIds, type ActionTarget, type MessageActions } from './use-message-actions';

/**
 * The conversation of a list row, oldest first: across the account's folders for a conversation's
 * row, the row's message alone otherwise. Read again when mail of the account changes, so a reply
 * that arrives joins the stack.
 */
function useConversation(client: Client, row: MessageRow | null) {
  const [loaded, setLoaded] = useState<{ key: string; messages: MessageRow[] } | null>(null);
  const grouped = !!row?.conversation;
  const threadId = row?.threadId;
  const accountId = row?.accountId;
  const folderId = row?.folderId;
  const key = `${accountId}:${threadId}:${folderId}`;
  const [version, setVersion] = useState(0);
  // While a sync stores mail, changes come faster than answers: a newer answer wins, but an
  // answer is not dropped just because another question followed it.
  const asked = useRef(0);
  const applied = useRef(0);

  useEffect(
    () =>
      client.on('mail.changed', (change) => {
        if (change.accountId === accountId) setVersion((n) => n + 1);
      }),
    [client, accountId],
  );

  useEffect(() => {
    if (!grouped || threadId === undefined || !accountId) return;
    const question = ++asked.current;
    client.call('mail.conversation', { threadId, accountId, folderId }).then(
      (conversation) => {
        if (question < applied.current) return;
        applied.current = question;
        setLoaded({ key, messages: conversation.messages });
      },
      () => undefined,
    );
  }, [client, grouped, threadId, accountId, folderId, key, version]);

  if (!row) return [];
  // Until its conversation is read, a row's newest message stands for it.
  return grouped && loaded?.key === key && loaded.messages.length > 0 ? loaded.messages : [row];
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

/** The selected row: the actions on it, then its conversation as a stack of messages. */
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

  // Messages acted on a moment ago leave the stack before the store catches up.
  const messages = conversation.filter((message) => !pages.hides(message.id));
  const rowIds = targetMessageIds(row);
  const markRowRead = () => pages.patch(row.id, { unread: false });
  // The conversation's subject is its first message's (replies add their "Re:").
  const subject = (messages[0] ?? row).subject.trim();

  return (
    <section className="reading-pane" aria-label="Reading pane">
      <ActionBar target={row} folders={folders} actions={actions} onReply={onReply} />
      {folders.find((folder) => folder.id === row.folderId)?.role === 'drafts' && (
        <ServerDraftBar onEdit={() => onEditDraft(row.id)} />
      )}
      <div ref={bodyRef} className="reading-body" tabIndex={-1}>
        {messages.length > 1 ? (
          <>
            <h2 className="conversation-subject">{subject === '' ? '(no subject)' : subject}</h2>
            <ConversationStack
              key={row.conversation ? `t${row.threadId}` : `m${row.id}`}
              client={client}
              messages={messages}
              rowIds={rowIds}
              actions={actions}
              onReply={onReply}
              // Opening marks messages read on the main side; the row shows it once all of them are.
              onRowRead={markRowRead}
            />
          </>
        ) : (
          <SingleMessage key={row.id} client={client} messageId={row.id} onOpened={markRowRead} />
        )}
      </div>
    </section>
  );
}

/** A conversation of one message: the message with its subject and addresses. */
function SingleMessage({ client, messageId, onOpened }: { client: Client; messageId: number; onOpened: () => void }) {
  const { detail, error, retry } = useOpenedMessage(client, messageId, onOpened);
  if (error) {
    return (
      <p role="alert">
        {error}{' '}
        <button type="button" className="secondary small" onClick={retry}>
          Retry
        </button>
      </p>
    );
  }
  return detail ? (
    <MessageView client={client} detail={detail} />
  ) : (
    <p className="quiet loading-line">Opening the message…</p>
  );
}
