import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis, Forward, Mail, MailOpen, Reply, ReplyAll, Star, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import type { Client } from '../../../shared/ipc/client';
import type { MessageDetail, MessageRow } from '../../../shared/mail-models';
import { formatFullDate } from '../../../shared/readable-dates';
import { Avatar } from '../../ui/avatar';
import { IconButton } from '../../ui/icon-button';
import { formatListDate } from '../list-date';
import type { ReplyMode } from '../reading-pane';
import type { MessageActions } from '../use-message-actions';
import { AddressLine } from './message-header';
import { MessageView } from './message-view';
import { allRowMessagesRead, expandedMessages } from './stack-expansion';
import { useOpenedMessage } from './use-opened-message';

const senderName = (message: Pick<MessageRow, 'from'>) => message.from.name.trim() || message.from.address;

interface StackProps {
  client: Client;
  /** The conversation's messages, oldest first. */
  messages: MessageRow[];
  /** The list row the conversation was opened from: its messages in the folder. */
  rowIds: readonly number[];
  actions: MessageActions;
  onReply: (mode: ReplyMode, messageId: number) => void;
  /** Every unread message of the row has been opened (and so marked read). */
  onRowRead: () => void;
}

/**
 * A conversation of two or more messages as a stack, oldest first: read ones collapsed to a line (sender,
 * snippet, date), unread ones and the newest expanded with their own actions. A line opens its
 * message; a message's header folds it back.
 */
export function ConversationStack({ client, messages, rowIds, actions, onReply, onRowRead }: StackProps) {
  const [{ shown, expanded }, setState] = useState({ shown: new Set<number>(), expanded: new Set<number>() });
  const opened = useRef(new Set<number>());
  // Messages that join (a reply arriving) open by the same rule as the first ones.
  if (messages.some((message) => !shown.has(message.id))) {
    setState({
      shown: new Set(messages.map((message) => message.id)),
      expanded: expandedMessages(messages, shown, expanded),
    });
  }

  const toggle = (id: number) =>
    setState((current) => {
      const next = new Set(current.expanded);
      if (!next.delete(id)) next.add(id);
      return { ...current, expanded: next };
    });
  const markOpened = (detail: MessageDetail) => {
    opened.current.add(detail.id);
    if (allRowMessagesRead(messages, rowIds, opened.current)) onRowRead();
  };

  return (
    <ol className="conversation-stack" aria-label={`Conversation, ${messages.length} messages`}>
      {messages.map((message) =>
        expanded.has(message.id) ? (
          <li key={message.id} className="stack-item expanded">
            <ExpandedMessage
              client={client}
              message={message}
              actions={actions}
              onReply={onReply}
              onCollapse={() => toggle(message.id)}
              onOpened={markOpened}
            />
          </li>
        ) : (
          <li key={message.id} className="stack-item">
            <button
              type="button"
              className={message.unread ? 'stack-line unread' : 'stack-line'}
              aria-expanded={false}
              onClick={() => toggle(message.id)}
            >
              <Avatar person={message.from} />
              <span className="stack-line-from">{senderName(message)}</span>
              <span className="stack-line-snippet">{message.snippet}</span>
              <span className="stack-line-date">{formatListDate(message.date)}</span>
            </button>
          </li>
        ),
      )}
    </ol>
  );
}

function ExpandedMessage({
  client,
  message,
  actions,
  onReply,
  onCollapse,
  onOpened,
}: {
  client: Client;
  message: MessageRow;
  actions: MessageActions;
  onReply: (mode: ReplyMode, messageId: number) => void;
  onCollapse: () => void;
  onOpened: (detail: MessageDetail) => void;
}) {
  const { detail, error, retry } = useOpenedMessage(client, message.id, onOpened);
  // What the person did here a moment ago, before the store's copy of the conversation catches up.
  const [flags, setFlags] = useState<{ unread?: boolean; flagged?: boolean }>({});
  const unread = flags.unread ?? (detail ? detail.unread : message.unread);
  const flagged = flags.flagged ?? message.flagged;
  const target = { ...message, unread, flagged, conversation: undefined, inList: false as const };
  const change = (next: { unread?: boolean; flagged?: boolean }) => {
    setFlags((current) => ({ ...current, ...next }));
    void actions.setFlags(target, next);
  };

  const name = senderName(message);
  const header = (
    <header className="stack-header">
      <button type="button" className="stack-sender" aria-expanded={true} onClick={onCollapse}>
        <Avatar person={message.from} />
        <span className="stack-sender-name">{name}</span>
        {message.from.name.trim() !== '' && <span className="stack-sender-address">{message.from.address}</span>}
      </button>
      {message.date !== null && (
        <time className="stack-date" dateTime={new Date(message.date).toISOString()}>
          {formatFullDate(message.date)}
        </time>
      )}
      {onCollapse !== null && (
        <div className="stack-actions" role="group" aria-label={`Actions for the message from ${name}`}>
          <IconButton label="Reply" icon={Reply} onClick={() => onReply('reply', message.id)} />
          <IconButton label="Forward" icon={Forward} onClick={() => onReply('forward', message.id)} />
          <IconButton label="Delete" icon={Trash2} onClick={() => actions.remove(target)} />
          <DropdownMenu.Root>
            <DropdownMenu.Trigger asChild>
              <IconButton label="More actions" icon={Ellipsis} />
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
                <DropdownMenu.Item className="menu-item" onSelect={() => onReply('replyAll', message.id)}>
                  <ReplyAll size={16} aria-hidden="true" />
                  <span className="menu-item-label">Reply all</span>
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => change({ unread: !unread })}>
                  {unread ? <MailOpen size={16} aria-hidden="true" /> : <Mail size={16} aria-hidden="true" />}
                  <span className="menu-item-label">{unread ? 'Mark as read' : 'Mark as unread'}</span>
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item" onSelect={() => change({ flagged: !flagged })}>
                  <Star size={16} aria-hidden="true" />
                  <span className="menu-item-label">{flagged ? 'Remove star' : 'Star'}</span>
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        </div>
      )}
      {detail && (
        <dl className="stack-recipients">
          <AddressLine label="To" addresses={detail.to} />
          <AddressLine label="Cc" addresses={detail.cc} />
        </dl>
      )}
    </header>
  );

  if (!detail) {
    return (
      <div className="stack-message">
        {header}
        {error ? (
          <p role="alert">
            {error}{' '}
            <button type="button" className="secondary small" onClick={retry}>
              Retry
            </button>
          </p>
        ) : (
          <p className="quiet loading-line">Opening the message…</p>
        )}
      </div>
    );
  }
  return (
    <div className="stack-message">
      <MessageView client={client} detail={detail} header={header} label={`Message from ${name}`} />
    </div>
  );
}
