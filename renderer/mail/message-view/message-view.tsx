import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { IpcError, type Client } from '../../../shared/ipc/client';
import type { MessageDetail } from '../../../shared/mail-models';
import { AttachmentList } from './attachment-list';
import { EventCard } from './event-card';
import { MessageFrame } from './message-frame';
import { MessageHeader } from './message-header';
import { MessageText } from './message-text';
import { EncryptedNotice, SignedMark } from './protection-notice';
import { RemoteContentBanner } from './remote-content-banner';
import { createMessageSanitizer, type MessageSanitizer } from './sanitize-html';
import { useRemoteImages } from './use-remote-images';
import './message-view.css';

let sanitizer: MessageSanitizer | undefined;

function sanitize(...args: Parameters<MessageSanitizer>) {
  sanitizer ??= createMessageSanitizer(window);
  return sanitizer(...args);
}

interface MessageViewProps {
  client: Client;
  detail: MessageDetail;
  /** In place of the subject and addresses (a message of a conversation stack has its own). */
  header?: ReactNode;
  label?: string;
}

function OpenedMessage({ client, detail, header, label = 'Message' }: MessageViewProps) {
  const [linkError, setLinkError] = useState<string | null>(null);
  const { html, inlineImages } = detail;
  const blocked = useMemo(
    () => (html === null ? [] : sanitize(html, { inlineImages }).remoteImages),
    [html, inlineImages],
  );
  const remote = useRemoteImages(client, detail.id, blocked, detail.remoteContentAllowed);
  const body = useMemo(
    () => (html === null ? null : sanitize(html, { inlineImages, loadedImages: remote.loaded })),
    [html, inlineImages, remote.loaded],
  );

  const openLink = useCallback(
    (url: string) => {
      setLinkError(null);
      client.call('links.open', { url }).catch((failure: unknown) => {
        setLinkError(failure instanceof IpcError ? failure.message : 'That link could not be opened.');
      });
    },
    [client],
  );

  const showBanner = blocked.length > 0 && (!remote.allowed || remote.loading || remote.error !== null);
  const { protection, event } = detail;
  const encrypted = protection?.kind === 'encrypted';
  const hasText = (detail.text ?? '').trim() !== '';

  return (
    <article className="message-view" aria-label={label}>
      {header ?? <MessageHeader detail={detail} />}
      {protection?.kind === 'signed' && <SignedMark protection={protection} />}
      {event !== null && <EventCard client={client} messageId={detail.id} event={event} />}
      {showBanner && (
        <RemoteContentBanner
          sender={detail.from.address}
          loading={remote.loading}
          error={remote.error}
          onLoadOnce={remote.loadOnce}
          onAlwaysLoad={remote.alwaysLoad}
        />
      )}
      {linkError !== null && <p role="alert">{linkError}</p>}
      {encrypted && <EncryptedNotice protection={protection} />}
      {body !== null ? (
        <MessageFrame html={body.html} onOpenLink={openLink} />
      ) : (
        (!encrypted || hasText) && <MessageText text={detail.text ?? ''} onOpenLink={openLink} />
      )}
      <AttachmentList client={client} messageId={detail.id} attachments={detail.attachments} />
    </article>
  );
}

/** One opened message: header, remote-content banner, the body (sandboxed HTML or text), attachments. */
export function MessageView(props: MessageViewProps) {
  return <OpenedMessage key={props.detail.id} {...props} />;
}
